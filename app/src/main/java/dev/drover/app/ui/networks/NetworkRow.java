package dev.drover.app.ui.networks;

import dev.drover.engine.networks.NetworkSummary;
import java.util.List;
import java.util.Locale;

/** One line of the Networks table. */
public record NetworkRow(
    String id,
    String name,
    String driver,
    String scope,
    List<String> subnets,
    List<String> containers,
    boolean builtIn) {

  public NetworkRow {
    subnets = List.copyOf(subnets);
    containers = List.copyOf(containers);
  }

  static NetworkRow of(NetworkSummary n) {
    return new NetworkRow(
        n.id(), n.name(), n.driver(), n.scope(), n.subnets(), n.containers(), n.builtIn());
  }

  public String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  public String subnetsText() {
    return String.join(", ", subnets);
  }

  public String containersText() {
    return String.join(", ", containers);
  }

  /** How many containers are attached, for the table's cell: "—", "web", or "3 containers". */
  public String containersCount() {
    if (containers.isEmpty()) return "—";
    if (containers.size() == 1) return containers.getFirst();
    return containers.size() + " containers";
  }

  /**
   * The attached containers' names one a line, the first {@code limit} of them and how many more.
   */
  public String containersList(int limit) {
    var shown = containers.stream().limit(limit).toList();
    var more = containers.size() - shown.size();
    return String.join("\n", shown) + (more > 0 ? "\n… and " + more + " more" : "");
  }

  boolean matches(String lowerCaseFilter) {
    if (lowerCaseFilter.isEmpty()) return true;
    return contains(name, lowerCaseFilter)
        || contains(driver, lowerCaseFilter)
        || contains(id, lowerCaseFilter)
        || subnets.stream().anyMatch(s -> contains(s, lowerCaseFilter))
        || containers.stream().anyMatch(c -> contains(c, lowerCaseFilter));
  }

  private static boolean contains(String text, String lowerCaseFilter) {
    return text != null && text.toLowerCase(Locale.ROOT).contains(lowerCaseFilter);
  }
}
