#!/usr/bin/env bash
# Installs the Debian packages kith needs to build, run and test.
# As root it runs apt-get itself; otherwise it prints the one command to run.
set -euo pipefail
pkgs=(build-essential cmake ninja-build pkg-config git curl
      libsqlite3-dev sqlite3 libpq-dev postgresql
      libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
      nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev libsodium-dev libutf8proc-dev
      libgtest-dev libgmock-dev libbenchmark-dev libigraph-dev wrk jq python3 iproute2
      clang libclang-rt-14-dev)  # clang + libFuzzer: tests/fuzz (make fuzz, make test)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "kith needs these Debian packages. Run, as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}"
