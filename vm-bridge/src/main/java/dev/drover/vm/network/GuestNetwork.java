package dev.drover.vm.network;

/**
 * What the guest gets of the user's network settings at boot, resolved on the host.
 *
 * @param proxy the proxy as the guest reaches it ({@link ProxySettings#forGuest()})
 * @param certificates extra CA certificates the guest's engines trust, PEM; empty for none
 */
public record GuestNetwork(ProxySettings proxy, String certificates) {

  public static final GuestNetwork NONE = new GuestNetwork(ProxySettings.NONE, "");

  @Override
  public String toString() {
    return "GuestNetwork[proxy="
        + proxy
        + ", certificates="
        + (certificates.isEmpty() ? "none" : certificates.length() + " characters of PEM")
        + "]";
  }
}
