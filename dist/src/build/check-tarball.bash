#!/usr/bin/env bash
# Check of the self-contained tarball (run by dist/pom.xml in the verify phase):
#   check-tarball.bash TARBALL WORK DIST SAMPLE
# Unpacks TARBALL into WORK and runs its commands with no JDK: an environment holding only HOME and a PATH with
# nothing but bash (no JAVA_HOME, no java), and, where this runs as root with mount namespaces (CI does), with
# /usr/lib/jvm hidden under an empty tmpfs, so that no JDK is on the machine for them. It checks that
# - dcat --plain reproduces SAMPLE byte for byte, on the tarball's own runtime (java.home) and its AOT cache;
# - dmap prints what the distribution DIST prints on the build's JDK;
# - bin/dserver serves bin/dgrep and bin/dtailhealth on 127.0.0.1 with a real key.
set -euo pipefail
self="$(realpath "${BASH_SOURCE[0]}")"
if [ "${1:-}" = --without-jdk ]; then
  shift
  # in our own mount namespace: the JDKs are gone for this process and its children only
  [ "${2:-}" = hide ] && mount -t tmpfs -o ro,size=1m jdtail-no-jdk /usr/lib/jvm
  work="$1"
  cd "$work/try"
  top="$(echo "$work"/unpacked/*)"
  run() { env -i HOME="$work/try" PATH="$work/path" "$@"; }
  fail() { echo "check-tarball: $*" >&2; exit 1; }
  if [ -x /usr/lib/jvm/ ] && compgen -G '/usr/lib/jvm/*/bin/java' >/dev/null; then
    echo "check-tarball: not root or no mount namespaces: JDKs under /usr/lib/jvm stay visible (PATH and JAVA_HOME are cleared)" >&2
  fi
  run JDTAIL_JAVA_OPTS="-Xlog:aot=info:stderr -XshowSettings:properties" "$top/bin/dcat" --plain sample.log > dcat.out 2> dcat.err \
    || { cat dcat.err >&2; fail "bin/dcat failed"; }
  cmp -s dcat.out sample.log || fail "bin/dcat --plain did not reproduce the sample (see $work/try/dcat.out)"
  grep -q "java.home = $top/runtime\$" dcat.err || fail "bin/dcat did not run on the tarball's runtime (see $work/try/dcat.err)"
  grep -q 'Using AOT-linked classes: true' dcat.err || fail "bin/dcat did not start with the tarball's AOT cache (see $work/try/dcat.err)"
  run "$top/bin/dmap" --query "$(cat query.txt)" sample.log > dmap.out 2> dmap.err || { cat dmap.err >&2; fail "bin/dmap failed"; }
  cmp -s dmap.out dmap.expected || fail "bin/dmap printed other results than the distribution: diff $work/try/dmap.expected $work/try/dmap.out"
  run "$top/bin/dserver" --cfg dtail.json --bindAddress 127.0.0.1 --port 0 --logger file --logDir log 2> dserver.err &
  dserver=$!
  trap 'kill "$dserver" 2>/dev/null || true' EXIT
  port=""
  for _ in $(seq 300); do   # at most 30 s for dserver to bind
    port="$(sed -n 's/.*listening on .*:\([0-9][0-9]*\)\b.*/\1/p' dserver.err | head -1)"
    [ -n "$port" ] && break
    kill -0 "$dserver" 2>/dev/null || { cat dserver.err >&2; fail "bin/dserver stopped before it listened"; }
    sleep 0.1
  done
  [ -n "$port" ] || { cat dserver.err >&2; fail "bin/dserver did not say that it listens within 30 s"; }
  run "$top/bin/dgrep" --key client_key --trustAllHosts --servers "127.0.0.1:$port" --plain --regex 'REQUEST' "$work/try/sample.log" \
    > dgrep.out 2> dgrep.err || { cat dgrep.err >&2; fail "bin/dgrep through bin/dserver failed"; }
  [ -s dgrep.out ] && grep 'REQUEST' sample.log | cmp -s - dgrep.out || fail "bin/dgrep through bin/dserver did not print the sample's REQUEST lines (see $work/try/dgrep.out)"
  run "$top/bin/dtailhealth" --key client_key --server "127.0.0.1:$port" > health.out 2>&1 || { cat health.out >&2; fail "bin/dtailhealth failed"; }
  echo "check-tarball: the unpacked tarball ran dcat, dmap, dserver, dgrep and dtailhealth without a JDK: $(cat health.out)"
  exit 0
fi

tarball="$(realpath "$1")"; work="$(realpath -m "$2")"; dist="$(realpath "$3")"; sample="$(realpath "$4")"
rm -rf "$work"
mkdir -p "$work/unpacked" "$work/try/cache" "$work/path"
tar -xzf "$tarball" -C "$work/unpacked"
ln -s "$(command -v bash)" "$work/path/bash"
# what needs the JDK or other tools, before they are hidden: the key, the configuration, dmap's expected results
cd "$work/try"
cp "$sample" sample.log
ssh-keygen -q -t ed25519 -N '' -C check-tarball -f client_key
cp client_key.pub "cache/$(id -un).authorized_keys"
cat > dtail.json <<JSON
{
  "Common": {"CacheDir": "$work/try/cache"},
  "Server": {"Permissions": {"Default": ["readfiles:^$work/try/"]}}
}
JSON
echo 'from REQUEST select status,count($line),avg(latency),max(latency) group by status order by status' > query.txt
"$dist/bin/dmap" --query "$(cat query.txt)" sample.log > dmap.expected
if [ "$(id -u)" -eq 0 ] && [ -d /usr/lib/jvm ] && unshare -m true 2>/dev/null; then
  exec unshare -m bash "$self" --without-jdk "$work" hide
fi
exec bash "$self" --without-jdk "$work" keep
