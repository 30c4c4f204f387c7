#!/usr/bin/env bash
# Build step of the self-contained tarball (run by dist/pom.xml in the package phase, after the distribution's
# own AOT cache):
#   tarball.bash DIST RUNTIME STAGE TARBALL AOT_KEEP TRAINING_INPUT...
# Makes TARBALL (a .tar.gz) of one directory, STAGE (its name is the top directory in the tarball): the
# distribution DIST (launchers, jars, documents) without its AOT cache, the jlinked runtime RUNTIME (made by
# src/build/runtime.bash) as runtime/, which bin/jdtail-launch prefers to any JDK, and an AOT cache trained
# for that runtime (the JVM refuses a cache made by another runtime image), by src/build/aot-cache.bash with the
# JVM options $JDTAIL_AOT_TRAINING_OPTS; it is kept in AOT_KEEP and put back while nothing it was trained on
# changed. Copies keep the files' times: the cache is only valid for jars of the same size and time; and the
# tarball itself is kept while the listing of what it holds (names, sizes, times) is the same.
set -euo pipefail
dist="$1"; runtime="$2"; stage="$3"; tarball="$4"; keep="$5"; shift 5
here="${BASH_SOURCE[0]%/*}"
runtime_version="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$runtime/release")"
cache="jdtail-$runtime_version.aot"
rm -rf "$stage"
mkdir -p "$stage"
cp -a "$dist/." "$stage/"
rm -f "$stage"/lib/*.aot
cp -a "$runtime" "$stage/runtime"
JDTAIL_JAVA="$stage/runtime/bin/java" \
JDTAIL_JAVA_OPTS="-XX:AOTCacheOutput=$stage/lib/$cache $JDTAIL_AOT_TRAINING_OPTS" \
  bash "$here/aot-cache.bash" "$stage" "$keep" "$cache" "$@"
[ -f "$stage/lib/$cache" ] || { echo "tarball: the training left no $stage/lib/$cache" >&2; exit 1; }
# gzip is most of the time left: not again when no file is newer than the tarball and none came or went
listing="$(cd "$stage" && find . ! -type d -printf '%p %s %T@\n' | LC_ALL=C sort)"
if [ -f "$tarball" ] && [ -f "$tarball.list" ] && [ "$(cat "$tarball.list")" = "$listing" ]; then
  echo "tarball: nothing in it changed; kept $tarball, $(du -k "$tarball" | cut -f1) KiB"
  exit 0
fi
rm -f "$tarball" "$tarball.list"
tar -C "${stage%/*}" --owner=0 --group=0 --numeric-owner -czf "$tarball" "${stage##*/}"
echo "$listing" > "$tarball.list"
echo "tarball: $tarball, $(du -k "$tarball" | cut -f1) KiB"
