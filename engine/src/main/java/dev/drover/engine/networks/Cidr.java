package dev.drover.engine.networks;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Checks a subnet in CIDR notation before it goes to the engine, so the user hears what is wrong
 * with it in plain words: "10.1.0.0/16" and "fd00:1::/64" pass; "10.1.0.5/16" is told its network
 * address.
 */
public final class Cidr {

  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");
  private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

  private Cidr() {}

  /**
   * Returns the subnet as written (trimmed) when a bridge network can use it.
   *
   * @throws IllegalArgumentException with a sentence saying what is wrong and what to write instead
   */
  public static String check(String text) {
    var cidr = text == null ? "" : text.strip();
    if (cidr.isEmpty())
      throw new IllegalArgumentException(
          "Enter a subnet such as 172.30.0.0/16, or leave it empty.");
    var slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "Subnet \"" + cidr + "\" needs a prefix length, e.g. " + cidr + "/24.");
    }
    var address = cidr.substring(0, slash);
    var prefixText = cidr.substring(slash + 1);
    if (!PREFIX.matcher(prefixText).matches()) {
      throw new IllegalArgumentException(
          "Subnet \"" + cidr + "\" has no valid prefix length after '/'.");
    }
    var prefix = Integer.parseInt(prefixText);
    byte[] bytes;
    int bits;
    if (IPV4.matcher(address).matches()) {
      bytes = ipv4(cidr, address);
      bits = 32;
    } else if (IPV6.matcher(address).matches()) {
      bytes = ipv6(cidr, address);
      bits = 128;
    } else {
      throw new IllegalArgumentException(
          "Subnet \"" + cidr + "\" is not an IP address with a prefix, e.g. 172.30.0.0/16.");
    }
    if (prefix > bits) {
      throw new IllegalArgumentException(
          "Subnet \"" + cidr + "\": the prefix length must be at most " + bits + ".");
    }
    if (prefix > bits - 2) {
      throw new IllegalArgumentException(
          "Subnet \""
              + cidr
              + "\" leaves no addresses for a gateway and containers; "
              + "use a prefix of at most "
              + (bits - 2)
              + ".");
    }
    var value = new BigInteger(1, bytes);
    var hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    if (!value.and(hostMask).equals(BigInteger.ZERO)) {
      var network = value.andNot(hostMask);
      throw new IllegalArgumentException(
          "Subnet \""
              + cidr
              + "\" has host bits set: write "
              + format(network, bits)
              + "/"
              + prefix
              + ".");
    }
    return cidr;
  }

  private static byte[] ipv4(String cidr, String address) {
    var m = IPV4.matcher(address);
    m.matches();
    var bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      var group = m.group(i + 1);
      if (group.length() > 1 && group.startsWith("0")) {
        throw new IllegalArgumentException(
            "Subnet \""
                + cidr
                + "\": write "
                + Integer.parseInt(group)
                + " without leading zeros, which some tools read as octal.");
      }
      var octet = Integer.parseInt(group);
      if (octet > 255) {
        throw new IllegalArgumentException(
            "Subnet \"" + cidr + "\": " + octet + " is not a number from 0 to 255.");
      }
      bytes[i] = (byte) octet;
    }
    return bytes;
  }

  private static byte[] ipv6(String cidr, String address) {
    try {
      // The pattern admits only hex digits, ':' and '.', so this parses a literal and never asks
      // DNS.
      var bytes = InetAddress.getByName(address).getAddress();
      if (bytes.length != 16) throw new UnknownHostException(address);
      return bytes;
    } catch (UnknownHostException | SecurityException e) {
      throw new IllegalArgumentException(
          "Subnet \"" + cidr + "\" is not a valid IPv6 address with a prefix, e.g. fd00:1::/64.");
    }
  }

  private static String format(BigInteger value, int bits) {
    var raw = value.toByteArray();
    var bytes = new byte[bits / 8];
    var copy = Math.min(raw.length, bytes.length);
    System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
    try {
      var host = InetAddress.getByAddress(bytes).getHostAddress();
      return bits == 128 ? compressIpv6(host) : host;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Java writes 0:0:0:0:0:0:0:0; people write ::. Collapses the longest run of zero groups. */
  private static String compressIpv6(String full) {
    var groups = full.split(":");
    int bestStart = -1, bestLength = 0;
    for (int i = 0; i < groups.length; ) {
      if (!groups[i].equals("0")) {
        i++;
        continue;
      }
      int j = i;
      while (j < groups.length && groups[j].equals("0")) j++;
      if (j - i > bestLength && j - i > 1) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    if (bestStart < 0) return full;
    var head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
    var tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    return head + "::" + tail;
  }
}
