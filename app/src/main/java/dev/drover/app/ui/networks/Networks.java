package dev.drover.app.ui.networks;

import dev.drover.engine.networks.NetworkService;
import dev.drover.engine.networks.NetworkService.Listing;

/**
 * What the networks page reads and changes: the engine's networks ({@link #of(NetworkService)}).
 */
public interface Networks {

  /** Every network and every container's name, read together. */
  Listing listing();

  /**
   * Creates a bridge network; the engine picks a subnet when {@code subnet} is null or blank.
   *
   * @return the new network's id
   */
  String createBridge(String name, String subnet);

  /** Removes a network with no containers attached. */
  void remove(String id);

  void connect(String networkId, String containerId);

  void disconnect(String networkId, String containerId);

  /** The networks of the engine {@code service} talks to. */
  static Networks of(NetworkService service) {
    return new Networks() {
      @Override
      public Listing listing() {
        return service.listing();
      }

      @Override
      public String createBridge(String name, String subnet) {
        return service.createBridge(name, subnet);
      }

      @Override
      public void remove(String id) {
        service.remove(id);
      }

      @Override
      public void connect(String networkId, String containerId) {
        service.connect(networkId, containerId);
      }

      @Override
      public void disconnect(String networkId, String containerId) {
        service.disconnect(networkId, containerId);
      }
    };
  }
}
