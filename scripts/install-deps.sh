#!/usr/bin/env bash
# Installs the Debian packages kith needs to build, run and test.
# As root it runs apt-get itself; otherwise it prints the one command to run.
#   scripts/install-deps.sh             everything (make test)
#   scripts/install-deps.sh --run-only  without Chromium, which only the browser tests need (make run)
set -euo pipefail
run_only=false
case "${1:-}" in
  --run-only) run_only=true ;;
  "") ;;
  *) echo "usage: $0 [--run-only]" >&2; exit 2 ;;
esac
pkgs=(build-essential cmake ninja-build pkg-config git curl
      libsqlite3-dev sqlite3 libpq-dev postgresql
      libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
      nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev libsodium-dev libutf8proc-dev
      libgtest-dev libgmock-dev libbenchmark-dev libigraph-dev wrk jq python3 iproute2
      libboost-math-dev  # wave report: Student t and binomial quantiles (analysis/stats)
      libexpat1-dev  # Network Canvas GraphML interviews (exchange/read_netcanvas)
      clang libclang-rt-14-dev)  # clang + libFuzzer: tests/fuzz (make fuzz, make test)
# The web front end is built with Node and npm. Debian's own (nodejs, npm) only
# when the commands are missing: a newer Node installed another way (NodeSource)
# must not be replaced.
command -v node >/dev/null || pkgs+=(nodejs)
command -v npm >/dev/null || pkgs+=(npm)
# The browser tests (tests/e2e) drive Debian's Chromium; make run does not need it.
$run_only || pkgs+=(chromium)
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
