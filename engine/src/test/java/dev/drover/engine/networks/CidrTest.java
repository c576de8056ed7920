package dev.drover.engine.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.EngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/8",
        "172.30.0.0/16",
        "192.168.77.0/24",
        "10.1.2.0/30",
        "0.0.0.0/0",
        "fd00:1::/64",
        "2001:db8::/32"
      })
  void acceptsNetworkAddressesWithAPrefix(String cidr) {
    assertThat(Cidr.check(cidr)).isEqualTo(cidr);
  }

  @Test
  void trimsSurroundingSpaces() {
    assertThat(Cidr.check("  10.9.0.0/16 ")).isEqualTo("10.9.0.0/16");
  }

  @Test
  void hostBitsSetIsRejectedWithTheNetworkAddressToWrite() {
    assertThatThrownBy(() -> Cidr.check("10.1.0.5/16"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("write 10.1.0.0/16");
    assertThatThrownBy(() -> Cidr.check("fd00:1::1/64")).hasMessageContaining("write fd00:1::/64");
  }

  @Test
  void missingPrefixIsRejectedWithAnExample() {
    assertThatThrownBy(() -> Cidr.check("10.1.0.0"))
        .hasMessageContaining("needs a prefix length, e.g. 10.1.0.0/24");
  }

  @Test
  void octetOutOfRangeIsNamed() {
    assertThatThrownBy(() -> Cidr.check("10.300.0.0/16"))
        .hasMessageContaining("300 is not a number from 0 to 255");
  }

  @Test
  void leadingZerosAreRejected() {
    assertThatThrownBy(() -> Cidr.check("010.1.0.0/16"))
        .hasMessageContaining("without leading zeros");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.1.0.0/33", "10.1.0.0/x", "10.1.0.0/", "fd00::/129"})
  void badPrefixIsRejected(String cidr) {
    assertThatThrownBy(() -> Cidr.check(cidr))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(cidr);
  }

  @Test
  void prefixTooLongForAGatewayAndAContainerIsRejected() {
    assertThatThrownBy(() -> Cidr.check("10.1.0.0/31")).hasMessageContaining("at most 30");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"example.com/24", "10.1.0/24", "1.2.3.4.5/24", "fd00:::zz/64", "localhost/8"})
  void somethingOtherThanAnAddressIsRejected(String cidr) {
    assertThatThrownBy(() -> Cidr.check(cidr)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptySubnetAsksForOne() {
    assertThatThrownBy(() -> Cidr.check(" ")).hasMessageContaining("Enter a subnet");
  }

  @Test
  void createBridgeRefusesABadSubnetBeforeTalkingToTheEngine() {
    // No clients at all: the refusal must come before any engine call.
    var service = new NetworkService(null);
    assertThatThrownBy(() -> service.createBridge("good-name", "10.1.0.1/24"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("write 10.1.0.0/24");
  }

  @Test
  void builtInNamesAreRefusedForCreateAndRemoveWithoutTheEngine() {
    var service = new NetworkService(null);
    assertThatThrownBy(() -> service.createBridge("bridge", null))
        .hasMessageContaining("built-in network");
    assertThatThrownBy(() -> service.remove("none")).hasMessageContaining("built into the engine");
  }
}
