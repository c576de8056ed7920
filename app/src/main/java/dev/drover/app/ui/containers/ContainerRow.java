package dev.drover.app.ui.containers;

import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerSummary.PublishedPort;

import java.util.List;

/** One line of the Containers table. */
public record ContainerRow(String id, String name, String image, String state, String status,
                           List<PublishedPort> ports, String project) {

    public ContainerRow {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public ContainerRow(String id, String name, String image, String state, String status) {
        this(id, name, image, state, status, List.of(), null);
    }

    static ContainerRow of(ContainerSummary summary) {
        return new ContainerRow(summary.id(), summary.name(), summary.image(), summary.state(), summary.status(),
                summary.ports(), summary.composeProject());
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    public boolean running() {
        return state.equals("running");
    }
}
