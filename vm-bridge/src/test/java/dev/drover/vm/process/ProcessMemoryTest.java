package dev.drover.vm.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void residentMemoryIsReadFromProcStatus() {
    var status =
        """
        Name:\tqemu-system-x86
        Umask:\t0022
        VmPeak:\t 4081468 kB
        VmSize:\t 3950396 kB
        VmHWM:\t 1426904 kB
        VmRSS:\t  967680 kB
        RssAnon:\t  948120 kB
        """;
    assertThat(ProcessMemory.fromProcStatus(status)).hasValue(967680L * 1024);
    assertThat(ProcessMemory.fromProcStatus("Name:\tzombie\n")).isEmpty();
  }

  @Test
  void residentMemoryIsReadFromPs() {
    assertThat(ProcessMemory.fromPsRss("  967680\n")).hasValue(967680L * 1024);
    assertThat(ProcessMemory.fromPsRss("")).isEmpty();
  }

  @Test
  void thisProcessHasResidentMemory() {
    var bytes =
        ProcessMemory.residentBytes(ProcessHandle.current().pid(), System.getProperty("os.name"));
    assertThat(bytes).isPresent();
    assertThat(bytes.getAsLong()).isPositive();
  }

  @Test
  void describesInMebiOrGibibytes() {
    assertThat(ProcessMemory.describe(945L << 20)).isEqualTo("945 MiB");
    assertThat(ProcessMemory.describe((long) (1.36 * (1L << 30)))).isEqualTo("1.36 GiB");
  }
}
