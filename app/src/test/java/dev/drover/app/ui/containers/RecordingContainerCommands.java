package dev.drover.app.ui.containers;

import dev.drover.engine.EngineException;
import dev.drover.engine.containers.ContainerAction;
import dev.drover.engine.containers.ContainerCommands;
import dev.drover.engine.containers.RunSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** Records the commands instead of sending them to an engine. */
public final class RecordingContainerCommands implements ContainerCommands {
  public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  public String refuse;

  /** What the last run asked for. */
  public volatile RunSpec lastRun;

  @Override
  public void apply(ContainerAction action, String containerId) {
    calls.add(action + " " + containerId);
    if (refuse != null) throw new EngineException(refuse);
  }

  @Override
  public void remove(String containerId, boolean anonymousVolumes) {
    calls.add("REMOVE " + containerId + " volumes=" + anonymousVolumes);
    if (refuse != null) throw new EngineException(refuse);
  }

  @Override
  public String run(RunSpec spec, Consumer<String> progress) {
    calls.add("RUN " + spec.image());
    lastRun = spec;
    progress.accept("Starting the container…");
    if (refuse != null) throw new EngineException(refuse);
    return "new0123456789abcdef";
  }

  @Override
  public List<String> runtimes() {
    return List.of("runc", "runsc");
  }
}
