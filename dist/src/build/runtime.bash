#!/usr/bin/env bash
# Build step of the distribution (run by dist/pom.xml in the package phase, before its AOT cache is trained):
#   runtime.bash JDK OUT MODULES
# Links (jlink) a Java runtime with only the JDK modules MODULES (comma-separated) of the JDK home JDK into OUT,
# without debug attributes, man pages or headers (--strip-debug etc.). Its release file names
# JAVA_RUNTIME_VERSION like the JDK's (jlink leaves it out), which bin/jdtail-launch uses to find the AOT cache
# trained for it. Linking takes about 15 s, so OUT is kept with a stamp of the JDK and the modules, and
# linked again only when they change: the AOT cache is valid only for one runtime image (its lib/modules file),
# so keeping the runtime also keeps the cache (src/build/aot-cache.bash stamps it). The build puts OUT into the
# distribution as runtime/ (hard links, which keep the times), and the tarball is a copy of the distribution.
set -euo pipefail
jdk="$1"; out="$2"; modules="$3"
stamp="$(cat "$jdk/release"; echo "modules: $modules")"
if [ -f "$out.stamp" ] && [ -x "$out/bin/java" ] && [ "$(cat "$out.stamp")" = "$stamp" ]; then
  echo "runtime: the JDK and the modules did not change; kept $out"
  exit 0
fi
runtime_version="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$jdk/release")"
if [ -z "$runtime_version" ]; then
  echo "runtime: $jdk/release names no JAVA_RUNTIME_VERSION; build with a JDK 25 (scripts/java-home)" >&2
  exit 1
fi
echo "runtime: linking $modules into $out"
rm -rf "$out" "$out.stamp"
if ! "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
     --release-info "add:JAVA_RUNTIME_VERSION=\"$runtime_version\"" --output "$out" > "$out.log" 2>&1; then
  cat "$out.log" >&2
  exit 1
fi
# jlink warns that jdk.incubator.vector is an incubator module: it is in the runtime on purpose
grep -v 'Using incubator modules' "$out.log" >&2 || true
rm -f "$out.log"
echo "$stamp" > "$out.stamp"
