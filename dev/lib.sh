# shellcheck shell=bash
# Shared helpers for run-tests.sh and run-app.sh. Source it; do not execute it.
#
#   find_jdk25                 locate a JDK >= 25, export JAVA_HOME and PATH
#   ensure_packages PKG...     install missing Debian packages (root) or explain how
#   drover_qemu_package        the QEMU system package for this architecture
#   start_private_dockerd DIR  dockerd on unix://DIR/docker.sock with its own bridge drover0
#   start_xvfb                 start Xvfb when $DISPLAY is empty, export DISPLAY
#   start_local_registry DIR   Debian's docker-registry on 127.0.0.1, export DROVER_TEST_REGISTRY
#   start_podman_service DIR   Podman's Docker-compatible API on unix://DIR/podman.sock, export DROVER_TEST_PODMAN_HOST
#   cleanup                    stops exactly what the functions above started
#                              (registered on EXIT; INT/TERM exit, which runs it)
#
# Everything this file starts is recorded in the DROVER_* variables below, and
# cleanup only ever touches those processes / that bridge. start_private_dockerd
# also saves the firewall (iptables-save, ip6tables-save), the bridges and the
# forwarding sysctls first; cleanup undoes what differs and is ours (rules that
# name our bridge or subnet, chains that did not exist before), compares again,
# and the summary reports what that comparison found.

if [[ -n "${DROVER_LIB_SOURCED:-}" ]]; then
  return 0
fi
DROVER_LIB_SOURCED=1

# The private dockerd's bridge; when another dockerd runs on drover0, start_private_dockerd takes the next free
# one (drover1 on 172.31.251.0/24, …). Setting DROVER_BRIDGE_NAME (and DROVER_BRIDGE_CIDR) fixes the choice.
DROVER_BRIDGE_FIXED=${DROVER_BRIDGE_NAME:+1}
DROVER_BRIDGE_NAME=${DROVER_BRIDGE_NAME:-drover0}
DROVER_BRIDGE_CIDR=${DROVER_BRIDGE_CIDR:-172.31.250.1/24}
DROVER_BRIDGE_SUBNET="${DROVER_BRIDGE_CIDR%.*/*}.0/${DROVER_BRIDGE_CIDR#*/}"

DROVER_STARTED=()        # human-readable list of things we started
DROVER_STOPPED=()        # human-readable list of things cleanup stopped
DROVER_XVFB_PID=""
DROVER_XVFB_DISPLAY=""
DROVER_XVFB_LOG=""
DROVER_DOCKERD_PID=""
DROVER_DOCKERD_DIR=""
DROVER_BRIDGE_CREATED=0
DROVER_ADDED_RULES=()     # iptables rules we added ourselves: "table rule…"
DROVER_OWN_IPTABLES=0      # our dockerd manages iptables (no other dockerd was running)
DROVER_NET_SNAPSHOT=""     # folder with the host's firewall, bridges and sysctls before our dockerd
DROVER_CHECKED=()          # what cleanup verified about the host's network state
DROVER_REGISTRY_PID=""
DROVER_PODMAN_PID=""
DROVER_PODMAN_DIR=""
DROVER_REMOVE_DIRS=()    # temp dirs to delete in cleanup
DROVER_CLEANED_UP=0

# dockerd, ip and iptables live in /usr/sbin, which some CI shells leave out.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin:/sbin" ;; esac

drover_say() { printf 'drover: %s\n' "$*" >&2; }
drover_die() { printf 'drover: %s\n' "$*" >&2; exit 1; }
drover_is_root() { [[ "$(id -u)" -eq 0 ]]; }

# ---------------------------------------------------------------------------
# JDK
# ---------------------------------------------------------------------------

# Prints the major version of the java launcher $1 (e.g. 25, 17, 8), or nothing.
drover_java_major() {
  local java="$1" line ver
  [[ -x "$java" ]] || return 0
  line="$("$java" -version 2>&1 | grep -m1 -E 'version "' || true)"
  ver="$(sed -E 's/.*version "([^"]*)".*/\1/' <<<"$line")"
  [[ -n "$line" && -n "$ver" ]] || return 0
  if [[ "$ver" == 1.* ]]; then       # 1.8.0_402 -> 8
    ver="${ver#1.}"
  fi
  ver="${ver%%[.+_-]*}"              # 25.0.3 / 25-ea / 25+36 -> 25
  [[ "$ver" =~ ^[0-9]+$ ]] && printf '%s\n' "$ver"
  return 0
}

find_jdk25() {
  local major
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major="$(drover_java_major "$JAVA_HOME/bin/java")"
    if [[ -n "$major" && "$major" -ge 25 ]]; then
      export JAVA_HOME
      export PATH="$JAVA_HOME/bin:$PATH"
      drover_say "using JDK $major at $JAVA_HOME (from JAVA_HOME)"
      return 0
    fi
    drover_say "JAVA_HOME=$JAVA_HOME is not a JDK 25+ (version: ${major:-unknown}); searching elsewhere"
  fi

  local best="" best_major=0 candidate
  local candidates=(
    /usr/lib/jvm/*
    /opt/java/*
    /Library/Java/JavaVirtualMachines/*/Contents/Home
    "${HOME:-/nonexistent}"/.sdkman/candidates/java/*
    "${HOME:-/nonexistent}"/.jdks/*
  )
  for candidate in "${candidates[@]}"; do
    [[ -d "$candidate" && -x "$candidate/bin/javac" && -x "$candidate/bin/java" ]] || continue
    [[ -L "$candidate" && "$(basename "$candidate")" == current ]] && continue  # sdkman alias
    major="$(drover_java_major "$candidate/bin/java")"
    [[ -n "$major" ]] || continue
    if (( major >= 25 && major > best_major )); then
      best="$candidate"
      best_major="$major"
    fi
  done

  if [[ -z "$best" ]]; then
    drover_die "no JDK 25 found. Install one, e.g. \`apt-get install temurin-25-jdk\` from Adoptium, or set JAVA_HOME"
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  drover_say "using JDK $best_major at $JAVA_HOME"
}

# ---------------------------------------------------------------------------
# Debian packages
# ---------------------------------------------------------------------------

ensure_packages() {
  (( $# > 0 )) || return 0
  if [[ "$(uname -s)" != Linux ]]; then
    # Debian package names mean nothing here (e.g. macOS); nothing to check.
    return 0
  fi
  if ! command -v dpkg-query >/dev/null 2>&1; then
    drover_say "this is not a Debian-based system, so required packages cannot be checked."
    drover_say "make sure the equivalents of these Debian packages are installed: $*"
    exit 1
  fi

  local missing=() pkg status
  for pkg in "$@"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != *"ok installed"* ]]; then
      missing+=("$pkg")
    fi
  done
  (( ${#missing[@]} > 0 )) || return 0

  if drover_is_root && command -v apt-get >/dev/null 2>&1; then
    drover_say "installing missing packages: ${missing[*]}"
    if [[ -z "${DROVER_APT_UPDATED:-}" ]]; then
      DEBIAN_FRONTEND=noninteractive apt-get update \
        || drover_die "apt-get update failed"
      DROVER_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" \
      || drover_die "apt-get install failed for: ${missing[*]}"
    return 0
  fi

  drover_say "missing packages: ${missing[*]}"
  if command -v apt-get >/dev/null 2>&1; then
    drover_say "install them with:  sudo apt-get install -y --no-install-recommends ${missing[*]}"
    drover_say "(or run this script as root and it installs them itself)"
  else
    drover_say "apt-get is not available; install these packages with your package manager: ${missing[*]}"
  fi
  exit 1
}

# The Debian package with the QEMU system emulator for this machine's architecture (the VM runs the host's).
drover_qemu_package() {
  case "$(dpkg --print-architecture 2>/dev/null || uname -m)" in
    arm64 | aarch64) echo qemu-system-arm ;;
    *) echo qemu-system-x86 ;;
  esac
}

# ---------------------------------------------------------------------------
# Private dockerd
# ---------------------------------------------------------------------------

# Prints the pids of all processes whose command line mentions $1 (a path that
# is unique to us, e.g. our exec-root), excluding this shell.
drover_pids_mentioning() {
  local needle="$1" p cmd
  for p in /proc/[0-9]*; do
    p="${p#/proc/}"
    [[ "$p" == "$$" || "$p" == "$BASHPID" ]] && continue
    cmd="$( { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null || true)"
    [[ -n "$cmd" && "$cmd" == *"$needle"* ]] && printf '%s\n' "$p"
  done
  return 0
}

# Prints $1 and all its descendants (depth first).
drover_pid_tree() {
  local pid="$1" child
  printf '%s\n' "$pid"
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null || true); do
    drover_pid_tree "$child"
  done
}

# True while pid $1 exists and is not a zombie.
drover_alive() {
  local state
  [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null || return 1
  [[ -r "/proc/$1/stat" ]] || return 0
  state="$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null || true)"
  [[ "$state" != Z && "$state" != X ]]
}

# Waits up to $2 seconds for pid $1 to disappear. Returns 1 if still alive.
drover_wait_gone() {
  local pid="$1" secs="$2" i
  for (( i = 0; i < secs * 10; i++ )); do
    if ! drover_alive "$pid"; then
      wait "$pid" 2>/dev/null || true   # reap it if it is our child
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# drover_add_rule TABLE CHAIN SPEC…: insert an iptables rule (once) and
# remember it so cleanup deletes it again.
drover_add_rule() {
  local table="$1" chain="$2"
  shift 2
  iptables -t "$table" -C "$chain" "$@" 2>/dev/null && return 0
  if iptables -t "$table" -I "$chain" 1 "$@" 2>/dev/null; then
    DROVER_ADDED_RULES+=("$table $chain $*")
  else
    drover_say "warning: could not add iptables rule ($table $chain $*); containers may have no outbound network"
  fi
}

start_private_dockerd() {
  local dir="${1:?start_private_dockerd needs a directory}"
  if ! drover_is_root; then
    drover_say "starting a private Docker engine needs root."
    drover_say "either start Docker yourself and set DOCKER_HOST (e.g. export DOCKER_HOST=unix:///var/run/docker.sock),"
    drover_say "or run this script as root (sudo $0)."
    exit 1
  fi
  command -v dockerd >/dev/null 2>&1 || drover_die "dockerd not found (install the docker.io package)"
  command -v docker >/dev/null 2>&1 || drover_die "docker client not found (install the docker.io package)"
  command -v ip >/dev/null 2>&1 || drover_die "ip not found (install the iproute2 package)"

  mkdir -p "$dir" || drover_die "cannot create $dir"
  dir="$(cd "$dir" && pwd -P)"
  local sock="$dir/docker.sock" log="$dir/dockerd.log" pidfile="$dir/dockerd.pid"
  local host="unix://$sock"

  local oldpid=""
  [[ -s "$pidfile" ]] && oldpid="$(cat "$pidfile" 2>/dev/null || true)"
  if [[ "$oldpid" =~ ^[0-9]+$ ]] && drover_alive "$oldpid" \
     && [[ "$(cat "/proc/$oldpid/comm" 2>/dev/null || true)" == dockerd ]]; then
    drover_die "a dockerd (pid $oldpid) is already running with $dir; stop it first (kill $oldpid)"
  fi

  drover_net_snapshot
  drover_choose_bridge

  # Is some other dockerd already running on this machine? Docker's bridge
  # driver flushes and recreates the shared DOCKER* iptables chains on start,
  # which would break that engine's networking. In that case we leave iptables
  # to the other engine and add just our own NAT rule.
  local other_dockerd="" iptables_opts=()
  other_dockerd="$(pidof dockerd 2>/dev/null || true)"
  if [[ -n "$other_dockerd" ]]; then
    drover_say "another dockerd is running (pid $other_dockerd); starting ours with --iptables=false so we don't touch its firewall rules"
    iptables_opts=(--iptables=false --ip-masq=false)
  elif command -v iptables >/dev/null 2>&1; then
    # dockerd will add its rules and chains, may enable forwarding and set the FORWARD policy to DROP: cleanup
    # undoes that from the snapshot above.
    DROVER_OWN_IPTABLES=1
  fi

  # Our own bridge, so we never collide with docker0 of an existing engine.
  if ip link show "$DROVER_BRIDGE_NAME" >/dev/null 2>&1; then
    drover_say "bridge $DROVER_BRIDGE_NAME already exists; reusing it"
  else
    ip link add "$DROVER_BRIDGE_NAME" type bridge \
      || drover_die "cannot create bridge $DROVER_BRIDGE_NAME (ip link add … type bridge failed)"
    DROVER_BRIDGE_CREATED=1
    DROVER_STARTED+=("bridge $DROVER_BRIDGE_NAME")
  fi
  local addrs
  addrs="$(ip -4 addr show dev "$DROVER_BRIDGE_NAME" 2>/dev/null || true)"
  if [[ "$addrs" != *" ${DROVER_BRIDGE_CIDR%/*}/"* ]]; then
    ip addr add "$DROVER_BRIDGE_CIDR" dev "$DROVER_BRIDGE_NAME" \
      || drover_die "cannot assign $DROVER_BRIDGE_CIDR to $DROVER_BRIDGE_NAME"
  fi
  ip link set "$DROVER_BRIDGE_NAME" up || drover_die "cannot bring $DROVER_BRIDGE_NAME up"

  if (( ${#iptables_opts[@]} > 0 )) && command -v iptables >/dev/null 2>&1; then
    # Without iptables management our containers need NAT and (if the other
    # engine set the FORWARD policy to DROP) forwarding rules for drover0.
    drover_add_rule nat POSTROUTING -s "$DROVER_BRIDGE_SUBNET" ! -o "$DROVER_BRIDGE_NAME" -j MASQUERADE
    drover_add_rule filter FORWARD -i "$DROVER_BRIDGE_NAME" -j ACCEPT
    drover_add_rule filter FORWARD -o "$DROVER_BRIDGE_NAME" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
  fi

  : >"$log"
  drover_say "starting private dockerd on $host (data in $dir, log $log)"
  dockerd \
    --host "$host" \
    --data-root "$dir/data" \
    --exec-root "$dir/exec" \
    --pidfile "$pidfile" \
    --containerd-namespace drover \
    --containerd-plugins-namespace drover-plugins \
    --bridge="$DROVER_BRIDGE_NAME" \
    ${iptables_opts[@]+"${iptables_opts[@]}"} \
    </dev/null >>"$log" 2>&1 &
  DROVER_DOCKERD_PID=$!
  DROVER_DOCKERD_DIR="$dir"
  export DROVER_DOCKERD_PID
  DROVER_STARTED+=("dockerd pid $DROVER_DOCKERD_PID ($host)")

  local i
  for (( i = 0; i < 120; i++ )); do
    if docker -H "$host" version >/dev/null 2>&1; then
      drover_say "private dockerd is up (pid $DROVER_DOCKERD_PID)"
      return 0
    fi
    if ! drover_alive "$DROVER_DOCKERD_PID"; then
      break
    fi
    sleep 0.5
  done

  if drover_alive "$DROVER_DOCKERD_PID"; then
    drover_say "dockerd did not answer on $host within 60 s; last 30 lines of $log:"
  else
    drover_say "dockerd exited during start-up; last 30 lines of $log:"
  fi
  tail -n 30 "$log" >&2 || true
  exit 1
}

drover_stop_dockerd() {
  local pid="$DROVER_DOCKERD_PID" dir="$DROVER_DOCKERD_DIR"
  [[ -n "$pid" ]] || return 0
  local leftovers=() p how="had already exited"

  if drover_alive "$pid"; then
    how="stopped"
    kill -TERM "$pid" 2>/dev/null || true
    if ! drover_wait_gone "$pid" 20; then
      drover_say "dockerd (pid $pid) did not stop within 20 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      drover_wait_gone "$pid" 5 || true
      how="killed"
    fi
  fi
  DROVER_STOPPED+=("dockerd pid $pid ($how)")

  # The containerd dockerd started for itself (and its shims, with whatever
  # they still run) normally exit with dockerd. Anything left that mentions
  # our exec-root is ours: stop it, children first.
  if [[ -n "$dir" ]]; then
    for p in $(drover_pids_mentioning "$dir/exec"); do
      mapfile -t -O "${#leftovers[@]}" leftovers < <(drover_pid_tree "$p")
    done
    if (( ${#leftovers[@]} > 0 )); then
      kill -TERM "${leftovers[@]}" 2>/dev/null || true
      for p in "${leftovers[@]}"; do drover_wait_gone "$p" 5 || kill -KILL "$p" 2>/dev/null || true; done
      DROVER_STOPPED+=("${#leftovers[@]} leftover containerd process(es)")
    fi
    # Unmount anything dockerd left mounted below our directory (deepest first).
    local mounts=() m
    mapfile -t mounts < <(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r)
    for m in "${mounts[@]}"; do
      umount -l "$m" 2>/dev/null || true
    done
  fi
  DROVER_DOCKERD_PID=""
}

# ---------------------------------------------------------------------------
# The host's network state: saved before our dockerd, restored and verified after
# ---------------------------------------------------------------------------

# iptables-save / ip6tables-save output without its comments and counters, so two saves compare equal; a table
# with no rules, no chains of its own and ACCEPT policies is left out, as it filters nothing (the kernel creates
# such a table the first time anything lists it).
drover_fw_dump() {   # drover_fw_dump iptables|ip6tables
  command -v "$1-save" >/dev/null 2>&1 || return 0
  "$1-save" 2>/dev/null | sed -E '/^#/d; s/ \[[0-9]+:[0-9]+\]$//' | awk '
    /^\*/ { table = $0 "\n"; empty = 1; next }
    /^COMMIT$/ { if (!empty) printf "%sCOMMIT\n", table; table = ""; next }
    {
      table = table $0 "\n"
      if (!($1 ~ /^:(INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING)$/ && $2 == "ACCEPT")) empty = 0
    }'
}

drover_net_sysctls() {
  local key
  for key in net/ipv4/ip_forward net/ipv6/conf/all/forwarding net/ipv6/conf/default/forwarding \
             net/bridge/bridge-nf-call-iptables net/bridge/bridge-nf-call-ip6tables; do
    [[ -r "/proc/sys/$key" ]] && printf '%s=%s\n' "$key" "$(cat "/proc/sys/$key")"
  done
  return 0
}

drover_net_bridges() {
  ip -o link show type bridge 2>/dev/null | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort
}

drover_net_snapshot() {
  DROVER_NET_SNAPSHOT="$(mktemp -d "${TMPDIR:-/tmp}/drover-net.XXXXXX")"
  DROVER_REMOVE_DIRS+=("$DROVER_NET_SNAPSHOT")
  local family
  for family in iptables ip6tables; do
    command -v "$family-save" >/dev/null 2>&1 || continue
    "$family-save" >"$DROVER_NET_SNAPSHOT/$family.raw" 2>/dev/null || true
    drover_fw_dump "$family" >"$DROVER_NET_SNAPSHOT/$family"
  done
  drover_net_sysctls >"$DROVER_NET_SNAPSHOT/sysctls"
  drover_net_bridges >"$DROVER_NET_SNAPSHOT/bridges"
  pidof dockerd >"$DROVER_NET_SNAPSHOT/dockerds" 2>/dev/null || true
}

# Takes drover0, or the next drover<N> when a running dockerd already uses it (two engines on one bridge hand
# out the same addresses), unless DROVER_BRIDGE_NAME was given.
drover_choose_bridge() {
  [[ -n "$DROVER_BRIDGE_FIXED" ]] && return 0
  local n p cmd used
  for (( n = 0; n <= 5; n++ )); do
    used=0
    for p in $(pidof dockerd 2>/dev/null || true); do
      cmd="$( { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null || true)"
      [[ "$cmd" == *"--bridge=drover$n "* || "$cmd" == *"--bridge drover$n "* ]] && used=1
    done
    if (( ! used )); then
      DROVER_BRIDGE_NAME="drover$n"
      DROVER_BRIDGE_CIDR="172.31.$((250 + n)).1/24"
      DROVER_BRIDGE_SUBNET="172.31.$((250 + n)).0/24"
      (( n == 0 )) || drover_say "another dockerd uses drover0…drover$((n - 1)); ours takes $DROVER_BRIDGE_NAME ($DROVER_BRIDGE_SUBNET)"
      return 0
    fi
  done
  drover_die "drover0…drover5 are all used by running dockerds; set DROVER_BRIDGE_NAME and DROVER_BRIDGE_CIDR"
}

# True when a dockerd runs now that did not run at the snapshot (it may have changed the firewall itself).
drover_new_dockerd_running() {
  local p
  for p in $(pidof dockerd 2>/dev/null || true); do
    grep -qw "$p" "$DROVER_NET_SNAPSHOT/dockerds" 2>/dev/null || return 0
  done
  return 1
}

# Lines of a dump that are ours: they name our bridge or subnet, or define or use a chain that did not exist
# before; with our dockerd managing iptables, changed policies of built-in chains too.
drover_fw_ours() {   # drover_fw_ours NEW-CHAINS-REGEX < lines
  local chains="$1" own_policies=0
  (( DROVER_OWN_IPTABLES )) && ! drover_new_dockerd_running && own_policies=1
  awk -v bridge="$DROVER_BRIDGE_NAME" -v subnet="$DROVER_BRIDGE_SUBNET" -v chains="$chains" -v pol="$own_policies" '
    {
      ours = 0
      for (i = 1; i <= NF; i++) if ($i == bridge || $i == subnet) ours = 1
      if (chains != "") {
        if ($1 ~ ("^:(" chains ")$")) ours = 1
        for (i = 1; i < NF; i++) if (($i == "-A" || $i == "-j" || $i == "-g") && $(i + 1) ~ ("^(" chains ")$")) ours = 1
      }
      if (pol && $1 ~ /^:(INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING)$/) ours = 1
      if (ours) print
    }'
}

# Restores one family's firewall to the snapshot as far as the differences are ours, then compares again.
drover_fw_restore() {   # drover_fw_restore iptables|ip6tables
  local family="$1" before="$DROVER_NET_SNAPSHOT/$1" now added removed chains ours foreign left
  [[ -f "$before" ]] || return 0
  now="$(drover_fw_dump "$family")"
  if [[ "$now" == "$(cat "$before")" ]]; then
    DROVER_CHECKED+=("$family identical to before")
    return 0
  fi
  # Chains (per any table) that exist now and did not before, as an awk alternation.
  chains="$(comm -13 <(awk '/^:/ { print substr($1, 2) }' "$before" | sort -u) \
                     <(awk '/^:/ { print substr($1, 2) }' <<<"$now" | sort -u) | paste -sd'|' -)"
  if drover_new_dockerd_running; then
    # A dockerd that started after ours may use the chains ours created: only lines naming our bridge count.
    chains=""
  fi
  added="$(comm -13 <(sort "$before") <(sort <<<"$now") | grep -vE '^(\*|COMMIT$)' || true)"
  removed="$(comm -23 <(sort "$before") <(sort <<<"$now") | grep -vE '^(\*|COMMIT$)' || true)"
  ours="$(printf '%s\n%s\n' "$added" "$removed" | sed '/^$/d' | drover_fw_ours "$chains")"
  foreign="$(printf '%s\n%s\n' "$added" "$removed" | sed '/^$/d' | grep -vxF -f <(printf '%s\n' "$ours") || true)"
  if [[ -z "$foreign" && -f "$before.raw" ]]; then
    # Every difference is ours: put the saved tables back as they were, in one step; a table that was not there
    # before goes back to empty with ACCEPT policies.
    local saved_tables
    saved_tables="$(awk '/^\*/ { printf " %s ", $0 }' "$before.raw")"
    { cat "$before.raw"
      "$family-save" 2>/dev/null | awk -v saved="$saved_tables" '
        /^\*/ { skip = index(saved, " " $0 " ") > 0; if (!skip) print; next }
        skip { next }
        /^:/ { if ($2 != "-") print $1 " ACCEPT"; next }
        /^COMMIT$/ { print }'
    } | "$family-restore" 2>/dev/null || drover_say "warning: $family-restore of the saved firewall failed"
  else
    # Someone else changed the firewall too (another engine's containers): take back only what is ours.
    local table="" line policy
    while IFS= read -r line; do
      case "$line" in
        \**) table="${line#\*}" ;;
        -A\ *)
          if grep -qxF -- "$line" <<<"$added" && grep -qxF -- "$line" <<<"$ours"; then
            eval "set -- ${line#-A }"
            "$family" -t "$table" -D "$@" 2>/dev/null || true
          fi ;;
      esac
    done <<<"$now"
    table=""
    while IFS= read -r line; do   # policies of built-in chains, when ours
      case "$line" in
        \**) table="${line#\*}" ;;
        :*)
          if grep -qxF -- "$line" <<<"$removed" && grep -qxF -- "$line" <<<"$ours"; then
            read -r policy _ <<<"${line#:}"
            "$family" -t "$table" -P "$policy" "${line##* }" 2>/dev/null || true
          fi ;;
      esac
    done <"$before"
    if [[ -n "$chains" ]]; then   # the new chains: empty them all first, since they may jump to each other
      local new_chains=() entry
      table=""
      while IFS= read -r line; do
        case "$line" in
          \**) table="${line#\*}" ;;
          :*) line="${line#:}"; [[ "${line%% *}" =~ ^($chains)$ ]] && new_chains+=("$table ${line%% *}") ;;
        esac
      done <<<"$now"
      for entry in ${new_chains[@]+"${new_chains[@]}"}; do "$family" -t "${entry% *}" -F "${entry#* }" 2>/dev/null || true; done
      for entry in ${new_chains[@]+"${new_chains[@]}"}; do "$family" -t "${entry% *}" -X "${entry#* }" 2>/dev/null || true; done
    fi
  fi
  # Verify: compare with the snapshot again.
  now="$(drover_fw_dump "$family")"
  if [[ "$now" == "$(cat "$before")" ]]; then
    DROVER_CHECKED+=("$family restored and identical to before")
    return 0
  fi
  added="$(comm -13 <(sort "$before") <(sort <<<"$now") | grep -vE '^(\*|COMMIT$)' || true)"
  removed="$(comm -23 <(sort "$before") <(sort <<<"$now") | grep -vE '^(\*|COMMIT$)' || true)"
  left="$(printf '%s\n%s\n' "$added" "$removed" | sed '/^$/d' | drover_fw_ours "$chains")"
  local others
  others="$(printf '%s\n%s\n' "$added" "$removed" | sed '/^$/d' | grep -cvxF -f <(printf '%s\n' "$left") || true)"
  if [[ -n "$left" ]]; then
    drover_say "warning: $family still differs from before in lines that are ours:"
    printf '%s\n' "$left" | sed 's/^/  /' >&2
    DROVER_CHECKED+=("$family NOT restored ($(wc -l <<<"$left") line(s) of ours left: listed above)")
  else
    DROVER_CHECKED+=("$family: our rules and chains removed; $others line(s) changed meanwhile by other programs left alone")
  fi
}

drover_net_restore() {
  [[ -n "$DROVER_NET_SNAPSHOT" && -d "$DROVER_NET_SNAPSHOT" ]] || return 0
  drover_fw_restore iptables
  drover_fw_restore ip6tables

  local key value now changed=() restored=()
  while IFS='=' read -r key value; do
    [[ -n "$key" && -r "/proc/sys/$key" ]] || continue
    now="$(cat "/proc/sys/$key")"
    [[ "$now" == "$value" ]] && continue
    if drover_new_dockerd_running; then
      changed+=("${key//\//.}=$now (was $value; left as is since another dockerd started meanwhile)")
    elif echo "$value" >"/proc/sys/$key" 2>/dev/null && [[ "$(cat "/proc/sys/$key")" == "$value" ]]; then
      restored+=("${key//\//.}=$value")
    else
      changed+=("${key//\//.}=$now (was $value; could not restore)")
    fi
  done <"$DROVER_NET_SNAPSHOT/sysctls"
  if (( ${#changed[@]} > 0 )); then
    DROVER_CHECKED+=("sysctls differ: ${changed[*]}")
  elif (( ${#restored[@]} > 0 )); then
    DROVER_CHECKED+=("sysctls restored to before (${restored[*]})")
  else
    DROVER_CHECKED+=("sysctls as before")
  fi

  local extra missing
  extra="$(comm -13 "$DROVER_NET_SNAPSHOT/bridges" <(drover_net_bridges) | paste -sd' ' -)"
  missing="$(comm -23 "$DROVER_NET_SNAPSHOT/bridges" <(drover_net_bridges) | paste -sd' ' -)"
  if [[ -z "$extra" && -z "$missing" ]]; then
    DROVER_CHECKED+=("bridges as before")
  else
    DROVER_CHECKED+=("bridges differ:${extra:+ new $extra}${missing:+ gone $missing}")
  fi
  DROVER_NET_SNAPSHOT=""
}

drover_remove_bridge() {
  local r
  for r in ${DROVER_ADDED_RULES[@]+"${DROVER_ADDED_RULES[@]}"}; do
    # shellcheck disable=SC2086  # "table chain spec…" has no quoted words
    set -- $r
    iptables -t "$1" -D "${@:2}" 2>/dev/null || true
  done
  DROVER_ADDED_RULES=()
  if (( DROVER_BRIDGE_CREATED )); then
    if ip link show "$DROVER_BRIDGE_NAME" >/dev/null 2>&1; then
      ip link set "$DROVER_BRIDGE_NAME" down 2>/dev/null || true
      if ip link delete "$DROVER_BRIDGE_NAME" type bridge 2>/dev/null; then
        DROVER_STOPPED+=("bridge $DROVER_BRIDGE_NAME (removed)")
      else
        drover_say "warning: could not remove bridge $DROVER_BRIDGE_NAME (ip link delete $DROVER_BRIDGE_NAME)"
      fi
    fi
    DROVER_BRIDGE_CREATED=0
  fi
}

# ---------------------------------------------------------------------------
# Xvfb
# ---------------------------------------------------------------------------

start_xvfb() {
  if [[ -n "${DISPLAY:-}" ]]; then
    return 0
  fi
  command -v Xvfb >/dev/null 2>&1 || drover_die "Xvfb not found (install the xvfb package)"
  command -v xdpyinfo >/dev/null 2>&1 || drover_die "xdpyinfo not found (install the x11-utils package)"

  local n attempts=0 i
  DROVER_XVFB_LOG="$(mktemp "${TMPDIR:-/tmp}/drover-xvfb-log.XXXXXX")"
  DROVER_REMOVE_DIRS+=("$DROVER_XVFB_LOG")
  for (( n = 99; n < 200 && attempts < 5; n++ )); do
    [[ -e "/tmp/.X11-unix/X$n" || -e "/tmp/.X$n-lock" ]] && continue
    attempts=$((attempts + 1))
    Xvfb ":$n" -screen 0 1600x1000x24 -nolisten tcp </dev/null >>"$DROVER_XVFB_LOG" 2>&1 &
    DROVER_XVFB_PID=$!
    DROVER_XVFB_DISPLAY=":$n"
    for (( i = 0; i < 100; i++ )); do
      if ! drover_alive "$DROVER_XVFB_PID"; then
        break
      fi
      if xdpyinfo -display ":$n" >/dev/null 2>&1; then
        export DISPLAY=":$n"
        DROVER_STARTED+=("Xvfb $DISPLAY (pid $DROVER_XVFB_PID)")
        drover_say "started Xvfb on $DISPLAY (pid $DROVER_XVFB_PID)"
        return 0
      fi
      sleep 0.2
    done
    if drover_alive "$DROVER_XVFB_PID"; then
      # running but not answering within 20 s: give up on it
      kill -TERM "$DROVER_XVFB_PID" 2>/dev/null || true
      drover_wait_gone "$DROVER_XVFB_PID" 5 || kill -KILL "$DROVER_XVFB_PID" 2>/dev/null || true
      drover_say "Xvfb :$n did not answer within 20 s; last lines of its log:"
      tail -n 20 "$DROVER_XVFB_LOG" >&2 || true
      DROVER_XVFB_PID=""
      exit 1
    fi
    # exited (e.g. someone grabbed the display meanwhile): try the next number
    wait "$DROVER_XVFB_PID" 2>/dev/null || true
    DROVER_XVFB_PID=""
  done
  drover_say "could not start Xvfb; last lines of its log:"
  tail -n 20 "$DROVER_XVFB_LOG" >&2 || true
  exit 1
}

drover_stop_xvfb() {
  local pid="$DROVER_XVFB_PID"
  [[ -n "$pid" ]] || return 0
  if drover_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    drover_wait_gone "$pid" 5 || { kill -KILL "$pid" 2>/dev/null || true; drover_wait_gone "$pid" 2 || true; }
  fi
  DROVER_STOPPED+=("Xvfb $DROVER_XVFB_DISPLAY (pid $pid)")
  DROVER_XVFB_PID=""
}

start_local_registry() {   # start_local_registry DIR
  local dir="$1" port i
  command -v docker-registry >/dev/null 2>&1 || drover_die "docker-registry not found (install the docker-registry package)"
  mkdir -p "$dir/data"
  # The first free port from 5000: a registry the machine already runs keeps its own.
  for (( port = 5000; port < 5100; port++ )); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YAML
  docker-registry serve "$dir/config.yml" </dev/null >>"$dir/registry.log" 2>&1 &
  DROVER_REGISTRY_PID=$!
  for (( i = 0; i < 100; i++ )); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      export DROVER_TEST_REGISTRY="127.0.0.1:$port"
      DROVER_STARTED+=("registry $DROVER_TEST_REGISTRY (pid $DROVER_REGISTRY_PID)")
      drover_say "started a local image registry on $DROVER_TEST_REGISTRY (pid $DROVER_REGISTRY_PID)"
      return 0
    fi
    drover_alive "$DROVER_REGISTRY_PID" || break
    sleep 0.2
  done
  drover_say "the local registry did not start; last lines of its log:"
  tail -n 20 "$dir/registry.log" >&2 || true
  exit 1
}

start_podman_service() {   # start_podman_service DIR
  local dir="$1" i
  command -v podman >/dev/null 2>&1 || drover_die "podman not found (install the podman package)"
  mkdir -p "$dir"
  # Podman's default ulimits exceed this kind of machine's hard limits, and crun refuses hybrid cgroups here:
  # keep both within what the host allows.
  cat >"$dir/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
runtime = "runc"
CONF
  DROVER_PODMAN_DIR="$dir"
  CONTAINERS_CONF="$dir/containers.conf" podman --root "$dir/root" --runroot "$dir/runroot" \
    system service --time=0 "unix://$dir/podman.sock" </dev/null >>"$dir/podman.log" 2>&1 &
  DROVER_PODMAN_PID=$!
  for (( i = 0; i < 150; i++ )); do
    if [[ -S "$dir/podman.sock" ]] && curl -fsS --max-time 2 --unix-socket "$dir/podman.sock" http://podman/_ping >/dev/null 2>&1; then
      export DROVER_TEST_PODMAN_HOST="unix://$dir/podman.sock"
      DROVER_STARTED+=("podman service $DROVER_TEST_PODMAN_HOST (pid $DROVER_PODMAN_PID)")
      drover_say "started Podman's Docker API on $DROVER_TEST_PODMAN_HOST (pid $DROVER_PODMAN_PID)"
      return 0
    fi
    drover_alive "$DROVER_PODMAN_PID" || break
    sleep 0.2
  done
  drover_say "the Podman service did not start; last lines of its log:"
  tail -n 20 "$dir/podman.log" >&2 || true
  exit 1
}

drover_stop_podman() {
  local pid="$DROVER_PODMAN_PID" dir="$DROVER_PODMAN_DIR"
  [[ -n "$pid" ]] || return 0
  # Containers outlive the API service (conmon keeps them): remove the ones the tests left first.
  CONTAINERS_CONF="$dir/containers.conf" timeout 60 podman --root "$dir/root" --runroot "$dir/runroot" \
    rm --all --force --time 0 >/dev/null 2>&1 || true
  if drover_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    drover_wait_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
  fi
  DROVER_STOPPED+=("podman service (pid $pid)")
  DROVER_PODMAN_PID=""
}

drover_stop_registry() {
  local pid="$DROVER_REGISTRY_PID"
  [[ -n "$pid" ]] || return 0
  if drover_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    drover_wait_gone "$pid" 5 || kill -KILL "$pid" 2>/dev/null || true
  fi
  DROVER_STOPPED+=("registry (pid $pid)")
  DROVER_REGISTRY_PID=""
}

# ---------------------------------------------------------------------------
# Cleanup
# ---------------------------------------------------------------------------

drover_join() { local IFS=','; local s="$*"; printf '%s' "${s//,/, }"; }

cleanup() {
  local rc=$?
  (( DROVER_CLEANED_UP )) && return "$rc"
  DROVER_CLEANED_UP=1
  set +e
  drover_stop_xvfb
  drover_stop_registry
  drover_stop_podman
  drover_stop_dockerd
  drover_remove_bridge
  drover_net_restore
  local f
  for f in ${DROVER_REMOVE_DIRS[@]+"${DROVER_REMOVE_DIRS[@]}"}; do
    [[ -n "$f" ]] && rm -rf -- "$f"
  done
  if (( ${#DROVER_STARTED[@]} > 0 || ${#DROVER_STOPPED[@]} > 0 )); then
    local started="nothing" stopped="nothing"
    (( ${#DROVER_STARTED[@]} > 0 )) && started="$(drover_join "${DROVER_STARTED[@]}")"
    (( ${#DROVER_STOPPED[@]} > 0 )) && stopped="$(drover_join "${DROVER_STOPPED[@]}")"
    drover_say "summary: started $started; stopped $stopped"
    (( ${#DROVER_CHECKED[@]} > 0 )) && drover_say "checked afterwards: $(drover_join "${DROVER_CHECKED[@]}")"
  fi
  return "$rc"
}

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
