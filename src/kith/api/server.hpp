#pragma once
// The HTTP server: cpp-httplib with a fixed worker pool, every request routed
// through the route table (routes.hpp) to the handlers. stop() is graceful: the
// listening socket closes, requests in flight finish, then run() returns.
#include <httplib.h>

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kith/api/handlers.hpp"
#include "kith/api/rate_limit.hpp"
#include "kith/core/result.hpp"
#include "kith/store/store.hpp"

namespace kith::api {

inline constexpr int kThreadsMax = 256;
inline constexpr int kListenBacklog = 511;  // connections waiting to be accepted

struct ServerOptions {
  std::string bind = "127.0.0.1";  // local only unless asked (--bind)
  int port = 8080;                 // 0 picks a free port
  int threads = 8;                 // worker pool size, 1..kThreadsMax
  std::string web_dir;             // web front end (index.html and assets); empty = built-in page
  analysis::ServiceOptions network{};  // betweenness size limit, network cache bytes
  // Names besides the bound address and "localhost" that clients may put in
  // the Host header (a reverse proxy's name). Anything else gets 421: without
  // accounts, this is what keeps a web page on another site from reaching the
  // API through DNS rebinding.
  std::vector<std::string> host_names;
  // Reverse proxies (literal addresses) whose X-Forwarded-For names the
  // client (api/client_address.hpp); empty: the header is ignored.
  std::vector<std::string> trusted_proxies;
  domain::AccountOptions accounts{};  // session lifetimes, log-in lockout
  SessionOptions sessions{};          // Secure cookies
  int rate_per_minute_address = kRatePerMinuteAddressDefault;  // API requests a minute from one address
  int rate_per_minute_account = kRatePerMinuteAccountDefault;  // and by one signed-in account
};

// True when `host_header` (a Host header's value, port optional) names one of
// the hosts this server answers as. Exposed for unit tests.
bool host_allowed(std::string_view host_header, const ServerOptions& options);

// The web front end's files (docs/api.md, "The web front end"); exposed for unit tests.
// True when `path` names a file the build named after its content (Vite's
// /assets/NAME-HASH.EXT, HASH 8 characters of A-Z a-z 0-9 _ -; NAME-HASH.EXT.map
// for its source map): its bytes never change under that name, so browsers may
// keep it for a year.
bool is_hashed_asset(std::string_view path);
// True when `path` may be a page of the web app (history-API URLs such as
// /areas/ar_1/people), answered with index.html: not under /api/ or /assets/,
// no "." or ".." segment, no backslash, and no file extension in its last segment.
bool is_app_page(std::string_view path);
// The Accept-Encoding value handed on to httplib: "gzip" when the client's
// value accepts gzip (a q of 0 refuses it), else "" (send the body as it is).
// Brotli is never offered: Debian's httplib 0.11 compresses with it at quality
// 11 on every answer (2.5 s for one 675 KB network), gzip takes 80 ms.
std::string accepted_encoding(std::string_view accept_encoding);

class Server {
 public:
  Server(store::Store& s, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Opens the listening socket; returns the port (the chosen one when port is 0).
  Result<int> bind();
  // Serves until stop(); returns after the requests in flight have been answered.
  Result<void> run();
  // Safe from any thread, at any time, more than once.
  void stop();

 private:
  void dispatch(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader* reader);
  std::string client_address_of(const httplib::Request& req) const;
  bool serve_app_page(const httplib::Request& req, httplib::Response& res) const;
  void configure();
  void widen_backlog();

  ServerOptions options_;
  Handlers handlers_;
  Gate gate_;
  RateLimiter by_address_;
  RateLimiter by_account_;
  std::unique_ptr<httplib::Server> http_;
  bool bound_ = false;
  int listen_socket_ = -1;  // seen in httplib's socket-options hook, to widen its backlog
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> stop_sent_{false};
  std::atomic<bool> run_active_{false};
};

}  // namespace kith::api
