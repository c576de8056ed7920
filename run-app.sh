#!/usr/bin/env bash
# Builds and starts Drover.
#
#   ./run-app.sh [app arguments…]
#
# Uses the Docker engine you already have (DOCKER_HOST, the current docker
# context, or /var/run/docker.sock). If there is none and you are root, it
# starts a private dockerd on unix:///run/drover-dev/docker.sock for the
# lifetime of the app. On Linux it also builds the guest image of Drover's own
# VM (QEMU), which the VM menu in the status bar starts; while the VM runs the
# app uses its engine. Without a display it runs the app on Xvfb.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=dev/lib.sh
source dev/lib.sh

find_jdk25
ensure_packages libgtk-3-0 unzip

# --- Docker engine ---------------------------------------------------------
engine_answers() {   # engine_answers [docker -H argument]
  command -v docker >/dev/null 2>&1 || return 1
  local cmd=(docker)
  [[ -n "${1:-}" ]] && cmd+=(-H "$1")
  if command -v timeout >/dev/null 2>&1; then
    timeout 10 "${cmd[@]}" version >/dev/null 2>&1
  else
    "${cmd[@]}" version >/dev/null 2>&1
  fi
}

if [[ -n "${DOCKER_HOST:-}" ]]; then
  drover_say "using the Docker engine from DOCKER_HOST=$DOCKER_HOST"
elif command -v docker >/dev/null 2>&1 && docker context inspect >/dev/null 2>&1 && engine_answers; then
  drover_say "using the Docker engine of the current docker context ($(docker context show 2>/dev/null || echo default))"
elif [[ -S /var/run/docker.sock ]] && engine_answers unix:///var/run/docker.sock; then
  drover_say "using the Docker engine at unix:///var/run/docker.sock"
elif [[ "$(uname -s)" == Linux ]] && drover_is_root; then
  ensure_packages docker.io iproute2 iptables
  start_private_dockerd /run/drover-dev
  export DOCKER_HOST="unix://$DROVER_DOCKERD_DIR/docker.sock"
  drover_say "no Docker engine found: started a private one, DOCKER_HOST=$DOCKER_HOST (stopped when the app exits)"
else
  drover_say "no Docker engine found. To get one, either:"
  drover_say "  - start Docker (Docker Engine / Docker Desktop / colima) and/or export DOCKER_HOST=unix:///path/to/docker.sock, or"
  drover_say "  - run this script as root on Linux (sudo $0) and it starts a private dockerd."
  drover_say "starting the app anyway; it will show the engine as unreachable."
fi

# --- Drover's own VM (the engine the VM menu starts) -------------------------
# The guest Linux for this machine's architecture, built from Debian packages on the first run (a few minutes,
# about 150 MB of downloads, progress below) and reused from ~/.cache/drover/guest while its recipe and apt's
# package lists stay the same. The app boots the folder DROVER_GUEST_IMAGE names.
if [[ "$(uname -s)" == Linux && -z "${DROVER_GUEST_IMAGE:-}" ]]; then
  ensure_packages "$(drover_qemu_package)" qemu-utils
  drover_say "VM guest: looking for a cached one, else building it"
  if guest="$(vm-bridge/guest/build-guest.sh)"; then
    export DROVER_GUEST_IMAGE="$guest"
    drover_say "VM guest: $DROVER_GUEST_IMAGE"
  else
    drover_say "the VM guest could not be built (see above); the app runs, but its VM cannot start"
  fi
fi

# --- Display ---------------------------------------------------------------
if [[ "$(uname -s)" == Linux && -z "${DISPLAY:-}" ]]; then
  ensure_packages xvfb x11-utils
  start_xvfb
  drover_say "no display: running on Xvfb $DISPLAY (use a desktop session to see the window)"
fi

# --- Build and run -----------------------------------------------------------
# A build with nothing to do still takes Maven ~20 s, so it runs only when the sources differ from those of the last
# build: the stamp hashes the index (git ls-files -s), the working tree's changes to it, the untracked files and the
# JDK. Outside a git checkout it always builds.
source_stamp() {
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 1
  {
    echo "$JAVA_HOME"
    git ls-files -s
    git diff --no-ext-diff --binary
    git ls-files -z -o --exclude-standard | xargs -0r sha256sum
  } | sha256sum | cut -d' ' -f1
}
stamp_file=installer/target/drover/source-stamp
stamp="$(source_stamp || true)"
if [[ -n "$stamp" && -d installer/target/drover/lib && "$(cat "$stamp_file" 2>/dev/null || true)" == "$stamp" ]]; then
  drover_say "no source changed since the last build: skipping Maven"
else
  drover_say "building (./mvnw -q -DskipTests package -pl installer -am)…"
  rm -f "$stamp_file"
  ./mvnw -B -ntp -q -DskipTests package -pl installer -am
  # After the build: its formatter (Spotless) may have rewritten sources.
  if stamp="$(source_stamp)"; then echo "$stamp" >"$stamp_file"; fi
fi

drover_say "starting Drover"
app_status=0
# A class-data-sharing archive in the user's cache, written by the first start, makes later starts faster.
dev/drover-java.sh installer/target/drover "$@" || app_status=$?
exit "$app_status"
