#!/bin/sh
# Runs k3s in Drover's VM without relying on the guest's init system: Drover starts, stops and resets it through
# this script. DROVER_K3S_ROOT prefixes every path so the script can be exercised outside a VM.
set -eu

ROOT="${DROVER_K3S_ROOT:-}"
BIN="$ROOT/usr/local/bin/k3s"
CONFIG="$ROOT/etc/rancher/k3s/config.yaml"
KUBECONFIG_FILE="$ROOT/etc/rancher/k3s/k3s.yaml"
PIDFILE="$ROOT/run/drover-k3s.pid"
LOG="$ROOT/var/log/drover-k3s.log"
DATA="$ROOT/var/lib/rancher/k3s"
CHROOT="$ROOT/run/drover-k3s/root"

running() {
    [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

start() {
    if running; then
        echo running
        return 0
    fi
    mkdir -p "$(dirname "$PIDFILE")" "$(dirname "$LOG")"
    # The caller waits for this start's kubeconfig, so a stale one from an earlier run must not satisfy it.
    rm -f "$KUBECONFIG_FILE"
    echo "--- drover-k3s start $(date -u '+%Y-%m-%dT%H:%M:%SZ')" >>"$LOG"
    # Not nohup: the Drover VM's busybox has none. Ignoring SIGHUP survives the exec, so $! is k3s itself.
    # The proxy the user set in Drover's Settings (written by the guest's init), for k3s's image pulls.
    ( trap '' HUP
      if [ -r "$ROOT/etc/drover/proxy.env" ]; then . "$ROOT/etc/drover/proxy.env"; fi
      if [ -n "$ROOT" ]; then exec "$BIN" server --config "$CONFIG"; fi
      # The VM's root is its initramfs, which pivot_root(2) refuses to leave, and k3s's containerd starts every
      # container with runc's pivot_root. So k3s runs chrooted into a bind mount of that root, in a mount namespace
      # of its own: the same files, but a root that is a mount point with a parent, which pivot_root accepts. The
      # namespace's mounts (pods' volumes, the bind itself) go away with its last process.
      mkdir -p "$CHROOT"
      exec unshare -m /bin/sh -c 'mount --make-rprivate / && mount --rbind / "$1" && shift && exec chroot "$@"' \
        drover-k3s "$CHROOT" "$CHROOT" "$BIN" server --config "$CONFIG" ) >>"$LOG" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
    echo started
}

stop() {
    if running; then
        pid="$(cat "$PIDFILE")"
        kill -TERM "$pid" 2>/dev/null || true
        waited=0
        while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 30 ]; do
            sleep 1
            waited=$((waited + 1))
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
    # Pods outlive the k3s server in its containerd shims. Only k3s's shims run from its data folder, so the
    # container engine's own containers are left alone.
    # A /proc scan rather than pgrep, which the Drover VM's busybox lacks.
    for process in /proc/[0-9]*; do
        case "$(tr '\0' ' ' <"$process/cmdline" 2>/dev/null)" in
            "$DATA"/data/*/containerd-shim*) kill -KILL "${process#/proc/}" 2>/dev/null || true ;;
        esac
    done
    if [ -z "$ROOT" ]; then
        # What k3s-killall.sh undoes: pod mounts and the cluster network's interfaces.
        awk '{print $2}' /proc/mounts | grep -E '^(/run/k3s|/var/lib/rancher/k3s|/var/lib/kubelet/pods|/run/netns/cni-)' \
            | sort -r | while read -r mount; do umount "$mount" 2>/dev/null || true; done
        for link in cni0 flannel.1 flannel-v6.1; do
            ip link delete "$link" 2>/dev/null || true
        done
    fi
    echo stopped
}

reset() {
    stop >/dev/null
    # Cluster state only: the binary and Drover's config.yaml stay, the engine's data is elsewhere.
    # The folders may be mount points (the VM keeps them on its data disk), so their content goes, not they.
    rm -rf "$DATA" "$ROOT/etc/rancher/node" "$KUBECONFIG_FILE"
    for state in "$ROOT/var/lib/kubelet" "$ROOT/var/lib/cni"; do
        if [ -d "$state" ]; then find "$state" -mindepth 1 -maxdepth 1 -exec rm -rf {} \; ; fi
    done
    echo reset
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    reset) reset ;;
    status)
        if running; then echo running; else echo stopped; exit 3; fi
        ;;
    logs) tail -n "${2:-40}" "$LOG" 2>/dev/null || true ;;
    *)
        echo "usage: drover-k3s start|stop|reset|status|logs [lines]" >&2
        exit 2
        ;;
esac
