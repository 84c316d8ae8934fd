package io.tom.monitoring.fleet;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.tom.monitoring.domain.StatsHash;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.Rawable;

/**
 * The scan's per-key reads, with arguments sent as they are: Jedis copies every {@code byte[]}
 * argument it is given and encodes every String, which a 50,000-device scan paid about 500,000
 * times. Keys are the bytes SCAN returned; the constant arguments are encoded once. For one node's
 * pipeline only: the key is not marked as a key, which a cluster pipeline would route by.
 */
final class UncopiedCommands {

    private static final Rawable[] STATS_FIELDS = StatsHash.FIELDS.stream()
            .map(UncopiedCommands::argument).toArray(Rawable[]::new);
    private static final Rawable PLUS_INFINITY = argument("+inf");

    private UncopiedCommands() {
    }

    /** A constant argument, encoded once. */
    static Rawable argument(String text) {
        return new Argument(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code HMGET key <StatsHash.FIELDS>}, the replies {@link StatsHash#decode} reads. */
    static Response<List<byte[]>> statsFields(Pipeline pipeline, byte[] key) {
        CommandArguments arguments = new CommandArguments(Protocol.Command.HMGET).add(new Argument(key));
        for (Rawable field : STATS_FIELDS) {
            arguments.add(field);
        }
        return pipeline.appendCommand(new CommandObject<>(arguments, BuilderFactory.BINARY_LIST));
    }

    /** {@code ZCOUNT key min +inf}. */
    static Response<Long> countFrom(Pipeline pipeline, byte[] key, Rawable min) {
        CommandArguments arguments = new CommandArguments(Protocol.Command.ZCOUNT).add(new Argument(key)).add(min)
                .add(PLUS_INFINITY);
        return pipeline.appendCommand(new CommandObject<>(arguments, BuilderFactory.LONG));
    }

    /** Bytes handed to Redis as they are; nothing modifies them once made. */
    private record Argument(byte[] bytes) implements Rawable {
        @Override
        public byte[] getRaw() {
            return bytes;
        }
    }
}
