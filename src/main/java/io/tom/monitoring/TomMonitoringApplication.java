package io.tom.monitoring;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;

import io.tom.monitoring.simulator.SimulateCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar tom-monitoring.jar}: runs the controller until Ctrl-C;
 * {@code java -jar tom-monitoring.jar simulate ...}: drives a synthetic fleet into Redis.
 */
@Command(name = "tom-monitoring", synopsisHeading = "",
        customSynopsis = {"usage: java -jar tom-monitoring.jar            runs the controller",
                "       java -jar tom-monitoring.jar simulate   a synthetic fleet (simulate --help)"},
        description = "Prometheus metrics and a monitoring API for a Tom fleet, read from its Redis. Settings come"
                + " from environment variables (docs/configuration.md) or -D properties.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped normally, or help shown", "1:could not start (the log says why)",
                "2:bad arguments"})
public final class TomMonitoringApplication implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TomMonitoringApplication.class);

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    public static void main(String[] args) {
        System.exit(execute(args, System.out));
    }

    /** The exit code: the controller's, the simulator's, or 2 for arguments neither takes. */
    static int execute(String[] args, PrintStream out) {
        PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
        CommandLine commandLine = new CommandLine(new TomMonitoringApplication())
                .addSubcommand("simulate", SimulateCommand.printingTo(out))
                .setOut(writer).setErr(writer);
        commandLine.getSubcommands().get("simulate").setOut(writer).setErr(writer);
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        return run();
    }

    static int run() {
        try {
            return new TomController(Map.of()).run();
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
