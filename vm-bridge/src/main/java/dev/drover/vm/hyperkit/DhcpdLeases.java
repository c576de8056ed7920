package dev.drover.vm.hyperkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * macOS's {@code /var/db/dhcpd_leases}, where vmnet's DHCP server (bootpd) records the addresses it
 * gave: how the host finds a vmnet guest's address (the guest names itself "drover" when it asks).
 * bootpd writes each entry as a line with an opening brace, one tab-indented {@code key=value} line
 * per property and a line with a closing brace, the most recently used entry first; the lease is
 * the expiry time in hexadecimal seconds.
 *
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

  /**
   * @param hwAddress the MAC as bootpd writes it, without the "1," (Ethernet) type and without
   *     leading zeros in each octet: {@code 76:f5:fd:cf:d6:1}
   */
  public record Lease(String name, String ipAddress, String hwAddress, long leaseEpochSeconds) {

    /** The MAC in the usual form, two lower-case digits an octet: {@code 76:f5:fd:cf:d6:01}. */
    public String macAddress() {
      return normalizedMac(hwAddress);
    }
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
        leases.add(
            new Lease(
                fields.getOrDefault("name", ""),
                fields.getOrDefault("ip_address", ""),
                hw.contains(",") ? hw.substring(hw.indexOf(',') + 1) : hw,
                expires));
        fields = null;
      } else if (fields != null && line.contains("=")) {
        fields.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    return new DhcpdLeases(List.copyOf(leases));
  }

  /** The newest lease given to that MAC, written either way ({@code 0a:..} or {@code a:..}). */
  public Optional<String> addressOfMac(String mac) {
    var wanted = normalizedMac(mac);
    return leases.stream()
        .filter(l -> l.macAddress().equals(wanted))
        .max(Comparator.comparingLong(Lease::leaseEpochSeconds))
        .map(Lease::ipAddress);
  }

  static String normalizedMac(String mac) {
    var octets = mac.strip().toLowerCase(Locale.ROOT).split(":");
    var padded = new ArrayList<String>();
    for (var octet : octets) padded.add(octet.length() == 1 ? "0" + octet : octet);
    return String.join(":", padded);
  }

  /**
   * The newest lease given to a guest of that name. Names repeat: bootpd keeps the last lease of
   * every MAC it saw, so a guest recreated with a new MAC leaves older entries of the same name
   * behind.
   */
  public Optional<String> addressOf(String name) {
    return leases.stream()
        .filter(l -> l.name().equals(name))
        .max(Comparator.comparingLong(Lease::leaseEpochSeconds))
        .map(Lease::ipAddress);
  }
}
