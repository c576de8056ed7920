package dev.drover.app.ui.containers;

import dev.drover.engine.ContainerSummary;

/** One line of the Containers table. */
public record ContainerRow(String id, String name, String image, String state, String status) {

    static ContainerRow of(ContainerSummary summary) {
        return new ContainerRow(summary.id(), summary.name(), summary.image(), summary.state(), summary.status());
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
