package dev.drover.app.ui.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.engine.EngineException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

  private final CommandRunner commands =
      new CommandRunner(Background.sameThread(), this, EngineException.class);
  private final List<String> afterwards = new ArrayList<>();

  @Test
  void aCommandThatWorksSaysWhatItDidClearsTheErrorAndRunsWhatFollows() {
    commands.fail(new EngineException("No such volume: old"));

    commands.run(() -> "Created volume data.", () -> afterwards.add("refresh"));

    assertThat(commands.messageProperty().get()).isEqualTo("Created volume data.");
    assertThat(commands.errorProperty().get()).isEmpty();
    assertThat(afterwards).containsExactly("refresh");
  }

  @Test
  void aFailedCommandShowsTheEnginesWordsAndRunsNothingMore() {
    commands.run(
        () -> {
          throw new EngineException("The volume data is in use by web.");
        },
        () -> afterwards.add("refresh"));

    assertThat(commands.errorProperty().get()).isEqualTo("The volume data is in use by web.");
    assertThat(commands.messageProperty().get()).isEmpty();
    assertThat(afterwards).isEmpty();
  }

  @Test
  void aFailureWithoutReadableWordsSaysWhatFailed() {
    commands.fail(new IllegalStateException("socket closed"));

    assertThat(commands.errorProperty().get()).isEqualTo("The command failed: socket closed");
  }

  @Test
  void aListingErrorGoesWithTheNextGoodListingButACommandErrorStays() {
    var reason = commands.listFailed(new IllegalStateException("refused"), "Listing volumes");
    assertThat(reason).isEqualTo("Listing volumes failed: refused");
    assertThat(commands.errorProperty().get()).isEqualTo(reason);

    commands.listed();
    assertThat(commands.errorProperty().get()).isEmpty();

    commands.fail(new EngineException("A volume named data already exists."));
    commands.listed();
    assertThat(commands.errorProperty().get()).isEqualTo("A volume named data already exists.");
  }
}
