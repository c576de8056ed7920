package dev.drover.vm.hyperkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * macOS's {@code /var/db/dhcpd_leases}, where vmnet's DHCP server records the addresses it gave: how the host
 * finds a vmnet guest's address (the guest names itself "drover" when it asks).
 * <pre>
 * {
 * 	name=drover
 * 	ip_address=192.168.64.3
 * 	hw_address=1,2:6a:1f:4e:9b:10
 * 	identifier=1,2:6a:1f:4e:9b:10
 * 	lease=0x656b2c1d
 * }
 * </pre>
 */
public record DhcpdLeases(List<Lease> leases) {

    public record Lease(String name, String ipAddress, String hwAddress, long leaseEpochSeconds) {
    }

    public static DhcpdLeases parse(String text) {
        var leases = new ArrayList<Lease>();
        HashMap<String, String> fields = null;
        for (var raw : text.split("\n")) {
            var line = raw.strip();
            if (line.equals("{")) {
                fields = new HashMap<>();
            } else if (line.equals("}") && fields != null) {
                var hw = fields.getOrDefault("hw_address", "");
                var lease = fields.getOrDefault("lease", "0x0");
                long expires;
                try {
                    expires = Long.decode(lease);
                } catch (NumberFormatException e) {
                    expires = 0;
                }
                leases.add(new Lease(fields.getOrDefault("name", ""), fields.getOrDefault("ip_address", ""),
                        hw.contains(",") ? hw.substring(hw.indexOf(',') + 1) : hw, expires));
                fields = null;
            } else if (fields != null && line.contains("=")) {
                fields.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return new DhcpdLeases(List.copyOf(leases));
    }

    /** The newest lease given to a guest of that name. */
    public Optional<String> addressOf(String name) {
        return leases.stream().filter(l -> l.name().equals(name))
                .max(java.util.Comparator.comparingLong(Lease::leaseEpochSeconds))
                .map(Lease::ipAddress);
    }
}
