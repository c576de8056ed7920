package dev.drover.vm;

import dev.drover.vm.guest.GuestPorts;

/**
 * An optional ability of a {@link VmDriver}, as Lima's drivers have optional interfaces: it
 * forwards fixed guest ports (the k3s API) to this computer at run time, through its own connection
 * to the hypervisor, while this process runs the VM.
 */
public interface ForwardsGuestPorts {

  /** The run-time forwards of the running VM; each call needs it running. */
  GuestPorts guestPorts();
}
