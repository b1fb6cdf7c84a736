// `kith serve`: open (and migrate) the database, serve the API and the web page
// until SIGTERM or SIGINT, then finish the requests in flight and exit 0.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "kith/api/client_address.hpp"
#include "kith/api/request_log.hpp"
#include "kith/api/server.hpp"
#include "kith/cli/commands.hpp"
#include "kith/store/store.hpp"

namespace kith::cli {
namespace {

struct ServeOptions {
  std::string db = kDefaultDbUrl;
  api::ServerOptions server;
  int network_cache_mb = static_cast<int>(analysis::kNetworkCacheBytesDefault >> 20);
  int session_idle_minutes = 30;
  int session_hours = 12;
};

// The write end of the self-pipe; the signal handler only writes one byte to it.
std::atomic<int> stop_pipe_write{-1};

extern "C" void on_stop_signal(int) {
  int saved = errno;
  int fd = stop_pipe_write.load();
  char byte = 's';
  if (fd >= 0) {
    [[maybe_unused]] auto n = ::write(fd, &byte, 1);
  }
  errno = saved;
}

// Turns SIGTERM/SIGINT into a call of `on_stop` on an ordinary thread, where
// stopping the server is safe. Restores the previous handlers when it goes.
class StopSignals {
 public:
  explicit StopSignals(std::function<void()> on_stop) : on_stop_(std::move(on_stop)) {
    if (::pipe2(fds_, O_CLOEXEC) != 0) throw std::runtime_error("cannot create the signal pipe");
    ::fcntl(fds_[1], F_SETFL, O_NONBLOCK);  // the handler must never block
    stop_pipe_write = fds_[1];
    watcher_ = std::thread([this] { watch(); });
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &sa, &old_term_);
    ::sigaction(SIGINT, &sa, &old_int_);
  }

  ~StopSignals() {
    ::sigaction(SIGTERM, &old_term_, nullptr);
    ::sigaction(SIGINT, &old_int_, nullptr);
    char quit = 'q';
    while (::write(fds_[1], &quit, 1) < 0 && errno == EINTR) {
    }
    watcher_.join();
    stop_pipe_write = -1;
    ::close(fds_[0]);
    ::close(fds_[1]);
  }

  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  void watch() {
    bool stopping = false;
    for (;;) {
      char byte = 0;
      ssize_t n = ::read(fds_[0], &byte, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n != 1 || byte == 'q') return;
      if (!stopping) {
        stopping = true;
        on_stop_();
      }
    }
  }

  std::function<void()> on_stop_;
  int fds_[2] = {-1, -1};
  std::thread watcher_;
  struct sigaction old_term_ {};
  struct sigaction old_int_ {};
};

std::string default_web_dir() {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::path(KITH_SOURCE_DIR) / "web" / "dist";
  return std::filesystem::is_directory(dir, ec) ? dir.string() : std::string();
}

// IPv6 literals need brackets in a URL.
std::string url_host(const std::string& host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }

int serve(const ServeOptions& o) {
  std::signal(SIGPIPE, SIG_IGN);  // a client hanging up must not kill the server
  auto log = api::server_logger();
  // Signals are caught from the start, so a stop during a long migration is clean too.
  std::atomic<bool> stop_requested{false};
  std::atomic<api::Server*> live{nullptr};
  auto signals = std::make_unique<StopSignals>([&] {
    log->info("stopping: no new connections; finishing the requests in flight");
    stop_requested = true;
    if (api::Server* server = live.load()) server->stop();
  });

  store::StoreOptions store_options;
  store_options.pool_size = o.server.threads;
  auto store = store::open_store(o.db, store_options);
  if (!store) {
    print_error(store.error());
    return 1;
  }
  auto version = (*store)->schema_version();
  if (!version) {
    print_error(version.error());
    return 1;
  }
  int exit_code = 0;
  {
    api::Server server(**store, o.server);
    auto port = server.bind();
    if (!port) {
      print_error(port.error());
      return 1;
    }
    live = &server;
    if (stop_requested) server.stop();
    log->info("serving engine={} schema_version={} threads={}", (*store)->engine(), *version, o.server.threads);
    std::cout << "kith listening on http://" << url_host(o.server.bind) << ":" << *port << std::endl;
    auto ran = server.run();
    if (!ran) {
      print_error(ran.error());
      exit_code = 1;
    }
    signals.reset();  // joins the watcher, so no stop() is still running when the server goes
    live = nullptr;
    log->info("stopped");
  }
  store.value().reset();  // close the database before exiting
  return exit_code;
}

}  // namespace

void add_serve(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("serve", "Serve the web page and the JSON API (on 127.0.0.1 only by default; every "
                                          "route but health, the API description and log-in needs an account)");
  auto o = std::make_shared<ServeOptions>();
  o->server.web_dir = default_web_dir();
  cmd->add_option("--db", o->db, "Database: a SQLite file path or postgresql://… URL")->capture_default_str();
  cmd->add_option("--port", o->server.port, "TCP port; 0 picks a free one")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->add_option("--bind", o->server.bind,
                  "Address to listen on (0.0.0.0 for every interface); serve beyond this machine only behind TLS, "
                  "with --secure-cookies")
      ->capture_default_str();
  cmd->add_flag("--secure-cookies", o->server.sessions.secure_cookies,
                "Mark the session cookie Secure (sent over HTTPS only): use when a TLS proxy is in front");
  cmd->add_option("--rate-limit-address", o->server.rate_per_minute_address,
                  "API requests a minute from one client address before 429 (bursts up to as many)")
      ->check(CLI::Range(1, api::kRatePerMinuteMax))
      ->capture_default_str();
  cmd->add_option("--rate-limit-account", o->server.rate_per_minute_account,
                  "API requests a minute by one signed-in account before 429")
      ->check(CLI::Range(1, api::kRatePerMinuteMax))
      ->capture_default_str();
  cmd->add_option("--session-idle-minutes", o->session_idle_minutes, "A session ends after this long unused")
      ->check(CLI::Range(1, 24 * 60))
      ->capture_default_str();
  cmd->add_option("--session-hours", o->session_hours, "A session ends this long after log-in, however used")
      ->check(CLI::Range(1, 24 * 7))
      ->capture_default_str();
  cmd->add_option("--threads", o->server.threads, "Requests served at once")
      ->check(CLI::Range(1, api::kThreadsMax))
      ->capture_default_str();
  cmd->add_option("--web,--web-dir", o->server.web_dir, "Folder with the web front end (index.html)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--host-name", o->server.host_names,
                  "A name clients may send in the Host header besides the bound address and localhost (a proxy's "
                  "name); repeatable. Requests for any other host get 421")
      ->expected(1)
      ->take_all();
  cmd->add_option("--trusted-proxy", o->server.trusted_proxies,
                  "The address of a reverse proxy in front of kith (repeatable): from it, the client's address is "
                  "read from X-Forwarded-For, for the audit log, rate limits and log-in lockout")
      ->expected(1)
      ->take_all()
      ->check(CLI::Validator(
          [](const std::string& v) {
            return api::is_ip_address(v) ? std::string() : "--trusted-proxy takes an IP address, not '" + v + "'";
          },
          "IP address"));
  cmd->add_option("--exact-betweenness-max", o->server.network.betweenness.exact_max,
                  "Above this many people the network uses approximate betweenness (?exact=true asks for exact)")
      ->capture_default_str();
  cmd->add_option("--suppress-below", o->server.network.small_count_min,
                  "Aggregates withhold any count from 1 up to one less than this (5 at least)")
      ->check(CLI::Range(analysis::kSmallCountMin, analysis::kSmallCountMinMax))
      ->capture_default_str();
  cmd->add_option("--layout-people-max", o->server.network.layout_people_max,
                  "Above this many people /network/layout lays out the communities instead (?community= drills down)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40))
      ->capture_default_str();
  cmd->add_option("--network-cache-mb", o->network_cache_mb, "Memory for cached networks, in MiB")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  cmd->callback([o, &exit_code] {
    o->server.network.cache_bytes_max = static_cast<size_t>(o->network_cache_mb) << 20;
    o->server.accounts.session_idle = std::chrono::minutes(o->session_idle_minutes);
    o->server.accounts.session_absolute = std::chrono::hours(o->session_hours);
    exit_code = serve(*o);
  });
}

}  // namespace kith::cli
