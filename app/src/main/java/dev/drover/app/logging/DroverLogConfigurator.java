package dev.drover.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * Logback configured in code, found through the service loader: Drover's own INFO and everyone's
 * warnings to standard error and to a rolling file in the per-user log folder. Never standard
 * output: that belongs to whatever shares this class path and prints results there (the {@code
 * drover} command's {@code --json}). Code instead of logback.xml because parsing the XML costs a
 * fifth of a second of start-up.
 *
 * <p>The folder comes from the {@code drover.logs} system property, which the launcher sets;
 * without it the file goes to the temp folder. The {@code drover} command shares this class path
 * when installed; it sets {@code drover.logging=cli} before logging starts, and this configurator
 * then leaves logging to the command's own (no log file of the app's is opened by a command).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class DroverLogConfigurator extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if ("cli".equals(System.getProperty("drover.logging")))
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    var folder = Path.of(System.getProperty("drover.logs", System.getProperty("java.io.tmpdir")));

    var file = new RollingFileAppender<ILoggingEvent>();
    file.setContext(context);
    file.setName("file");
    file.setFile(folder.resolve("drover.log").toString());
    var rolling = new FixedWindowRollingPolicy();
    rolling.setContext(context);
    rolling.setParent(file);
    rolling.setFileNamePattern(folder.resolve("drover.%i.log").toString());
    rolling.setMinIndex(1);
    rolling.setMaxIndex(3);
    rolling.start();
    var trigger = new SizeBasedTriggeringPolicy<ILoggingEvent>();
    trigger.setContext(context);
    trigger.setMaxFileSize(FileSize.valueOf("10MB"));
    trigger.start();
    file.setRollingPolicy(rolling);
    file.setTriggeringPolicy(trigger);
    start(file, context, "%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n");

    var console = new ConsoleAppender<ILoggingEvent>();
    console.setContext(context);
    console.setName("console");
    console.setTarget("System.err");
    start(console, context, "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");

    var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(file);
    root.addAppender(console);
    context.getLogger("dev.drover").setLevel(Level.INFO);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static void start(
      OutputStreamAppender<ILoggingEvent> appender, LoggerContext context, String pattern) {
    var encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    appender.setEncoder(encoder);
    appender.start();
  }
}
