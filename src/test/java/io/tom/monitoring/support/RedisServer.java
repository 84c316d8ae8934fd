package io.tom.monitoring.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import redis.clients.jedis.RedisClient;

/**
 * A real {@code redis-server} of the test's own, on a free loopback port, that a test can stop,
 * restart on the same port, or freeze (SIGSTOP) to play an outage or a hung server.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final java.util.List<String> extraArguments;
    private Process process;

    private RedisServer(int port, Path dir, java.util.List<String> extraArguments) {
        this.port = port;
        this.dir = dir;
        this.extraArguments = extraArguments;
    }

    public static RedisServer startOnFreePort() {
        return startOnFreePort(new String[0]);
    }

    /** With extra redis-server arguments, such as {@code --requirepass secret}. */
    public static RedisServer startOnFreePort(String... extraArguments) {
        try {
            RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("tom-redis-"),
                    java.util.List.of(extraArguments));
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare a redis-server for the test", e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public RedisClient client() {
        return RedisClient.create("127.0.0.1", port);
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        String binary = ExternalTool.find("redis-server", "redis-server");
        try {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(binary, "--port",
                    String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                    dir.toString(), "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
            command.addAll(extraArguments);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + binary, e);
        }
        awaitPing();
    }

    /** Stops the server as a crash would: connections drop, the port refuses. */
    public synchronized void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Freezes the server: connections are accepted by the kernel but never answered. */
    public void freeze() {
        signal("STOP");
    }

    public void thaw() {
        signal("CONT");
    }

    @Override
    public void close() {
        thaw();
        stop();
        TempFiles.delete(dir);
    }

    private void signal(String name) {
        if (process == null) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot signal redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitPing() {
        Await.until(() -> {
            try (RedisClient client = client()) {
                return "PONG".equals(client.ping());
            } catch (redis.clients.jedis.exceptions.JedisDataException answered) {
                // a server with requirepass answers NOAUTH: it is up
                return true;
            }
        }, Duration.ofSeconds(10));
    }
}
