package io.tom.monitoring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Names the signal that stops the controller process. Camel's own shutdown line guesses SIGTERM
 * for any shutdown (Ctrl-C, and a failed start, too), so it is silenced in log4j2.properties and
 * this says which signal came; the JVM's own handling (shutdown hooks, exit 130 or 143) follows.
 */
final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    static void install() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal signal = new Signal(name);
                sun.misc.SignalHandler[] jvmHandler = new sun.misc.SignalHandler[1];
                jvmHandler[0] = Signal.handle(signal, received -> {
                    LOG.info("SIG{} received: stopping (requests in flight finish first)", received.getName());
                    jvmHandler[0].handle(received);
                });
            } catch (IllegalArgumentException notHere) {
                // a JVM started with -Xrs, or a platform without this signal: the JVM's own handling stays
            }
        }
    }
}
