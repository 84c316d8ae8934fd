package io.tom.monitoring;

import java.util.Arrays;

import io.tom.monitoring.simulator.SimulateCommand;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar tom-monitoring.jar}: runs the controller until Ctrl-C;
 * {@code java -jar tom-monitoring.jar simulate ...}: drives a synthetic fleet into Redis.
 */
public final class TomMonitoringApplication {

    private static final Logger LOG = LoggerFactory.getLogger(TomMonitoringApplication.class);

    private TomMonitoringApplication() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && "simulate".equals(args[0])) {
            System.exit(SimulateCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0) {
            System.err.println("usage: java -jar tom-monitoring.jar            runs the controller");
            System.err.println("       java -jar tom-monitoring.jar simulate   drives a synthetic fleet (--help)");
            System.exit(2);
        }
        System.exit(run());
    }

    static int run() {
        Main main = new Main();
        main.configure().addConfiguration(TomMonitoringConfiguration.class);
        try {
            main.run();
            return Math.max(main.getExitCode(), 0);
        } catch (Throwable e) {
            LOG.error("Tom Monitoring failed to start: {}", describe(e));
            LOG.debug("Startup failure", e);
            return 1;
        }
    }

    /** The chain of causes in one line: route loading wraps the YAML error several times over. */
    static String describe(Throwable failure) {
        StringBuilder message = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (message.indexOf(text) < 0) {
                if (message.length() > 0) {
                    message.append(" <- caused by: ");
                }
                message.append(text);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return message.toString();
    }
}
