package dev.drover.vm.hyperkit;

import java.util.Optional;

/**
 * The address a guest that took its network address by DHCP has now, as the host's DHCP server
 * recorded it; how the host reaches a service in the guest (dockerd's 2376, the Kubernetes API)
 * without a port forward.
 */
public interface LeasedAddress {

  /** The guest's current address ("192.168.64.3"); empty until it asked for one. */
  Optional<String> guestAddress();
}
