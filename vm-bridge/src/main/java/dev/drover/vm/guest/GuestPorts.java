package dev.drover.vm.guest;

import java.io.IOException;
import java.util.Optional;

/** Forwards a fixed guest TCP port to the host's loopback; the VM driver's side of {@link VmGuest#forward}. */
public interface GuestPorts {

    /** Forwards 127.0.0.1:{@code hostPort} to {@code guestPort}; returns why not (port taken…), empty on success. */
    Optional<String> add(int guestPort, int hostPort) throws IOException, InterruptedException;

    /** Stops forwarding {@code hostPort}. */
    void remove(int hostPort) throws IOException, InterruptedException;
}
