#!/usr/bin/env bash
# Build step of the distribution (run by dist/pom.xml in the package phase):
#   aot-cache.bash DIST KEEP CACHE_NAME TRAINING_ARGUMENT...
# Trains the start-up (AOT) cache DIST/lib/CACHE_NAME by running the clients' trainer (with the
# TRAINING_ARGUMENTs: training input files and its --serverless flag) through the
# distribution's own launcher, with the JDK $JDTAIL_JAVA and the JVM options $JDTAIL_JAVA_OPTS (which
# name the cache as -XX:AOTCacheOutput). The cache is also kept in KEEP (the build deletes DIST before
# every assembly), with a stamp of what it was trained on: the JDK, the options, and every jar,
# launcher and training input by its bytes, size and time (the JVM refuses a cache for a jar of
# another size or time). When the stamp is the same, the kept cache is put back instead of training
# again: a build with no change does not spend half a minute on it.
set -euo pipefail
dist="$1"; keep="$2"; name="$3"; shift 3
stamp_of() {
  echo "java: $JDTAIL_JAVA"
  cat "${JDTAIL_JAVA%/bin/java}/release" 2>/dev/null || true
  # the runtime image: a cache is refused by another one (a jlinked runtime linked again, src/build/runtime.bash)
  stat -c 'modules: %s %Y' "${JDTAIL_JAVA%/bin/java}/lib/modules" 2>/dev/null || true
  echo "options: $JDTAIL_JAVA_OPTS"
  local f
  for f in "$dist"/bin/* "$dist"/lib/*.jar "$dist"/lib/clients/*.jar; do
    echo "$(stat -c '%s %Y' "$f") $(sha256sum "$f")"
  done
  for f in "$@"; do
    if [ -f "$f" ]; then echo "$(stat -c '%s %Y' "$f") $(sha256sum "$f")"; else echo "argument: $f"; fi
  done
}
stamp="$(LC_ALL=C stamp_of "$@")"
if [ -f "$keep/$name" ] && [ -f "$keep/$name.stamp" ] && [ "$(cat "$keep/$name.stamp")" = "$stamp" ]; then
  ln -f "$keep/$name" "$dist/lib/$name" 2>/dev/null || cp -p "$keep/$name" "$dist/lib/$name"
  echo "start-up cache: nothing it was trained on changed; kept $keep/$name"
  exit 0
fi
echo "start-up cache: training $dist/lib/$name"
rm -f "$keep/$name.stamp"
"$dist/bin/jdtail-launch" io.jdtail.clients.training.ClientTraining "$@"
mkdir -p "$keep"
ln -f "$dist/lib/$name" "$keep/$name" 2>/dev/null || cp -p "$dist/lib/$name" "$keep/$name"
echo "$stamp" > "$keep/$name.stamp"
