package dev.drover.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code drover} command's logging: warnings, and Drover's own messages from the level in
 * {@code $DROVER_LOG_LEVEL} (WARN unless set), to standard error. Standard output is the command's
 * alone: with {@code --json} it holds exactly one JSON document. A detached VM owner's standard
 * error is its owner.log.
 *
 * <p>Logback finds this through the service loader. Installed, the app's jar shares the command's
 * class path and the app's configurator ranks higher; {@link #install} sets, before any logger
 * exists, the system property that makes the app's configurator step aside, so the command never
 * opens the app's log file.
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

    var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    context
        .getLogger("dev.drover")
        .setLevel(Level.toLevel(System.getenv("DROVER_LOG_LEVEL"), Level.WARN));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * The system property, and its value, that tells the app's logback configurator
   * (DroverLogConfigurator) to leave logging to the command. A string, not a constant of the app's:
   * the command does not depend on the app.
   */
  static final String LOG_OWNER_PROPERTY = "drover.logging";

  static final String LOG_OWNER_CLI = "cli";

  /**
   * Makes this the command's logging; call before anything asks for a logger.
   *
   * <p>Why two system properties: logback prints its own configuration errors and warnings (a log
   * file it cannot open, say) to standard output when no status listener is installed, which would
   * put text before the {@code --json} document; a listener that discards them stops that for good.
   * And the app's configurator, which would open the app's log file, steps aside when the log owner
   * is the command. Then whatever configuration logback had chosen earlier in this process (a test
   * that logged first) is replaced with this one.
   */
  static void install() {
    System.setProperty("logback.statusListenerClass", NopStatusListener.class.getName());
    System.setProperty(LOG_OWNER_PROPERTY, LOG_OWNER_CLI);
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
    context.reset();
    var logging = new CliLogging();
    logging.setContext(context);
    logging.configure(context);
  }
}
