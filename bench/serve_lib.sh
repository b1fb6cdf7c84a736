# Shared by the benchmarks that drive a real `kith serve` (api_bench.sh,
# suggest_bench.sh): a free port, waiting for the server, stopping it.
# Sourced, not run; the caller keeps the server's pid in `server_pid`.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# BASE is the server's origin (http://127.0.0.1:PORT); up to 10 s.
wait_for_health() {
  local base=$1 i
  for i in $(seq 1 100); do
    curl -fsS "$base/api/v1/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "$(basename "$0" .sh): the server did not answer on $base" >&2
  return 1
}

stop_server() {
  if [ -n "${server_pid:-}" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
