#!/usr/bin/env bash
# Build step of the self-contained tarball (run by dist/pom.xml in the package phase, after the distribution's
# runtime and AOT cache):
#   tarball.bash DIST STAGE TARBALL
# Makes TARBALL (a .tar.gz) of one directory, STAGE (its name is the top directory in the tarball): a copy of the
# distribution DIST as it is, with its jlinked runtime (runtime/, which bin/jdtail-launch prefers to any JDK) and
# the AOT cache trained on that runtime (the JVM refuses a cache made by another runtime image, so the distribution
# and the tarball share one runtime and one training). Copies keep the files' times: the cache is only valid for
# jars of the same size and time; and the tarball itself is kept while the listing of what it holds (names, sizes,
# times) is the same.
set -euo pipefail
dist="$1"; stage="$2"; tarball="$3"
[ -x "$dist/runtime/bin/java" ] || { echo "tarball: $dist has no runtime/ (src/build/runtime.bash makes it)" >&2; exit 1; }
compgen -G "$dist/lib/*.aot" > /dev/null || { echo "tarball: $dist/lib has no AOT cache (src/build/aot-cache.bash makes it)" >&2; exit 1; }
rm -rf "$stage"
mkdir -p "$stage"
cp -a "$dist/." "$stage/"
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
