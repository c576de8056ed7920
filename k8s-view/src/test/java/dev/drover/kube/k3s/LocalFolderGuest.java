package dev.drover.kube.k3s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in guest for unit tests: guest paths live under a host folder and commands run on the
 * host with {@code DROVER_K3S_ROOT} pointing at it, so the real control script runs against a fake
 * k3s binary.
 */
final class LocalFolderGuest implements K3sGuest {

  final Path root;
  final List<Integer> openForwards = new CopyOnWriteArrayList<>();

  /** Guest port → host port of the open forwards: what the VM's hypervisor would list. */
  private final Map<Integer, Integer> forwardedTo = new ConcurrentHashMap<>();

  private int nextPort = 20000;

  LocalFolderGuest(Path root) {
    this.root = root;
  }

  Path path(String guestPath) {
    return root.resolve(guestPath.substring(1));
  }

  @Override
  public void copyInto(Path hostFile, String guestPath, String mode) throws IOException {
    var target = path(guestPath);
    Files.createDirectories(target.getParent());
    Files.copy(hostFile, target, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(symbolic(mode)));
  }

  @Override
  public CommandResult run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    var mapped = new ArrayList<>(command);
    if (mapped.getFirst().startsWith("/")) mapped.set(0, path(mapped.getFirst()).toString());
    var builder = new ProcessBuilder(mapped);
    builder.environment().put("DROVER_K3S_ROOT", root.toString());
    var stderr = Files.createTempFile(root, "stderr", ".txt");
    builder.redirectError(stderr.toFile());
    var process = builder.start();
    var stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IOException(command + " timed out");
    }
    var error = Files.readString(stderr);
    Files.delete(stderr);
    return new CommandResult(process.exitValue(), stdout, error);
  }

  @Override
  public Optional<byte[]> readFile(String guestPath) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(path(guestPath)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public synchronized PortForward forward(int guestPort, int preferredHostPort) {
    var port = nextPort++;
    openForwards.add(port);
    forwardedTo.put(guestPort, port);
    return forwardOf(guestPort, port);
  }

  @Override
  public Optional<PortForward> existingForward(int guestPort) {
    return Optional.ofNullable(forwardedTo.get(guestPort)).map(port -> forwardOf(guestPort, port));
  }

  private PortForward forwardOf(int guestPort, int port) {
    return new PortForward() {
      @Override
      public int hostPort() {
        return port;
      }

      @Override
      public void close() {
        openForwards.remove(Integer.valueOf(port));
        forwardedTo.remove(guestPort, port);
      }
    };
  }

  @Override
  public K3sArch architecture() {
    return K3sArch.AMD64;
  }

  private static String symbolic(String octal) {
    var result = new StringBuilder();
    for (char digit : octal.substring(octal.length() - 3).toCharArray()) {
      int bits = digit - '0';
      result
          .append((bits & 4) != 0 ? 'r' : '-')
          .append((bits & 2) != 0 ? 'w' : '-')
          .append((bits & 1) != 0 ? 'x' : '-');
    }
    return result.toString();
  }
}
