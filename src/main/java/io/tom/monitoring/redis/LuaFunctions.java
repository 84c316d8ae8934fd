package io.tom.monitoring.redis;

/** Lua helpers the controller's scripts start with. */
public final class LuaFunctions {

    /** {@code fieldOf(reply, name)}: the value after {@code name} in a flat reply such as XINFO's, or nil. */
    public static final String FIELD_OF = """
            local function fieldOf(reply, name)
              for i = 1, #reply, 2 do
                if reply[i] == name then return reply[i + 1] end
              end
              return nil
            end
            """;

    private LuaFunctions() {
    }
}
