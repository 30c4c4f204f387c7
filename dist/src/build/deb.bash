#!/usr/bin/env bash
# Build step of the Debian package (run by dist/pom.xml in the package phase, beside the tarball's):
#   deb.bash STAGE SRC VERSION MAINTAINER EXAMPLE_CONFIG WORK DEB
# Makes DEB (jdtail_<version>_amd64.deb) with dpkg-deb, from
# - STAGE, the assembled distribution that the self-contained tarball holds (target/jdtail: runtime, jars, AOT cache
#   trained on that runtime, launchers, documents, manual pages, completion), installed whole as /usr/lib/jdtail;
# - SRC (src/deb): the systemd unit, the maintainer scripts and zsh's completion loader;
# - EXAMPLE_CONFIG (dtail.example.json) as the conffile /etc/dtail/dtail.json, with its example jobs disabled (they
#   read example.org's servers and files): it keeps CacheDir and LogDir under /var/lib/dserver and /var/log/dserver.
# VERSION is Maven's: a -SNAPSHOT becomes ~SNAPSHOT, which dpkg orders before the release of the same number. The
# package is built in WORK/root and kept while what it holds is the same. Without dpkg-deb it says so and builds none
# (a failure under CI).
set -euo pipefail
if ! command -v dpkg-deb >/dev/null; then
  echo "deb: dpkg-deb is not on this machine (Debian package dpkg): no .deb built" >&2
  [ -z "${CI:-}" ] || { echo "deb: CI must build the Debian package" >&2; exit 1; }
  exit 0
fi
stage="$1"; src="$2"; version="${3/-SNAPSHOT/~SNAPSHOT}"; maintainer="$4"; example="$5"; work="$6"; deb="$7"
commands=(dcat dgrep dtail dmap dtailhealth dserver)
root="$work/root"
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/usr/lib" "$root/usr/bin" "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions" \
  "$root/usr/share/zsh/vendor-completions" "$root/etc/dtail" "$root/lib/systemd/system" "$root/usr/share/doc/jdtail"
cp -a "$stage" "$root/usr/lib/jdtail"
for command in "${commands[@]}"; do
  # not a symbolic link: the launcher finds its distribution beside itself (bin/jdtail-launch)
  printf '#!/bin/sh\n# jdtail'"'"'s %s: see man %s\nexec /usr/lib/jdtail/bin/%s "$@"\n' "$command" "$command" "$command" > "$root/usr/bin/$command"
  gzip -9n < "$stage/share/man/man1/$command.1" > "$root/usr/share/man/man1/$command.1.gz"
  cp "$stage/share/bash-completion/completions/$command" "$root/usr/share/bash-completion/completions/$command"
done
cp "$src/_jdtail" "$root/usr/share/zsh/vendor-completions/_jdtail"
cp "$src/dserver.service" "$root/lib/systemd/system/dserver.service"
enabled="$(grep -c '"Enable": true' "$example" || true)"
[ "$enabled" -gt 0 ] || { echo "deb: $example has no '\"Enable\": true' job to disable: see what changed in it" >&2; exit 1; }
sed 's/"Enable": true/"Enable": false/' "$example" > "$root/etc/dtail/dtail.json"
ln -s ../../../lib/jdtail/README.md "$root/usr/share/doc/jdtail/README.md"
cp "$src/postinst" "$src/prerm" "$src/postrm" "$root/DEBIAN/"
echo /etc/dtail/dtail.json > "$root/DEBIAN/conffiles"
cat > "$root/DEBIAN/control" <<CONTROL
Package: jdtail
Version: $version
Architecture: amd64
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: bash, passwd
Section: admin
Priority: optional
Description: distributed tail, cat, grep and map-reduce over SSH
 The clients dtail, dcat, dgrep, dmap and dtailhealth, and dserver, the server
 they talk to on every host (a systemd service running as the user dserver
 with only CAP_SETUID and CAP_SETGID). With its own Java runtime.
CONTROL
chmod -R u+rwX,go+rX,go-w "$root"
chmod 755 "$root"/usr/bin/* "$root"/DEBIAN/postinst "$root"/DEBIAN/prerm "$root"/DEBIAN/postrm
# gzip is most of the time: not again when no file is newer and none came or went (copies keep their times: the AOT
# cache is valid only for jars of the same size and time, and dpkg installs the files with the archive's times)
# the runtime and jars by name, size, mode and time; what is made here (new every build) by its bytes
listing="$(cd "$root" && { find usr/lib/jdtail ! -type d -printf '%p %s %m %T@\n'; \
  find . -path ./usr/lib/jdtail -prune -o ! -type d -printf '%p %m %l\n' -exec md5sum {} \; ; } | LC_ALL=C sort)"
if [ -f "$deb" ] && [ -f "$deb.list" ] && [ "$(cat "$deb.list")" = "$listing" ]; then
  echo "deb: nothing in it changed; kept $deb, $(du -k "$deb" | cut -f1) KiB"
  exit 0
fi
rm -f "$deb" "$deb.list"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$deb" >/dev/null
echo "$listing" > "$deb.list"
echo "deb: $deb, $(du -k "$deb" | cut -f1) KiB"
