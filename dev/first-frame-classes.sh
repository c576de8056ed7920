#!/usr/bin/env bash
# Writes app/src/main/resources/dev/drover/app/first-frame-classes.txt: the JavaFX, AtlantaFX and Ikonli classes
# Drover loads up to its first frame, in the order it loads them (see FirstFrameClasses). Run it after upgrading
# one of those libraries, with a display (DISPLAY set, e.g. Xvfb) and the app built:
#
#   ./mvnw -B -q package -pl installer -am -DskipTests && dev/first-frame-classes.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=dev/lib.sh
source dev/lib.sh
find_jdk25

lib=installer/target/drover/lib
[[ -d "$lib" ]] || drover_die "no $lib: build it first (./mvnw -B -q package -pl installer -am -DskipTests)"
[[ -n "${DISPLAY:-}" ]] || drover_die "set DISPLAY (e.g. start Xvfb) so the app can show its first frame"

config="$(mktemp -d "${TMPDIR:-/tmp}/drover-classes.XXXXXX")"
log="$config/class-load.log"
trap 'rm -rf "$config"' EXIT
# Without the JDK's CDS archive every class shows where it comes from; FIRST_FRAME marks where to stop.
DROVER_CONFIG_HOME="$config" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xshare:off \
  -Xlog:class+load=info:stdout -Ddrover.exitAfterFirstFrame=true -cp "$lib/*" dev.drover.app.Launcher >"$log" 2>&1 \
  || drover_die "Drover did not start; see its output above"
grep -q '^FIRST_FRAME$' "$log" || drover_die "Drover showed no first frame"

out=app/src/main/resources/dev/drover/app/first-frame-classes.txt
{
  echo "# Made by dev/first-frame-classes.sh: UI library classes Drover loads up to its first frame (FirstFrameClasses)."
  sed '/^FIRST_FRAME$/q' "$log" \
    | sed -n -E 's/^\[[^]]*\]\[info\]\[class,load\] ([^ ]+) source: (file:|jrt:).*/\1/p' \
    | grep -E '^(javafx\.|com\.sun\.(javafx|glass|prism|scenario|pisces|marlin)\.|atlantafx\.|org\.kordamp\.)' \
    | grep -v -E '\$\$Lambda|\$\$TypeSwitch|/0x' \
    | awk '!seen[$0]++'
} >"$out"
drover_say "wrote $(($(wc -l <"$out") - 1)) classes to $out"
