#!/usr/bin/env bash
# Check of the self-contained tarball (run by package-checks/pom.xml in the verify phase):
#   check-tarball.bash TARBALL WORK DIST SAMPLE
# Unpacks TARBALL into WORK and runs its commands with no JDK: an environment holding only HOME and a PATH with
# nothing but bash (no JAVA_HOME, no java), and, where this runs as root with mount namespaces (CI does), with
# /usr/lib/jvm hidden under an empty tmpfs, so that no JDK is on the machine for them. It checks that
# - dcat --plain reproduces SAMPLE byte for byte, on the tarball's own runtime (java.home) and its AOT cache;
# - dmap prints what the distribution DIST prints (on the runtime the launcher picks there);
# - bin/dserver serves bin/dgrep and bin/dtailhealth on 127.0.0.1 with a real key;
# and (with man and zsh, before the JDKs are hidden) that `man COMMAND` shows every command's manual page with the
# tarball's bin/ on the PATH, and that bash and zsh complete the commands' options with share/'s completion.
set -euo pipefail
self="$(realpath "${BASH_SOURCE[0]}")"
if [ "${1:-}" = --without-jdk ]; then
  shift
  # in our own mount namespace: the JDKs are gone for this process and its children only
  [ "${2:-}" = hide ] && mount -t tmpfs -o ro,size=1m jdtail-no-jdk /usr/lib/jvm
  work="$1"
  cd "$work/try"
  top="$(echo "$work"/unpacked/*)"
  # the JVM takes user.home from the password database, not from HOME (as OpenSSH does for ~/.ssh): without
  # -Duser.home, --trustAllHosts would add this check's dserver to the real ~/.ssh/known_hosts
  run() { env -i HOME="$work/try" PATH="$work/path" JDTAIL_JAVA_OPTS="-Duser.home=$work/try" "$@"; }
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
  # not through run(): a function in the background is a subshell of its own, and killing it (below) left dserver running
  env -i HOME="$work/try" PATH="$work/path" "$top/bin/dserver" --cfg dtail.json --bindAddress 127.0.0.1 --port 0 --logger file \
    --logDir log 2> dserver.err &
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
  echo "check-tarball: man and bash/zsh completion work; the unpacked tarball ran dcat, dmap, dserver, dgrep and dtailhealth without a JDK: $(cat health.out)"
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
# the manual pages (man finds ../share/man beside a bin/ on the PATH) and the completion, with bash and with zsh
top="$(echo "$work"/unpacked/*)"
commands=(dcat dgrep dtail dmap dtailhealth dserver)
for command in "${commands[@]}"; do
  PATH="$top/bin:/usr/bin:/bin" MANPAGER=cat MANWIDTH=200 man "$command" > "man-$command.txt" 2>&1 \
    || { cat "man-$command.txt" >&2; echo "check-tarball: man $command failed with $top/bin on the PATH" >&2; exit 1; }
  grep -qE "^ *$command +- " "man-$command.txt" || { echo "check-tarball: man $command shows no NAME line (see $work/try/man-$command.txt)" >&2; exit 1; }
done
grep -q -- '--regex, --grep=RE' man-dgrep.txt || { echo "check-tarball: man dgrep does not show --regex (see $work/try/man-dgrep.txt)" >&2; exit 1; }
# bash: what the completion function of dgrep offers for "dgrep --rege"
completed="$(bash -c 'source "$1/share/bash-completion/completions/dgrep" && COMP_WORDS=(dgrep --rege) COMP_CWORD=1 && "$(complete -p dgrep | sed -n "s/.* -F \([^ ]*\) .*/\1/p")" 2>/dev/null; echo "${COMPREPLY[*]}"' bash "$top")"
[ "$completed" = --regex ] || { echo "check-tarball: bash completed 'dgrep --rege' to '$completed', not to --regex" >&2; exit 1; }
command -v zsh >/dev/null || { echo "check-tarball: zsh is missing (Debian package zsh; scripts/install-test-deps installs it)" >&2; exit 1; }
for command in "${commands[@]}"; do
  HOME="$work/try" zsh -f -c 'source "$1/share/zsh/jdtail.zsh" && print -r -- "${_comps[$2]}"' zsh "$top" "$command" < /dev/null > zsh.out 2>&1
  grep -q "_complete_$command" zsh.out || { cat zsh.out >&2; echo "check-tarball: zsh has no completion for $command after sourcing share/zsh/jdtail.zsh" >&2; exit 1; }
done
if [ "$(id -u)" -eq 0 ] && [ -d /usr/lib/jvm ] && unshare -m mount -t tmpfs -o ro,size=1m jdtail-no-jdk /usr/lib/jvm 2>/dev/null; then
  exec unshare -m bash "$self" --without-jdk "$work" hide
fi
exec bash "$self" --without-jdk "$work" keep
