package dev.drover.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DroverLogConfiguratorTest {

  @Test
  void logLinesGoToStandardErrorAndTheLogFileNeverToStandardOutput(@TempDir Path logs)
      throws Exception {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var realOut = System.out;
    var realErr = System.err;
    var realFolder = System.getProperty("drover.logs");
    var context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setProperty("drover.logs", logs.toString());
      var configurator = new DroverLogConfigurator();
      configurator.setContext(context);
      configurator.configure(context);

      context.getLogger("dev.drover.example").info("engine list read");
    } finally {
      context.stop();
      System.setOut(realOut);
      System.setErr(realErr);
      if (realFolder == null) System.clearProperty("drover.logs");
      else System.setProperty("drover.logs", realFolder);
    }

    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("engine list read");
    assertThat(Files.readString(logs.resolve("drover.log"))).contains("engine list read");
  }
}
