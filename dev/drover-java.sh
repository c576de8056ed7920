#!/usr/bin/env bash
# Starts Drover from its app layout with a class-data-sharing archive that later starts reuse.
#
#   dev/drover-java.sh APP_DIR [app arguments…]      (APP_DIR: installer/target/drover)
#
# Used by run-app.sh, and by the test that checks a second start uses the archive (DevLaunchArchiveIT).
# Needs JAVA_HOME (JDK 25). The archive and the jars it was made from live in
# ${XDG_CACHE_HOME:-~/.cache}/drover/dev-launch.
#
# The JVM reuses a dynamic archive only when it runs with the very options and class path it was dumped with,
# and with -XX:+AutoCreateSharedArchive it writes a new one only when there is none: so
#  - native access is granted by the launcher jar's manifest, not by --enable-native-access on the command line:
#    that option sets a module property the JDK's own base archive was dumped without ("Mismatched values for
#    property jdk.module.enable.native.access"), which disables the archived module graph on every start;
#  - the class path is a copy of APP_DIR/lib in which a jar is replaced only when its classes changed: every build
#    writes the Drover jars again, and a jar with a new date no longer matches the archive ("shared class paths
#    mismatch"), which the JVM then reports on every start without ever writing the archive again;
#  - the archive is named after that class path and the JDK, so a changed one gets a fresh archive.
set -euo pipefail

app_dir="${1:?usage: dev/drover-java.sh APP_DIR [app arguments…]}"
shift
[[ -d "$app_dir/lib" ]] || { printf 'drover: no app layout in %s (build it: ./mvnw -q -DskipTests package -pl installer -am)\n' "$app_dir" >&2; exit 1; }
java="${JAVA_HOME:?JAVA_HOME must name a JDK 25}/bin/java"

cache="${XDG_CACHE_HOME:-$HOME/.cache}/drover/dev-launch"
stage="$cache/lib"
mkdir -p "$stage"

# Same entries with the same contents, whatever the dates inside the jar or on it.
same_classes() {   # same_classes JAR1 JAR2
  command -v unzip >/dev/null 2>&1 || return 1
  local a b
  a="$(unzip -v "$1" 2>/dev/null | awk 'length($7) == 8 && $7 ~ /^[0-9a-f]+$/ {print $1, $7, $8}' | sort)" || return 1
  b="$(unzip -v "$2" 2>/dev/null | awk 'length($7) == 8 && $7 ~ /^[0-9a-f]+$/ {print $1, $7, $8}' | sort)" || return 1
  [[ -n "$a" && "$a" == "$b" ]]
}

# One stat per folder, not per jar: this runs before every start.
declare -A built staged
while read -r name size time; do built[$name]="$size $time"; done < <(cd "$app_dir/lib" && stat -L -c '%n %s %Y' -- *.jar)
while read -r name size time; do staged[$name]="$size $time"; done < <(cd "$stage" && stat -c '%n %s %Y' -- *.jar 2>/dev/null || true)
for name in "${!built[@]}"; do
  [[ "${staged[$name]:-}" == "${built[$name]}" ]] && continue
  [[ -n "${staged[$name]:-}" ]] && same_classes "$app_dir/lib/$name" "$stage/$name" && continue
  cp -pL "$app_dir/lib/$name" "$stage/$name.tmp"
  mv -f "$stage/$name.tmp" "$stage/$name"
done
for name in "${!staged[@]}"; do
  [[ -n "${built[$name]:-}" ]] || rm -f "$stage/$name"
done

# Class-Path entries are relative to the launcher jar; manifest lines hold at most 72 bytes, continued by a space.
manifest="$cache/drover-launch.mf"
{
  printf 'Main-Class: dev.drover.app.Launcher\n'
  printf 'Enable-Native-Access: ALL-UNNAMED\n'
  (cd "$cache" && printf '%s ' lib/*.jar) | sed 's/ $//' | sed 's/^/Class-Path: /' | fold -w 70 | sed '2,$s/^/ /'
  printf '\n'
} > "$manifest.new"
launcher="$cache/drover-launch.jar"
if [[ -f "$launcher" ]] && cmp -s "$manifest.new" "$manifest"; then
  rm -f "$manifest.new"
else
  mv -f "$manifest.new" "$manifest"
  rm -f "$launcher"
  "$JAVA_HOME/bin/jar" --create --file "$launcher" --manifest "$manifest"
fi

# The JDK counts too (by its class library file, which each JDK update replaces), not by asking `java -version`:
# that would also pick up JDK_JAVA_OPTIONS.
fingerprint="$(stat -L -c '%n %s %Y' "$java" "$JAVA_HOME/lib/modules" "$launcher" "$stage"/*.jar | sha256sum | cut -c1-16)"
archive="$cache/drover-$fingerprint.jsa"
for old in "$cache"/drover-*.jsa; do
  [[ "$old" == "$archive" ]] || rm -f "$old"
done

exec "$java" -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$archive" -jar "$launcher" "$@"
