package io.tom.monitoring.http;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The Vert.x instance Camel's platform-http finds in the registry and builds its HTTP servers
 * with. Camel fills the server options itself and exposes neither client authentication, TLS
 * versions nor the connection handlers; this instance hands every {@code createHttpServer} call
 * to {@link HttpServerShape} first and passes everything else through unchanged.
 */
public final class ShapedVertx {

    private ShapedVertx() {
    }

    public static Vertx wrap(Vertx vertx, HttpServerShape shape) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> type = vertx.getClass(); type != null; type = type.getSuperclass()) {
            interfaces.addAll(Set.of(type.getInterfaces()));
        }
        return (Vertx) Proxy.newProxyInstance(Vertx.class.getClassLoader(), interfaces.toArray(Class<?>[]::new),
                (proxy, method, args) -> {
                    if (method.getName().equals("createHttpServer") && method.getReturnType() == HttpServer.class) {
                        HttpServerOptions options = args == null || args.length == 0 ? new HttpServerOptions()
                                : new HttpServerOptions((HttpServerOptions) args[0]);
                        shape.shapeOptions(options);
                        HttpServer server = vertx.createHttpServer(options);
                        shape.shapeServer(server);
                        return server;
                    }
                    try {
                        return method.invoke(vertx, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
