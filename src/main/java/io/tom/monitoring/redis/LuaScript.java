package io.tom.monitoring.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import redis.clients.jedis.commands.ScriptingKeyCommands;

/**
 * A Lua script of the controller's, from {@code src/main/resources/lua/<name>.lua}, read once, after
 * the helper files it uses (each defines local functions the script calls). The files' header
 * comments say what each takes in KEYS and ARGV and what it returns.
 */
public final class LuaScript {

    private final String name;
    private final String source;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
    }

    /** The script {@code name}, preceded by the helpers {@code helpers} (file names without .lua). */
    public static LuaScript load(String name, String... helpers) {
        StringBuilder source = new StringBuilder();
        for (String helper : helpers) {
            source.append(read(helper)).append('\n');
        }
        return new LuaScript(name, source.append(read(name)).toString());
    }

    public Object eval(ScriptingKeyCommands redis, List<String> keys, List<String> args) {
        return redis.eval(source, keys, args);
    }

    /** EVAL_RO: allowed to a Redis user with read-only access to the keys; the script must not write. */
    public Object evalReadonly(ScriptingKeyCommands redis, List<String> keys, List<String> args) {
        return redis.evalReadonly(source, keys, args);
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "lua/" + name + ".lua";
    }

    private static String read(String name) {
        String resource = "/lua/" + name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
