#!/bin/sh
# Run by acpid on the ACPI power button (QMP system_powerdown): stop the engine cleanly, then power off.
echo "drover-guest: power button pressed, shutting down" > /dev/console
touch /run/drover-stopping # init must not start the engine again
for p in $(cat /run/dockerd.pid 2>/dev/null) $(pidof containerd); do kill -TERM "$p" 2>/dev/null; done
i=0
while [ $i -lt 50 ] && { pidof dockerd >/dev/null || pidof containerd >/dev/null; }; do sleep 0.2; i=$((i + 1)); done
sync
umount /var/lib/docker /var/lib/containerd /mnt/data 2>/dev/null
echo "drover-guest: powering off" > /dev/console
poweroff -f
