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
# versions does nothing. output-link (default vm-bridge/target/guest) becomes a symlink to it. Prints the folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
link="${1:-$here/../target/guest}"
cache_root="${DROVER_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/drover/guest}"

say() { echo "build-guest: $*" >&2; }

kernel_pkg="$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')"
[[ -n "$kernel_pkg" ]] || { say "no Debian kernel package found (is apt's package list present? run apt-get update)"; exit 1; }
packages=(
  "$kernel_pkg" busybox-static
  docker.io containerd runc iptables containernetworking-plugins ca-certificates
  socat libssl3 libwrap0 libnsl2 libtirpc3 libgssapi-krb5-2 libkrb5-3 libk5crypto3 libkrb5support0 libkeyutils1
  e2fsprogs libext2fs2 libcom-err2 libblkid1 libuuid1 libss2
  libc6 libseccomp2 libsystemd0 libdevmapper1.02.1 libcap2 libgcrypt20 liblzma5 libzstd1 liblz4-1 libselinux1
  libudev1 libgpg-error0 libpcre2-8-0 libxtables12 libip4tc2 libip6tc2 libmnl0 libnftnl11
)
# Modules the guest loads at boot (their dependencies come along from modules.dep).
modules=(
  virtio_pci virtio_blk virtio_net virtio_rng virtio_console qemu_fw_cfg button evdev
  ext4 overlay bridge br_netfilter veth nf_nat nf_conntrack nf_conntrack_netlink
  ip_tables iptable_filter iptable_nat iptable_mangle ip6_tables ip6table_filter ip6table_nat ip6table_mangle
  xt_conntrack xt_addrtype xt_MASQUERADE xt_nat xt_tcpudp xt_mark xt_comment xt_multiport ipt_REJECT ip6t_REJECT
  nf_reject_ipv4 crc32c_generic
  9p 9pnet_virtio
)

versions=""
for p in "${packages[@]}"; do
  v="$(apt-cache policy "$p" | awk '/Candidate:/ {print $2}')"
  [[ -n "$v" && "$v" != "(none)" ]] || { say "package $p has no candidate version"; exit 1; }
  versions+="$p=$v"$'\n'
done
key="$( { printf '%s' "$versions"; printf '%s\n' "${modules[@]}"; cat "$here/build-guest.sh" "$here/init" "$here/poweroff.sh"; } | sha256sum | cut -c1-16)"
out="$cache_root/$key"

publish() {
  mkdir -p "$(dirname "$link")"
  ln -sfn "$out" "$link"
  echo "$out"
}

if [[ -f "$out/complete" ]]; then
  say "cached: $out"
  publish
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/drover-guest.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/root" "$work/kernel"
say "downloading ${#packages[@]} Debian packages"
(cd "$work/debs" && apt-get download $(printf '%s\n' "$versions" | sed '/^$/d') 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) || true
for p in "${packages[@]}"; do
  ls "$work/debs/${p}_"*.deb >/dev/null 2>&1 || { say "download of $p failed"; exit 1; }
done

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
       "$root/usr/lib/x86_64-linux-gnu/gconv"
# The engine's CLI and development tools: the host talks to the engine over its API.
rm -f "$root/usr/bin/docker" "$root/usr/bin/dnet" "$root/usr/sbin/ovrouter" "$root/usr/bin/containerd-shim" \
      "$root/usr/bin/containerd-shim-runc-v1" "$root/usr/bin/containerd-stress"
# Only the CNI plugins a containerd bridge network uses.
if [[ -d "$root/usr/lib/cni" ]]; then
  find "$root/usr/lib/cni" -type f ! -name bridge ! -name host-local ! -name loopback ! -name portmap ! -name firewall -delete
fi

# busybox provides the small tools (sh, mount, ip, modprobe…); Debian's binaries win where both exist.
mkdir -p "$root/usr/bin" "$root/usr/sbin"
for applet in $("$root/bin/busybox" --list-full); do
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

# Every dynamically linked program must find its libraries inside the guest.
missing="$(for b in "$root"/usr/sbin/dockerd "$root"/usr/bin/containerd "$root"/usr/bin/containerd-shim-runc-v2 \
                     "$root"/usr/sbin/runc "$root"/usr/sbin/xtables-legacy-multi "$root"/usr/sbin/mke2fs "$root"/usr/bin/socat; do
  "$root/lib64/ld-linux-x86-64.so.2" --library-path "$root/usr/lib/x86_64-linux-gnu" --list "$b" 2>&1 | grep 'not found' || true
done)"
[[ -z "$missing" ]] || { say "libraries missing from the guest:"$'\n'"$missing"; exit 1; }

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
say "packing the helper image"
helper="$work/helper"
mkdir -p "$helper/rootfs/bin" "$helper/rootfs/tmp" "$helper/rootfs/etc" "$helper/image"
chmod 1777 "$helper/rootfs/tmp"
cp "$root/usr/bin/busybox" "$helper/rootfs/bin/busybox"
for applet in $("$root/usr/bin/busybox" --list); do
  [[ "$applet" == busybox ]] || ln -s busybox "$helper/rootfs/bin/$applet"
done
printf 'root:x:0:0:root:/:/bin/sh\n' > "$helper/rootfs/etc/passwd"
tar --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 -C "$helper/rootfs" -cf "$helper/layer.tar" .
layer_sha="$(sha256sum "$helper/layer.tar" | cut -c1-64)"
helper_ref="drover/guest-helper:$key"
mkdir -p "$helper/image/$layer_sha"
mv "$helper/layer.tar" "$helper/image/$layer_sha/layer.tar"
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["sh"],"Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"Drover guest %s"}]}' \
  "$layer_sha" "$key" > "$helper/config.json"
config_sha="$(sha256sum "$helper/config.json" | cut -c1-64)"
mv "$helper/config.json" "$helper/image/$config_sha.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$config_sha" "$helper_ref" "$layer_sha" \
  > "$helper/image/manifest.json"
tar --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 -C "$helper/image" -cf "$work/out/helper-image.tar" .
echo "$helper_ref" > "$work/out/helper-image.ref"
say "packing the initramfs"
if command -v zstd >/dev/null; then compress=(zstd -q -T0 -9); else compress=(gzip -6); fi
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | busybox cpio -o -H newc -R 0:0 2>/dev/null) | "${compress[@]}" > "$work/out/initramfs.img"
say "packing the WSL2 root filesystem"
tar --numeric-owner --owner=0 --group=0 -C "$root" -czf "$work/out/rootfs.tar.gz" .
{
  echo "key $key"
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
say "built $out: $(du -sh "$out" | cut -f1)"
publish
