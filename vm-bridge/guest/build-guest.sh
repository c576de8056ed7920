#!/usr/bin/env bash
# Builds Drover's guest Linux from Debian packages, without root: apt-get download + dpkg-deb -x.
#
#   vm-bridge/guest/build-guest.sh [output-link]
#
# Outputs, in a cache folder keyed by the package versions and this recipe's files:
#   vmlinuz          the Debian kernel, for QEMU's -kernel
#   initramfs.img    busybox init + containerd, runc, dockerd, iptables, e2fsprogs, CNI plugins, modules
#   rootfs.tar.gz    the same root filesystem as a tarball, for `wsl --import`
#   helper-image.tar the guest's own busybox as a one-layer image (`docker save` layout), tagged as helper-image.ref
#                    says; the host loads it into the guest's engine for its helper container (VmGuest, `drover vm
#                    shell`), so an offline VM needs no registry
#   manifest.txt     package versions and sizes
# The cache is ${DROVER_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/drover/guest}/<key>; a second run with the same
# versions does nothing. output-link (default vm-bridge/target/guest, or guest-<arch> for another architecture)
# becomes a symlink to it, and for the host's architecture so does <cache>/current (where the app looks when
# DROVER_GUEST_IMAGE is unset). Prints the folder.
# Asking apt for 42 candidate versions takes seconds, so <cache>/inputs-<hash> remembers the key for one state of this
# recipe and of apt's package lists: a later run with neither changed finds the guest without asking apt.
#
# DROVER_GUEST_ARCH (amd64 or arm64; default: the host's) picks the guest's architecture. Packages of another
# architecture come through a private apt state and cache under the cache folder (APT::Architecture set there),
# so the host's apt configuration is never changed and no root is needed. A busybox this machine runs does the
# recipe's depmod and cpio (the guest's own, or the host architecture's build of it), so the host needs nothing
# beyond apt, dpkg and coreutils.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${DROVER_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/drover/guest}"

say() { echo "build-guest: $*" >&2; }

host_arch="$(dpkg --print-architecture)"
arch="${DROVER_GUEST_ARCH:-$host_arch}"
case "$arch" in
  amd64) triplet=x86_64-linux-gnu; loader=lib64/ld-linux-x86-64.so.2; qemu_user=qemu-x86_64-static
         arch_modules=(button)
         # binfmt_misc entry for the other architecture's programs (arm64), run by its emulator.
         other_qemu=qemu-aarch64-static
         other_binfmt=':qemu-aarch64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-aarch64-static:F' ;;
  # QEMU's virt machine: virtio over PCIe or MMIO, the power button is a GPIO key on a PL061.
  arm64) triplet=aarch64-linux-gnu; loader=lib/ld-linux-aarch64.so.1; qemu_user=qemu-aarch64-static
         arch_modules=(virtio_mmio gpio_keys gpio_pl061)
         other_qemu=qemu-x86_64-static
         other_binfmt=':qemu-x86_64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00:\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-x86_64-static:F' ;;
  *) say "unsupported guest architecture '$arch' (amd64 or arm64)"; exit 1 ;;
esac
if [[ "$arch" == "$host_arch" ]]; then
  link="${1:-$here/../target/guest}"
else
  link="${1:-$here/../target/guest-$arch}"
fi

# apt for the guest's architecture: the host's own for the host's, a private state folder for another one.
apt_for_guest() { "$@"; }
if [[ "$arch" != "$host_arch" ]]; then
  apt_state="$cache_root/apt-$arch"
  mkdir -p "$apt_state/lists/partial" "$apt_state/cache/archives/partial"
  touch "$apt_state/status"
  cat > "$apt_state/apt.conf" <<EOF
APT::Architecture "$arch";
APT::Architectures { "$arch"; };
Dir::State "$apt_state";
Dir::State::Lists "$apt_state/lists";
Dir::State::status "$apt_state/status";
Dir::Cache "$apt_state/cache";
Debug::NoLocking "true";
EOF
  apt_for_guest() { APT_CONFIG="$apt_state/apt.conf" "$@"; }
  # The package lists of another architecture are fetched once a day at most.
  if [[ -z "$(find "$apt_state/lists" -maxdepth 1 -name '*Packages*' -mtime -1 -print -quit)" ]]; then
    say "fetching Debian's $arch package lists into $apt_state"
    apt_for_guest apt-get update -qq >&2 || { say "apt-get update for $arch failed"; exit 1; }
  fi
fi

publish() {
  mkdir -p "$(dirname "$link")"
  ln -sfn "$out" "$link"
  [[ "$arch" != "$host_arch" ]] || ln -sfn "$(basename "$out")" "$cache_root/current"
  echo "$out"
}

lists_dir=/var/lib/apt/lists
[[ -z "${apt_state:-}" ]] || lists_dir="$apt_state/lists"
inputs="$( { echo "$arch"; cat "$here/build-guest.sh" "$here/init" "$here/poweroff.sh"
             stat -c '%n %s %Y' "$lists_dir"/*Packages* /etc/apt/preferences* 2>/dev/null || true
           } | sha256sum | cut -c1-16)"
stamp="$cache_root/inputs-$inputs"
if [[ -s "$stamp" ]]; then
  out="$cache_root/$(cat "$stamp")"
  if [[ -f "$out/complete" ]]; then
    say "cached: $out (recipe and package lists unchanged)"
    publish
    exit 0
  fi
fi

say "[1/5] resolving package versions"
kernel_pkg="$(apt_for_guest apt-cache depends "linux-image-$arch" | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')"
[[ -n "$kernel_pkg" ]] || { say "no Debian kernel package found (is apt's package list present? run apt-get update)"; exit 1; }
packages=(
  "$kernel_pkg" busybox-static qemu-user-static
  docker.io containerd runc iptables containernetworking-plugins ca-certificates
  socat libssl3 libwrap0 libnsl2 libtirpc3 libgssapi-krb5-2 libkrb5-3 libk5crypto3 libkrb5support0 libkeyutils1
  e2fsprogs libext2fs2 libcom-err2 libblkid1 libuuid1 libss2
  libc6 libseccomp2 libsystemd0 libdevmapper1.02.1 libcap2 libgcrypt20 liblzma5 libzstd1 liblz4-1 libselinux1
  libudev1 libgpg-error0 libpcre2-8-0 libxtables12 libip4tc2 libip6tc2 libmnl0 libnftnl11
  dnsmasq-base libdbus-1-3 libgmp10 libhogweed6 libnettle8 libidn2-0 libunistring2 libnetfilter-conntrack3
  libnfnetlink0 libnftables1 libjansson4
)
# jq for the guest's shared-folder check (init's drover-shares-authz reads dockerd's JSON with it).
packages+=(jq libjq1 libonig5)
# Modules the guest loads at boot (their dependencies come along from modules.dep).
modules=(
  virtio_pci virtio_blk virtio_net virtio_rng virtio_console qemu_fw_cfg evdev
  ext4 overlay bridge br_netfilter veth nf_nat nf_conntrack nf_conntrack_netlink
  ip_tables iptable_filter iptable_nat iptable_mangle ip6_tables ip6table_filter ip6table_nat ip6table_mangle
  xt_conntrack xt_addrtype xt_MASQUERADE xt_nat xt_tcpudp xt_mark xt_comment xt_multiport ipt_REJECT ip6t_REJECT
  nf_reject_ipv4 crc32c_generic binfmt_misc virtio_balloon "${arch_modules[@]}"
  9p 9pnet_virtio
)
# Kubernetes (k3s, started on demand by drover-k3s): what k3s's check-config asks of the kernel for its flannel
# (vxlan), kube-proxy (iptables mode: statistic, physdev, REDIRECT) and network policy controller (ipset, NFLOG),
# and the netfilter tools k3s looks for on the PATH before its bundled ones.
packages+=(conntrack ipset libipset13)
modules+=(
  vxlan ip_set ip_set_hash_ip ip_set_hash_net ip_set_hash_ipport ip_set_hash_ipportip ip_set_hash_ipportnet
  ip_set_hash_netport ip_set_bitmap_port xt_set xt_statistic xt_physdev xt_REDIRECT xt_connmark xt_limit
  xt_NFLOG nfnetlink_log iptable_raw ip6table_raw
)

# One apt-cache call for all packages: its blocks start with "name:" (or "name:arch:") at the line start.
candidates="$(apt_for_guest apt-cache policy "${packages[@]}" | awk '/^[^ ]/ { name = $1; sub(/:$/, "", name); sub(/:[a-z0-9]+$/, "", name) }
                                                     /^  Candidate:/ { print name " " $2 }')"
versions=""
for p in "${packages[@]}"; do
  v="$(awk -v p="$p" '$1 == p { print $2; exit }' <<<"$candidates")"
  [[ -n "$v" && "$v" != "(none)" ]] || { say "package $p has no candidate version"; exit 1; }
  versions+="$p=$v"$'\n'
done
key="$( { echo "$arch"; printf '%s' "$versions"; printf '%s\n' "${modules[@]}"; cat "$here/build-guest.sh" "$here/init" "$here/poweroff.sh"; } | sha256sum | cut -c1-16)"
out="$cache_root/$key"

if [[ -f "$out/complete" ]]; then
  say "cached: $out"
  mkdir -p "$cache_root" && echo "$key" > "$stamp"
  publish
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/drover-guest.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/root" "$work/kernel"
say "[2/5] downloading ${#packages[@]} Debian packages for $arch (about 150 MB, once per package update)"
(cd "$work/debs" && apt_for_guest apt-get download $(printf '%s\n' "$versions" | sed '/^$/d') 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) || true
for p in "${packages[@]}"; do
  ls "$work/debs/${p}_"*.deb >/dev/null 2>&1 || { say "download of $p failed"; exit 1; }
done

say "[3/5] unpacking the packages"
root="$work/root"
for deb in "$work/debs"/*.deb; do
  case "$(basename "$deb")" in
    linux-image-*) dpkg-deb -x "$deb" "$work/kernel" ;;
    *) dpkg-deb -x "$deb" "$root" ;;
  esac
done

# Debian since bookworm ships merged /usr: make /bin, /sbin, /lib point into /usr as on a real system.
for d in bin sbin lib lib64; do
  if [[ -d "$root/$d" && ! -L "$root/$d" ]]; then
    mkdir -p "$root/usr/$d"; cp -a "$root/$d/." "$root/usr/$d/"; rm -rf "${root:?}/$d"
  fi
  mkdir -p "$root/usr/$d"; ln -sfn "usr/$d" "$root/$d"
done

# What the guest does not need: documentation, man pages, the docker CLI's completions, locale data.
rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/locale" "$root/usr/share/lintian" \
       "$root/usr/share/bash-completion" "$root/usr/share/zsh" "$root/usr/share/fish" "$root/etc/init.d" \
       "$root/lib/systemd" "$root/usr/lib/systemd" "$root/etc/default" "$root/usr/share/docker.io" \
       "$root/usr/lib/$triplet/gconv"
# The engine's CLI and development tools: the host talks to the engine over its API.
rm -f "$root/usr/bin/docker" "$root/usr/bin/dnet" "$root/usr/sbin/ovrouter" "$root/usr/bin/containerd-shim" \
      "$root/usr/bin/containerd-shim-runc-v1" "$root/usr/bin/containerd-stress"
# Of qemu-user-static only the other architecture's emulator, for its containers (registered by init, flag F so
# it works inside every container's mount namespace), as Docker Desktop does.
find "$root/usr/bin" -maxdepth 1 -name 'qemu-*' ! -name "$other_qemu" -delete
rm -rf "$root/usr/libexec/qemu-binfmt" "$root/usr/share/binfmts"
mkdir -p "$root/etc/drover"
printf '%s\n' "$other_binfmt" > "$root/etc/drover/binfmt"
# Only the CNI plugins a containerd bridge network uses.
if [[ -d "$root/usr/lib/cni" ]]; then
  find "$root/usr/lib/cni" -type f ! -name bridge ! -name host-local ! -name loopback ! -name portmap ! -name firewall -delete
fi

# A busybox this machine can run packs the guest (depmod, cpio, the applet list): the guest's own when the
# architectures match, else the host architecture's build of the same busybox-static package, so both list the
# same applets.
if [[ "$arch" == "$host_arch" ]]; then
  tool_busybox="$root/usr/bin/busybox"
else
  mkdir -p "$work/tools"
  (cd "$work/tools" && apt-get download -qq busybox-static 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) || true
  dpkg-deb -x "$work"/tools/busybox-static_*.deb "$work/tools/root" || { say "could not fetch busybox-static for this machine"; exit 1; }
  tool_busybox="$work/tools/root/bin/busybox"
fi
busybox() { "$tool_busybox" "$@"; }

# busybox provides the small tools (sh, mount, ip, modprobe…); Debian's binaries win where both exist.
mkdir -p "$root/usr/bin" "$root/usr/sbin"
for applet in $(busybox --list-full); do
  target="$root/$applet"
  [[ -e "$target" || -L "$target" ]] || { mkdir -p "$(dirname "$target")"; ln -s /bin/busybox "$target"; }
done
# iptables: the legacy backend (no nftables userland needed); Debian sets these with update-alternatives.
for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
  ln -sfn xtables-legacy-multi "$root/usr/sbin/$t"
done
# CA bundle so the guest's engine can pull over HTTPS (update-ca-certificates would build it at install).
mkdir -p "$root/etc/ssl/certs"
find "$root/usr/share/ca-certificates" -name '*.crt' -print0 | sort -z | xargs -0 cat > "$root/etc/ssl/certs/ca-certificates.crt"

# Every dynamically linked program must find its libraries inside the guest (another architecture's loader runs
# under qemu-user-static when the host has it).
run_guest_loader() { "$root/$loader" "$@"; }
if [[ "$arch" != "$host_arch" ]]; then
  if command -v "$qemu_user" >/dev/null; then
    run_guest_loader() { "$qemu_user" "$root/$loader" "$@"; }
  else
    say "not checking the $arch programs' libraries: $qemu_user (qemu-user-static) is not installed"
    run_guest_loader() { :; }
  fi
fi
missing="$(for b in "$root"/usr/sbin/dockerd "$root"/usr/bin/containerd "$root"/usr/bin/containerd-shim-runc-v2 \
                     "$root"/usr/sbin/runc "$root"/usr/sbin/xtables-legacy-multi "$root"/usr/sbin/mke2fs "$root"/usr/bin/socat \
                     "$root"/usr/sbin/dnsmasq; do
  run_guest_loader --library-path "$root/usr/lib/$triplet" --list "$b" 2>&1 | grep 'not found' || true
done)"
[[ -z "$missing" ]] || { say "libraries missing from the guest:"$'\n'"$missing"; exit 1; }
# k3s's netfilter tools, checked the same way.
missing="$(for b in "$root"/usr/sbin/conntrack "$root"/usr/sbin/ipset; do
  run_guest_loader --library-path "$root/usr/lib/$triplet" --list "$b" 2>&1 | grep 'not found' || true
done)"
[[ -z "$missing" ]] || { say "libraries missing from k3s's tools:"$'\n'"$missing"; exit 1; }

# Kernel modules: the listed ones and what they depend on.
kver="$(ls "$work/kernel/lib/modules")"
busybox depmod -b "$work/kernel" "$kver"
moddir="$work/kernel/lib/modules/$kver"
wanted=()
for m in "${modules[@]}"; do
  line="$(grep -E "(^|/)(${m}|${m//_/-})\.ko(\.[a-z]+)?:" "$moddir/modules.dep" || true)"
  [[ -n "$line" ]] || { grep -qE "/(${m}|${m//_/-})\.ko" "$moddir/modules.builtin" || say "module $m is neither a module nor built in"; continue; }
  wanted+=(${line/:/})
done
mkdir -p "$root/lib/modules/$kver"
for f in $(printf '%s\n' "${wanted[@]}" | sort -u); do
  mkdir -p "$root/lib/modules/$kver/$(dirname "$f")"
  cp "$moddir/$f" "$root/lib/modules/$kver/$f"
done
cp "$moddir/modules.builtin" "$moddir/modules.order" "$root/lib/modules/$kver/"
busybox depmod -b "$root" "$kver"
printf '%s\n' "${modules[@]}" > "$root/etc/drover-modules"

# Drover's init and the files it expects.
install -m 0755 "$here/init" "$root/init"
mkdir -p "$root/etc/drover" "$root/etc/acpi" "$root/proc" "$root/sys" "$root/dev" "$root/run" "$root/tmp" \
         "$root/var/lib/docker" "$root/var/lib/containerd" "$root/var/log" "$root/mnt/data" "$root/root"
install -m 0755 "$here/poweroff.sh" "$root/etc/drover/poweroff.sh"
# busybox acpid runs /etc/acpi/PWRF/00000080 on the power button (its built-in default action table).
mkdir -p "$root/etc/acpi/PWRF"
ln -sfn /etc/drover/poweroff.sh "$root/etc/acpi/PWRF/00000080"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\ndocker:x:999:\n' > "$root/etc/group"
echo drover > "$root/etc/hostname"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
ln -sfn /run/resolv.conf "$root/etc/resolv.conf"
printf '%s' "$versions" > "$root/etc/drover/packages"

mkdir -p "$work/out"
cp "$work/kernel/boot/vmlinuz-$kver" "$work/out/vmlinuz"

# The helper image: the guest's busybox and a link per applet, one layer, in the layout `docker load` reads.
say "[4/5] packing the helper image"
helper="$work/helper"
mkdir -p "$helper/rootfs/bin" "$helper/rootfs/tmp" "$helper/rootfs/etc" "$helper/image"
chmod 1777 "$helper/rootfs/tmp"
cp "$root/usr/bin/busybox" "$helper/rootfs/bin/busybox"
for applet in $(busybox --list); do
  [[ "$applet" == busybox ]] || ln -s busybox "$helper/rootfs/bin/$applet"
done
printf 'root:x:0:0:root:/:/bin/sh\n' > "$helper/rootfs/etc/passwd"
tar --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 -C "$helper/rootfs" -cf "$helper/layer.tar" .
layer_sha="$(sha256sum "$helper/layer.tar" | cut -c1-64)"
helper_ref="drover/guest-helper:$key"
mkdir -p "$helper/image/$layer_sha"
mv "$helper/layer.tar" "$helper/image/$layer_sha/layer.tar"
printf '{"architecture":"%s","os":"linux","config":{"Cmd":["sh"],"Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"Drover guest %s"}]}' \
  "$arch" "$layer_sha" "$key" > "$helper/config.json"
config_sha="$(sha256sum "$helper/config.json" | cut -c1-64)"
mv "$helper/config.json" "$helper/image/$config_sha.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$config_sha" "$helper_ref" "$layer_sha" \
  > "$helper/image/manifest.json"
tar --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 -C "$helper/image" -cf "$work/out/helper-image.tar" .
echo "$helper_ref" > "$work/out/helper-image.ref"
say "[5/5] packing the initramfs and the WSL2 root filesystem"
if command -v zstd >/dev/null; then compress=(zstd -q -T0 -9); else compress=(gzip -6); fi
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | busybox cpio -o -H newc -R 0:0 2>/dev/null) | "${compress[@]}" > "$work/out/initramfs.img"
tar --numeric-owner --owner=0 --group=0 -C "$root" -czf "$work/out/rootfs.tar.gz" .
{
  echo "key $key"
  echo "arch $arch"
  echo "kernel $kver"
  printf '%s' "$versions"
  echo "sizes:"
  du -b "$work/out/vmlinuz" "$work/out/initramfs.img" "$work/out/rootfs.tar.gz" "$work/out/helper-image.tar" | sed "s|$work/out/||"
  echo "unpacked $(du -sb "$root" | cut -f1)"
} > "$work/out/manifest.txt"
touch "$work/out/complete"

mkdir -p "$cache_root"
rm -rf "$out"
mv "$work/out" "$out"
echo "$key" > "$stamp"
say "built $out: $(du -sh "$out" | cut -f1)"
publish
