package io.tom.monitoring.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

import redis.clients.jedis.RedisClient;

/**
 * A real {@code redis-server} of the test's own, on a free loopback port, that a test can stop,
 * restart on the same port, or freeze (SIGSTOP) to play an outage or a hung server.
 */
public final class RedisServer implements AutoCloseable {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private final int port;
    private final int secondPort;
    private final Path dir;
    private final List<String> extraArguments;
    private Process process;

    private RedisServer(int port, int secondPort, Path dir, List<String> extraArguments) {
        this.port = port;
        this.secondPort = secondPort;
        this.dir = dir;
        this.extraArguments = extraArguments;
    }

    public static RedisServer startOnFreePort() {
        return startOnFreePort(new String[0]);
    }

    /** With extra redis-server arguments, such as {@code --requirepass secret}. */
    public static RedisServer startOnFreePort(String... extraArguments) {
        return startOnFreePorts(secondPort -> extraArguments);
    }

    /**
     * With extra arguments that name a second free port of the server's own (a {@code --tls-port}),
     * then {@link #secondPort()}. A port another process took between being found free and the
     * server binding it is tried again with new ports, not left to time out.
     */
    public static RedisServer startOnFreePorts(IntFunction<String[]> extraArguments) {
        PortTaken taken = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            RedisServer server;
            try {
                int port = freePort();
                int second = freePort();
                server = new RedisServer(port, second, Files.createTempDirectory("tom-redis-"),
                        List.of(extraArguments.apply(second)));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot prepare a redis-server for the test", e);
            }
            try {
                server.start();
                return server;
            } catch (PortTaken e) {
                server.close();
                taken = e;
            }
        }
        throw taken;
    }

    /**
     * A loopback port free now and never handed out before in this JVM: the kernel can give the
     * same free port to two calls in a row (about 1 in 20,000 pairs here), and a test that asked
     * for two ports would then start two servers on one.
     */
    public static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    public int port() {
        return port;
    }

    /** The second free port {@link #startOnFreePorts} named in the server's arguments. */
    public int secondPort() {
        return secondPort;
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
            List<String> command = new ArrayList<>(List.of(binary, "--port",
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
        Process started = process;
        Await.until(() -> !started.isAlive() || answersPing(), Duration.ofSeconds(30));
        if (!started.isAlive()) {
            process = null;
            String log = log();
            if (log.contains("Address already in use")) {
                throw new PortTaken(log);
            }
            throw new IllegalStateException("redis-server exited at start: " + log);
        }
    }

    private boolean answersPing() {
        try (RedisClient client = client()) {
            return "PONG".equals(client.ping());
        } catch (redis.clients.jedis.exceptions.JedisDataException answered) {
            // a server with requirepass answers NOAUTH: it is up
            return true;
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The server could not bind a port found free a moment before: another process took it. */
    private static final class PortTaken extends IllegalStateException {
        PortTaken(String log) {
            super("redis-server could not bind its port: " + log);
        }
    }
}
