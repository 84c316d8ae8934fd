package io.tom.monitoring;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Locale;
import java.util.List;
import java.util.concurrent.Callable;

import io.tom.monitoring.build.BuildInfo;
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
        versionProvider = TomMonitoringApplication.Version.class,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:help or version shown", "1:could not start (the log says why)", "2:bad arguments",
                "130:stopped by SIGINT (Ctrl-C)", "143:stopped by SIGTERM"})
public final class TomMonitoringApplication implements Callable<Integer> {

    /** Valid values of TOM_LOG_LEVEL, which log4j reads itself (log4j2.properties). */
    static final List<String> LOG_LEVELS = List.of("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @CommandLine.Option(names = {"-V", "--version"}, versionHelp = true,
            description = "show the version, git revision and Java, and exit")
    boolean version;

    /** The build's version line ({@link BuildInfo}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.current().describe()};
        }
    }

    public static void main(String[] args) {
        // before the first logger: log4j would answer a bad level with a stack trace of its own
        Optional<String> badLevel = logLevelRefusal(System.getenv("TOM_LOG_LEVEL"));
        if (badLevel.isPresent()) {
            System.err.println("Tom Monitoring failed to start: " + badLevel.get());
            System.exit(1);
        }
        System.exit(execute(args, System.out));
    }

    /** Why TOM_LOG_LEVEL cannot be used, or empty when it is unset or a level. */
    static Optional<String> logLevelRefusal(String level) {
        if (level == null || level.isBlank() || LOG_LEVELS.contains(level.trim().toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of("TOM_LOG_LEVEL must be one of " + String.join(", ", LOG_LEVELS) + ", got '" + level + "'");
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
            StopSignals.install();
            return new TomController(Map.of()).run();
        } catch (Throwable e) {
            Logger log = LoggerFactory.getLogger(TomMonitoringApplication.class);
            log.error("Tom Monitoring failed to start: {}", describe(e));
            log.debug("Startup failure", e);
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
