#!/usr/bin/env bash
# Install test of the Debian package (run by package-checks/pom.xml in the verify phase; needs root, as CI runs it):
#   check-deb.bash DEB WORK
# On this machine: dpkg -i DEB, then checks the files, the dserver user, the modes, the conffile and its disabled
# example jobs, `man dgrep`, the completion, and `systemd-analyze verify` of the unit (where systemd-analyze is).
# Starts dserver from the installed files the way the unit does (its ExecStart, User and Group, with only its
# AmbientCapabilities, through setpriv with no new privileges, and where a mount namespace may be made, with / read-only
# but for /var/lib/dserver and /var/log/dserver as ProtectSystem=strict has it; on 127.0.0.1 and a free port), and has the installed
# dgrep read, as the user nobody, a file only nobody may read. Then upgrades to a newer package (the same one with a
# higher version) over it while a dtail follows a file: the follow is told that dserver is restarting and goes on with
# the new dserver; the host key (a client checks it against its known_hosts), the edited configuration and the
# jobs' reports stay. `dpkg -r` keeps the configuration and state; `dpkg --purge` at the end leaves the machine as it
# was (but for the system user dserver, which stays as Debian's packages leave theirs).
# Without root, with jdtail installed on this machine already, or with a dserver's configuration or state there, it says
# why it does not run (a failure under CI). While it runs, /etc/dtail/dtail.json is the machine's: a command started
# without --cfg then reads it.
set -euo pipefail
deb="$(realpath -m "$1")"; work="$(realpath -m "$2")"
skip() {
  echo "check-deb: not run: $*" >&2
  [ -z "${CI:-}" ] || { echo "check-deb: CI must run the install test" >&2; exit 1; }
  exit 0
}
[ -f "$deb" ] || skip "there is no $deb (the build needs dpkg-deb to make it)"
fail() { echo "check-deb: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || skip "dpkg -i needs root (CI runs it as root)"
command -v dpkg >/dev/null && command -v setpriv >/dev/null || skip "needs dpkg and setpriv (Debian)"
exec 9>/run/lock/jdtail-check-deb.lock
flock 9
if dpkg-query -W -f='${db:Status-Abbrev}' jdtail 2>/dev/null | grep -q '^.[^n]'; then
  skip "a jdtail package is installed on this machine; this test installs and purges its own"
fi
# the purge at the end deletes these: a machine that has them (a dserver of its own) is not this test's
for taken in /etc/dtail/dtail.json /var/lib/dserver /var/log/dserver; do
  [ ! -e "$taken" ] || skip "$taken exists on this machine; this test's purge would delete it"
done
rm -rf "$work"
mkdir -p "$work/home/.ssh"
export DEBIAN_FRONTEND=noninteractive
readable=/var/log/jdtail-check-deb
dserver=""
dtail=""
cleanup() {
  [ -z "$dserver" ] || kill "$dserver" 2>/dev/null || true
  [ -z "$dtail" ] || kill "$dtail" 2>/dev/null || true
  dpkg --purge jdtail >/dev/null 2>&1 || true
  rm -rf "$readable"
}
trap cleanup EXIT
dpkg --force-unsafe-io -i "$deb" > "$work/install.out" 2>&1 || { cat "$work/install.out" >&2; fail "dpkg -i $deb failed"; }

# what is installed, and how
for command in dcat dgrep dtail dmap dtailhealth dserver; do
  [ -x "/usr/bin/$command" ] || fail "/usr/bin/$command is not an executable"
  [ "$(command -v "$command")" = "/usr/bin/$command" ] || fail "$command on the PATH is $(command -v "$command"), not /usr/bin/$command"
  [ -f "/usr/share/bash-completion/completions/$command" ] || fail "no bash completion for $command"
  man -w "$command" | grep -qx "/usr/share/man/man1/$command.1.gz" || fail "man -w $command: $(man -w "$command" 2>&1)"
done
MANPAGER=cat MANWIDTH=200 man dgrep 2>/dev/null | grep -q -- '--regex, --grep=RE' || fail "man dgrep does not show --regex"
[ -x /usr/lib/jdtail/runtime/bin/java ] || fail "no runtime in /usr/lib/jdtail"
getent passwd dserver | awk -F: '$3 < 1000 && $6 == "/var/lib/dserver" && $7 == "/usr/sbin/nologin" {ok=1} END {exit !ok}' \
  || fail "dserver is not a system user with home /var/lib/dserver and no login shell: $(getent passwd dserver)"
for dir in /var/lib/dserver /var/lib/dserver/cache /var/log/dserver; do
  [ "$(stat -c '%U:%G %a' "$dir")" = "dserver:dserver 750" ] || fail "$dir is $(stat -c '%U:%G %a' "$dir"), not dserver:dserver 750"
done
[ "$(stat -c '%U %a' /etc/dtail/dtail.json)" = "root 644" ] || fail "/etc/dtail/dtail.json is $(stat -c '%U %a' /etc/dtail/dtail.json)"
dpkg-query -W -f='${Conffiles}\n' jdtail | grep -q '^ /etc/dtail/dtail.json ' || fail "/etc/dtail/dtail.json is not a conffile"
grep -q '"Enable": false' /etc/dtail/dtail.json && ! grep -q '"Enable": true' /etc/dtail/dtail.json \
  || fail "the installed configuration has example jobs enabled"
grep -q '"CacheDir": "/var/lib/dserver/' /etc/dtail/dtail.json && grep -q '"LogDir": "/var/log/dserver"' /etc/dtail/dtail.json \
  || fail "the installed configuration keeps its state elsewhere than /var/lib/dserver and /var/log/dserver"
unit=/lib/systemd/system/dserver.service
if command -v systemd-analyze >/dev/null; then
  # only what it says about this unit (it also checks every unit this one names: other packages' warnings are not ours)
  systemd-analyze verify "$unit" > "$work/verify.out" 2>&1 || true
  ! grep '^dserver.service\|dserver\.service:' "$work/verify.out" || fail "systemd-analyze verify $unit complained (above)"
fi
# the bash completion, as installed; zsh maps every command to the loader that the package installs
completed="$(bash -c 'source /usr/share/bash-completion/completions/dgrep && COMP_WORDS=(dgrep --rege) COMP_CWORD=1 && "$(complete -p dgrep | sed -n "s/.* -F \([^ ]*\) .*/\1/p")" 2>/dev/null; echo "${COMPREPLY[*]}"')"
[ "$completed" = --regex ] || fail "bash completed 'dgrep --rege' to '$completed', not to --regex"
if command -v zsh >/dev/null; then
  mapped="$(HOME="$work/home" zsh -f -c 'fpath=(/usr/share/zsh/vendor-completions $fpath); autoload -U compinit; compinit -u -D; print -r -- "${_comps[dgrep]} ${_comps[dserver]}"' < /dev/null 2>&1)"
  [ "$mapped" = "_jdtail _jdtail" ] || fail "zsh's compinit does not complete dgrep and dserver with _jdtail: '$mapped'"
  # and a Tab in an interactive zsh (on a pseudo-terminal) completes "dgrep --rege" to "dgrep --regex"; at most 30 s
  cat > "$work/complete.zsh" <<'ZSH'
zmodload zsh/zpty
zpty -b z 'zsh -f -i'
zpty -w z 'fpath=(/usr/share/zsh/vendor-completions $fpath); autoload -U compinit; compinit -u -D; print ready-$((6*7))'
zpty -r -m z out '*ready-42*'
zpty -w -n z $'dgrep --rege\t'
zpty -r -m z out '*--regex*'
zpty -d z
ZSH
  HOME="$work/home" timeout 30 zsh -f "$work/complete.zsh" < /dev/null > /dev/null 2>&1 \
    || fail "a Tab in zsh did not complete 'dgrep --rege' to --regex within 30 s (zsh -f $work/complete.zsh)"
fi

# dserver as the unit starts it
unit_value() { sed -n "s/^$1=//p" "$unit"; }
exec_start="$(unit_value ExecStart)"; user="$(unit_value User)"; group="$(unit_value Group)"
[ "$(unit_value AmbientCapabilities)" = "CAP_SETUID CAP_SETGID" ] || fail "the unit's AmbientCapabilities are $(unit_value AmbientCapabilities)"
[ "$(unit_value CapabilityBoundingSet)" = "CAP_SETUID CAP_SETGID" ] || fail "the unit's CapabilityBoundingSet is $(unit_value CapabilityBoundingSet)"
[ "$(unit_value NoNewPrivileges)" = yes ] && [ "$(unit_value ProtectSystem)" = strict ] && [ "$(unit_value Restart)" = on-failure ] \
  || fail "the unit lacks NoNewPrivileges=yes, ProtectSystem=strict or Restart=on-failure"
protect_system=()
if unshare -m true 2>/dev/null; then
  protect_system=(unshare -m bash -c 'mount --make-rprivate / && mount --bind /var/lib/dserver /var/lib/dserver &&
    mount --bind /var/log/dserver /var/log/dserver && mount -o remount,bind,ro / && exec "$@"' protect-system)
else
  echo "check-deb: no mount namespace here: dserver runs without the unit's ProtectSystem=strict" >&2
fi
# start_dserver [PORT]: on 127.0.0.1 and PORT (default: a free one), which it sets
start_dserver() {
  : > "$work/dserver.err"
  # ProtectSystem=strict, where this may make a mount namespace (as root in CI): the whole file system read-only but for
  # the unit's StateDirectory and LogsDirectory (and /dev, /proc, /sys); unshare and bash exec, so $! is dserver's JVM
  # shellcheck disable=SC2086 # ExecStart's words
  env -i PATH=/usr/bin:/bin HOME=/var/lib/dserver LANG=C.UTF-8 "${protect_system[@]}" setpriv --reuid="$user" --regid="$group" \
    --init-groups --inh-caps=-all,+setuid,+setgid --ambient-caps=-all,+setuid,+setgid --bounding-set=-all,+setuid,+setgid \
    --no-new-privs $exec_start --bindAddress 127.0.0.1 --port "${1:-0}" 2> "$work/dserver.err" &
  dserver=$!
  port=""
  for _ in $(seq 300); do   # at most 30 s for dserver to bind
    port="$(sed -n 's/^dserver: listening on .*:\([0-9][0-9]*\)$/\1/p' "$work/dserver.err" | head -1)"
    [ -n "$port" ] && break
    kill -0 "$dserver" 2>/dev/null || { cat "$work/dserver.err" >&2; fail "the installed dserver stopped before it listened"; }
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$work/dserver.err" >&2; fail "the installed dserver did not say that it listens within 30 s"; }
  [ ${#protect_system[@]} -eq 0 ] || awk '$5 == "/" && $6 ~ /^ro(,|$)/ {ro=1} END {exit !ro}' "/proc/$dserver/mountinfo" \
    || fail "dserver does not see / read-only (ProtectSystem=strict): see /proc/$dserver/mountinfo"
}
stop_dserver() {
  kill "$dserver"
  wait "$dserver" || true
  dserver=""
}
# a file that only nobody may read: dserver (user dserver) serves it only by opening it as nobody
install -d -m 755 "$readable"
printf 'INFO one\nERROR two\nINFO three\nERROR four\n' > "$readable/app.log"
chown nobody "$readable/app.log"
chmod 600 "$readable/app.log"
ssh-keygen -q -t ed25519 -N '' -C check-deb -f "$work/home/client_key"
install -m 644 "$work/home/client_key.pub" /var/lib/dserver/cache/nobody.authorized_keys
# the JVM takes its user.home from the passwd database, not from HOME: known_hosts goes to the test's home this way
client() { env -i HOME="$work/home" PATH=/usr/bin:/bin JDTAIL_JAVA_OPTS="-Duser.home=$work/home ${aot_log:-}" "$@"; }
start_dserver
grep -q 'files are opened as the requesting user' /var/log/dserver/dserver.log \
  || fail "the installed dserver does not open files as the requesting user (see /var/log/dserver/dserver.log)"
[ "$(stat -c %U /var/lib/dserver/cache/ssh_host_key)" = dserver ] || fail "dserver made no host key of its own in /var/lib/dserver/cache"
client dgrep --servers "127.0.0.1:$port" --user nobody --key "$work/home/client_key" --trustAllHosts --plain --regex ERROR \
  "$readable/app.log" > "$work/dgrep.out" 2> "$work/dgrep.err" || { cat "$work/dgrep.err" >&2; fail "the installed dgrep through dserver failed"; }
printf 'ERROR two\nERROR four\n' | cmp -s - "$work/dgrep.out" || fail "dgrep as nobody printed $(cat "$work/dgrep.out"), not the two ERROR lines"
aot_log=-Xlog:aot=info:stderr client dcat --plain /etc/dtail/dtail.json 2> "$work/aot.log" | cmp -s - /etc/dtail/dtail.json \
  || fail "the installed dcat did not print /etc/dtail/dtail.json"
grep -q 'Using AOT-linked classes: true' "$work/aot.log" || fail "the installed dcat started without its AOT cache (see $work/aot.log)"

# an upgrade keeps the host key, the operator's configuration and the jobs' state, and a running follow goes on
# await WHAT FILE TEXT: at most 30 s for FILE to hold TEXT
await() {
  for _ in $(seq 300); do grep -qF -- "$3" "$2" && return 0; sleep 0.1; done
  cat "$work/dtail.err" >&2
  fail "no $1 within 30 s (see $2)"
}
# not through client(): $! is then the JVM itself (env, the wrapper and the launcher exec it)
env -i HOME="$work/home" PATH=/usr/bin:/bin JDTAIL_JAVA_OPTS="-Duser.home=$work/home" \
  dtail --servers "127.0.0.1:$port" --user nobody --key "$work/home/client_key" --plain "$readable/app.log" \
  > "$work/dtail.out" 2> "$work/dtail.err" &
dtail=$!
for _ in $(seq 300); do   # lines appended until the follow shows one: it has opened the file by then
  echo "INFO before the upgrade" >> "$readable/app.log"
  grep -q 'before the upgrade' "$work/dtail.out" && break
  sleep 0.1
done
await "line from the follow before the upgrade" "$work/dtail.out" "INFO before the upgrade"
sed -i 's/"MaxConnections": [0-9]*/"MaxConnections": 40/' /etc/dtail/dtail.json
install -d -o dserver -g dserver /var/lib/dserver/reports
echo 'count($line)' > /var/lib/dserver/reports/daily-errors-20261206.csv
state() { (cd /var/lib/dserver && find . -printf '%p %U %m %s\n' -type f -exec sha256sum {} \; | LC_ALL=C sort; sha256sum /etc/dtail/dtail.json); }
before="$(state)"
version="$(dpkg-deb -f "$deb" Version)"
dpkg-deb -R "$deb" "$work/newer"
sed -i "s/^Version: .*/Version: $version+check/" "$work/newer/DEBIAN/control"
dpkg-deb --root-owner-group -Znone -b "$work/newer" "$work/newer.deb" >/dev/null
rm -rf "$work/newer"
dpkg --force-unsafe-io -i "$work/newer.deb" > "$work/upgrade.out" 2>&1 || { cat "$work/upgrade.out" >&2; fail "dpkg -i of a newer package over $version failed"; }
[ "$(dpkg-query -W -f='${Version}' jdtail)" = "$version+check" ] || fail "the upgrade did not install $version+check"
[ "$(state)" = "$before" ] || { diff <(echo "$before") <(state) >&2; fail "the upgrade changed dserver's state or configuration (above)"; }
# the restart that follows an upgrade (postinst: systemctl try-restart, SIGTERM), on the same port
stop_dserver
await "restart notice for the follow" "$work/dtail.err" "127.0.0.1:$port: dserver is restarting"
start_dserver "$port"
for _ in $(seq 300); do   # the follow is back once a line appended now arrives (it reconnects with a growing pause)
  echo "INFO after the upgrade" >> "$readable/app.log"
  grep -q 'after the upgrade' "$work/dtail.out" && break
  sleep 0.1
done
await "line from the follow after the upgrade" "$work/dtail.out" "INFO after the upgrade"
kill "$dtail"; wait "$dtail" || true; dtail=""
# no --trustAllHosts: the host key that known_hosts recorded before the upgrade must still be dserver's
client dtailhealth --server "127.0.0.1:$port" --user nobody --key "$work/home/client_key" > "$work/health.out" 2>&1 \
  || { cat "$work/health.out" >&2; fail "the installed dtailhealth after the upgrade failed"; }
grep -q "^OK: 127.0.0.1:$port: up" "$work/health.out" || fail "dtailhealth after the upgrade said: $(cat "$work/health.out")"
grep -q 'max 40 connections' "$work/dserver.err" /var/log/dserver/dserver.log || fail "dserver after the upgrade does not run with the edited configuration (max 40 connections)"
stop_dserver

# dpkg -r removes the programs and keeps the configuration and the state
dpkg -r jdtail > "$work/remove.out" 2>&1 || { cat "$work/remove.out" >&2; fail "dpkg -r jdtail failed"; }
[ ! -e /usr/lib/jdtail ] && [ ! -e /usr/bin/dgrep ] && [ ! -e "$unit" ] || fail "dpkg -r left programs behind"
[ "$(dpkg-query -W -f='${db:Status-Abbrev}' jdtail)" = "rc " ] || fail "after dpkg -r, jdtail is $(dpkg-query -W -f='${db:Status-Abbrev}' jdtail), not rc"
[ "$(state)" = "$before" ] || fail "dpkg -r changed the configuration or the state"
dpkg --purge jdtail > "$work/purge.out" 2>&1 || { cat "$work/purge.out" >&2; fail "dpkg --purge jdtail failed"; }
[ ! -e /etc/dtail/dtail.json ] && [ ! -e /var/lib/dserver ] && [ ! -e /var/log/dserver ] || fail "dpkg --purge left configuration or state"
echo "check-deb: installed $(basename "$deb") as root; dserver ran as the unit does (user dserver, CAP_SETUID and CAP_SETGID) and served dgrep as nobody; an upgrade kept host key, configuration and reports, and a dtail follow went on across its restart; dpkg -r kept the configuration"
