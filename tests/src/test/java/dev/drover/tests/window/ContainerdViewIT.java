package dev.drover.tests.window;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.PrimerLight;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.FxUiDispatcher;
import dev.drover.app.ui.containerd.ContainerdSource;
import dev.drover.app.ui.containerd.ContainerdView;
import dev.drover.app.ui.containerd.ContainerdViewModel;
import dev.drover.engine.containerd.ContainerdContainer;
import dev.drover.engine.containerd.ContainerdContainer.TaskState;
import dev.drover.engine.containerd.ContainerdEngine;
import dev.drover.engine.containerd.ContainerdImage;
import dev.drover.engine.containerd.ContainerdListener;
import dev.drover.tests.support.RealParts;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.awaitText;
import static dev.drover.tests.support.Fx.onFx;
import static dev.drover.tests.support.Fx.showsText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The containerd page's view under Xvfb, over an in-memory containerd: what a user sees and clicks. The same page
 * over the VM's real containerd is the job of the VM's window tests once the gRPC client is wired in.
 */
@ExtendWith(ApplicationExtension.class)
class ContainerdViewIT {

    private final InMemoryContainerd containerd = new InMemoryContainerd();

    @BeforeAll
    static void displayPresent() {
        RealParts.display();
    }

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        containerd.put(container("web", TaskState.RUNNING, 4242));
        containerd.put(container("job", TaskState.STOPPED, 0));
        containerd.images.put("docker.io/library/busybox:1.36", new ContainerdImage("default",
                "docker.io/library/busybox:1.36", "sha256:" + "ab12".repeat(16), 2_150_000, Instant.now()));
        var model = new ContainerdViewModel(new ContainerdSource() {
            @Override
            public Optional<ContainerdEngine> current() {
                return Optional.of(containerd);
            }

            @Override
            public Absence absence() {
                return Absence.VM_NOT_RUNNING;
            }

            @Override
            public void onChange(Runnable changed) {
            }
        }, Background.virtualThreads(new FxUiDispatcher()));
        model.open();
        stage.setScene(new Scene(new ContainerdView(model), 1200, 700));
        stage.show();
    }

    private static ContainerdContainer container(String id, TaskState state, int pid) {
        return new ContainerdContainer("default", id, "docker.io/library/busybox:1.36", "io.containerd.runc.v2",
                Map.of("nerdctl/name", id), Instant.now(), state, pid,
                state == TaskState.STOPPED ? Optional.of(0) : Optional.empty());
    }

    @Test
    void stoppingTheSelectedContainerReachesContainerdAndItsBadgeTurnsStopped(FxRobot robot) {
        await("the containers table shows web").atMost(PATIENCE).until(() -> showsText(robot, "pid 4242"));
        assertThat(onFx(() -> robot.lookup("#containerd-namespace").<ChoiceBox<String>>query().getValue()))
                .isEqualTo("default");
        assertThat(showsText(robot, "Run containers with nerdctl or ctr in the VM (`drover vm shell`)")).isTrue();

        robot.clickOn(robot.lookup((Node n) -> n instanceof Labeled l && "web".equals(l.getText())).<Node>query());
        robot.clickOn("#containerd-stop");

        await("stop reaches containerd").atMost(PATIENCE).until(() -> containerd.commands.contains("stop default/web 10s"));
        awaitText(robot, "#containerd-status", "Stopped web"::equals, "the status says what was done");
        await("web's badge says stopped").atMost(PATIENCE).until(() -> onFx(() -> robot.lookup(".state-badge")
                .<Labeled>queryAll().stream().filter(badge -> "stopped".equals(badge.getText())).count()) == 2);
    }

    @Test
    void removingARunningContainerSaysToStopItFirstWithoutAsking(FxRobot robot) {
        await("the containers table shows web").atMost(PATIENCE).until(() -> showsText(robot, "pid 4242"));

        robot.clickOn(robot.lookup((Node n) -> n instanceof Labeled l && "web".equals(l.getText())).<Node>query());
        assertThat(onFx(() -> robot.lookup("#containerd-stop").<Button>query().isDisabled())).isFalse();
        robot.clickOn("#containerd-remove");

        await("the refusal shows").atMost(PATIENCE).until(() -> onFx(() -> {
            var error = robot.lookup("#containerd-error").<Message>query();
            return error.isVisible() && "web is running: stop it first, then remove it.".equals(error.getDescription());
        }));
        assertThat(containerd.commands).isEmpty();
    }

    /** Just enough containerd for the page: one namespace, its containers and images, and the commands it got. */
    private static final class InMemoryContainerd implements ContainerdEngine {
        final Map<String, ContainerdContainer> containers = new ConcurrentHashMap<>();
        final Map<String, ContainerdImage> images = new ConcurrentHashMap<>();
        final List<String> commands = new CopyOnWriteArrayList<>();

        void put(ContainerdContainer container) {
            containers.put(container.id(), container);
        }

        @Override
        public String version() {
            return "1.7.24";
        }

        @Override
        public List<String> namespaces() {
            return List.of("default", "k8s.io");
        }

        @Override
        public List<ContainerdContainer> containers(String namespace) {
            return namespace.equals("default") ? List.copyOf(containers.values()) : List.of();
        }

        @Override
        public List<ContainerdImage> images(String namespace) {
            return namespace.equals("default") ? List.copyOf(images.values()) : List.of();
        }

        @Override
        public void start(String namespace, String containerId) {
            commands.add("start " + namespace + "/" + containerId);
        }

        @Override
        public void stop(String namespace, String containerId, Duration grace) {
            commands.add("stop " + namespace + "/" + containerId + " " + grace.toSeconds() + "s");
            var old = containers.get(containerId);
            put(new ContainerdContainer(namespace, containerId, old.image(), old.runtime(), old.labels(), old.created(),
                    TaskState.STOPPED, 0, Optional.of(143)));
        }

        @Override
        public void remove(String namespace, String containerId) {
            commands.add("remove " + namespace + "/" + containerId);
        }

        @Override
        public void removeImage(String namespace, String imageName) {
            commands.add("removeImage " + namespace + "/" + imageName);
        }

        @Override
        public AutoCloseable events(ContainerdListener listener) {
            return () -> { };
        }

        @Override
        public void close() {
        }
    }
}
