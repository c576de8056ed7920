package dev.drover.app.ui.containers.run;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.containers.RecordingContainerCommands;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunContainerViewModelTest {

    private final RecordingContainerCommands commands = new RecordingContainerCommands();
    private final RunContainerViewModel model = new RunContainerViewModel(Background.sameThread(), commands,
            () -> List.of("nginx:1.27", "redis:7"));

    @Test
    void suggestionsAndRuntimesComeFromTheEngine() {
        assertThat(model.imageSuggestionsProperty()).containsExactly("nginx:1.27", "redis:7");
        assertThat(model.runtimesProperty()).containsExactly("runc", "runsc");
    }

    @Test
    void theHintSaysWhatToFixAsTheUserTypes() {
        assertThat(model.problem()).contains("Enter an image");
        model.imageProperty().set("nginx:1.27");
        assertThat(model.problem()).isEmpty();
        model.portsProperty().set("80a:80");
        assertThat(model.problemProperty().get()).isEqualTo("\"80a:80\": \"80a\" is not a port number (1 to 65535)");
        model.portsProperty().set("8080:80");
        assertThat(model.problem()).isEmpty();
    }

    @Test
    void invalidInputIsNeverSentToTheEngine() {
        model.imageProperty().set("Not An Image");
        model.run();
        assertThat(commands.calls).isEmpty();
        assertThat(model.errorProperty().get()).contains("not a valid image reference");
    }

    @Test
    void aSuccessfulRunReportsTheNewContainer() {
        model.imageProperty().set("nginx:1.27");
        model.nameProperty().set("web");
        model.run();
        assertThat(commands.calls).containsExactly("RUN nginx:1.27");
        assertThat(model.createdIdProperty().get()).isEqualTo("new0123456789abcdef");
        assertThat(model.statusProperty().get()).isEqualTo("Started web");
        assertThat(model.runningProperty().get()).isFalse();
    }

    @Test
    void theEnginesRefusalStaysInTheDialog() {
        commands.refuse = "Starting the container failed: the engine said: port is already allocated";
        model.imageProperty().set("nginx:1.27");
        model.run();
        assertThat(model.errorProperty().get()).isEqualTo(commands.refuse);
        assertThat(model.createdIdProperty().get()).isEmpty();
    }
}
