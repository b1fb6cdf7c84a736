#!/usr/bin/env bash
# Prints the path of a `node` that is Debian 12's own Node 18, so the front
# end's tools can be checked on it (the issue: Vite and TypeScript must run on
# Debian 12's Node 18 as well as on Node 20).
#
#   scripts/node18.sh DIR     # DIR: where to unpack it when the system's is not 18
#
# When the system's node is 18 already (Debian 12's nodejs), that is the one.
# Otherwise Debian's packages are fetched with `apt-get download` (nothing is
# installed through dpkg, so a newer node stays as it is) and unpacked into
# DIR. Debian builds Node with some built-in modules kept outside the binary,
# at fixed paths under /usr/share/nodejs; those few files are copied there
# when missing (a Debian 12 machine with nodejs installed already has them).
set -euo pipefail
die() { echo "node18: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: $0 DIR"
mkdir -p "$1"
dir=$(cd "$1" && pwd)

if command -v node >/dev/null && node --version | grep -q '^v18\.'; then
  command -v node
  exit 0
fi

command -v apt-get >/dev/null || die "apt-get is missing: Debian's Node 18 cannot be fetched"
version=$(apt-cache madison nodejs | awk '$3 ~ /^18\./ { print $3; exit }')
[ -n "$version" ] || die "apt has no nodejs 18 (is this Debian 12 with its security updates?)"

root="$dir/root"
if [ ! -x "$root/usr/bin/node" ]; then
  mkdir -p "$dir/debs" "$root"
  # apt's sandbox user cannot write into a root-owned folder; the warning is harmless.
  (cd "$dir/debs" && apt-get download -q "nodejs=$version" "libnode108=$version" node-acorn node-cjs-module-lexer \
    node-undici >/dev/null 2>&1) || die "apt-get download of nodejs $version and its modules failed"
  for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$root"; done
fi
for m in acorn acorn-walk cjs-module-lexer undici; do
  if [ ! -e "/usr/share/nodejs/$m" ]; then
    mkdir -p /usr/share/nodejs
    cp -r "$root/usr/share/nodejs/$m" /usr/share/nodejs/ || die "cannot copy $m into /usr/share/nodejs (run as root)"
  fi
done

mkdir -p "$dir/bin"
cat >"$dir/bin/node" <<EOF
#!/bin/sh
LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "$root/usr/bin/node" "\$@"
EOF
chmod +x "$dir/bin/node"
"$dir/bin/node" -e 'process.exit(process.versions.node.startsWith("18.") ? 0 : 1)' || die "the unpacked node does not run as 18"
echo "$dir/bin/node"
