package dev.drover.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.LoggerFactory;

/**
 * The {@code drover} command's logging: warnings, and Drover's own messages from the level in
 * {@code $DROVER_LOG_LEVEL} (WARN unless set), to standard error. Standard output is the command's alone: with
 * {@code --json} it holds exactly one JSON document. A detached VM owner's standard error is its owner.log.
 *
 * <p>Logback finds this through the service loader when the command runs on its own. Installed, the app's jar
 * shares the command's class path, and the app's configurator (console on standard output, the app's log file)
 * ranks higher, so {@link DroverCli#execute} puts this one in its place before the command runs.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class CliLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n");
        encoder.start();
        var stderr = new ConsoleAppender<ILoggingEvent>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("dev.drover").setLevel(Level.toLevel(System.getenv("DROVER_LOG_LEVEL"), Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Replaces whatever configuration logback chose with this one. */
    static void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        context.reset();
        var logging = new CliLogging();
        logging.setContext(context);
        logging.configure(context);
    }
}
