#include "kith/api/server.hpp"

#include "kith/api/web_page.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "kith/api/client_address.hpp"
#include "kith/api/error.hpp"
#include "kith/api/request_log.hpp"
#include "kith/core/text.hpp"

namespace kith::api {
namespace {

using httplib::ContentReader;
using httplib::Request;
using httplib::Response;

// Any path: routing is done by match_route, not by httplib's regexes.
constexpr const char* kAnyPath = "/.*";

// A write refused because the disk (or the database's size limit) is full: the
// one internal failure whose message is safe and useful to show (507).
bool is_storage_full(const Error& e) {
  return e.code == Errc::internal && e.message.find("disk is full") != std::string::npos;
}

Error generic_failure(const Error& e) {
  // Internal details (SQL, file names, connection strings) go to the log only.
  if (e.code == Errc::unavailable)
    return Error{Errc::unavailable, "The database is busy or cannot be reached; try again shortly", {}, 0};
  return Error{Errc::internal, "Something went wrong in the server; the details are in its log", {}, 0};
}

// Errors httplib raises itself, before a route runs.
Error transport_error(int status) {
  switch (status) {
    case 413: return too_large_error(kImportBodyBytesMax);
    case 414: return Error{Errc::invalid, "The URL is too long", {}, 0};
    case 416: return Error{Errc::invalid, "The Range header is not valid", {}, 0};
    case 404: return Error{Errc::not_found, std::string(kNoRoutePrefix) + " for this request", {}, 0};
    case 400: return Error{Errc::invalid, "The request is not valid HTTP, or its body could not be read", {}, 0};
    default: return Error{Errc::internal, "Something went wrong in the server; the details are in its log", {}, 0};
  }
}

struct Body {
  std::string bytes;
  bool over_limit = false;
  bool read_ok = true;
};

// Reads the whole body but keeps at most `limit` bytes, so the connection stays
// in step for the next request and memory stays bounded.
Body read_body(const Request& req, const ContentReader& reader, size_t limit) {
  Body b;
  auto keep = [&b, limit](const char* data, size_t n) {
    if (!b.over_limit && b.bytes.size() + n <= limit) {
      b.bytes.append(data, n);
    } else if (!b.over_limit) {
      b.over_limit = true;
      std::string().swap(b.bytes);
    }
    return true;
  };
  if (req.is_multipart_form_data())
    b.read_ok = reader([](const httplib::MultipartFormData&) { return true; }, keep);
  else
    b.read_ok = reader(keep);
  return b;
}

size_t body_limit(const Route* r) {
  return r && (r->body == BodyKind::import || r->body == BodyKind::xml) ? kImportBodyBytesMax : kJsonBodyBytesMax;
}

bool xml_media(std::string_view m) { return m == "application/graphml+xml" || m == "application/xml" || m == "text/xml"; }

// 415 unless the body's media type is one the route reads. An empty body with
// no Content-Type is left to the handler, which says what to send.
bool media_accepted(const Route& r, const Request& req, const std::string& body) {
  std::string media = media_type(req);
  if (r.body == BodyKind::none || (body.empty() && media.empty())) return true;
  if (r.body == BodyKind::xml) return xml_media(media);
  if (media == "application/json") return true;
  return r.body == BodyKind::import && media == "text/csv";
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 5 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// The host part of a Host header ("name", "name:port", "[v6]", "[v6]:port"),
// lower-cased; "" when the value is not of that shape.
std::string host_part(std::string_view v) {
  if (v.empty()) return {};
  std::string_view host = v, port;
  if (v.front() == '[') {
    auto close = v.find(']');
    if (close == std::string_view::npos) return {};
    host = v.substr(0, close + 1);
    std::string_view rest = v.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return {};
      port = rest.substr(1);
      if (!all_digits(port)) return {};
    }
  } else if (auto colon = v.find(':'); colon != std::string_view::npos) {
    host = v.substr(0, colon);
    port = v.substr(colon + 1);
    if (!all_digits(port)) return {};
  }
  if (host.empty() || host.find_first_of(" \t/\\@") != std::string_view::npos) return {};
  return ascii_lower(host);
}

std::string as_host(std::string_view address) {
  std::string a = ascii_lower(address);
  return a.find(':') != std::string::npos && a.front() != '[' ? "[" + a + "]" : a;
}

void write_simple_error(Response& res, int status, std::string_view code, const std::string& message) {
  nlohmann::json body = {{"error", {{"code", code}, {"message", message}, {"field", nullptr}}}};
  res.status = status;
  res.set_content(dump_json(body), "application/json");
}

// Over a rate limit: 429, and when to come back.
void write_too_many(Response& res, std::chrono::seconds wait, std::string_view from) {
  res.set_header("Retry-After", std::to_string(wait.count()));
  write_error(res, Error{Errc::too_many_requests,
                         "Too many requests from " + std::string(from) + "; wait " + std::to_string(wait.count()) +
                             " seconds and try again",
                         {}, 0});
}

// A request the gate turned away. 401 names the schemes it accepts.
void write_refusal(Response& res, const Error& e) {
  if (e.code == Errc::unauthenticated) res.set_header("WWW-Authenticate", "Bearer realm=\"kith\"");
  if (e.code == Errc::internal || e.code == Errc::unavailable) {
    server_logger()->error("authentication failed: {}", e.message);
    return write_error(res, generic_failure(e));
  }
  write_error(res, e);
}

// Refuses, before any routing or file serving, a request for another host
// (421), without a Host header (400) or with a NUL in its path (400).
bool refuse_request(const Request& req, Response& res, const ServerOptions& o) {
  if (req.path.find('\0') != std::string::npos) {
    write_error(res, Error{Errc::invalid, "The path contains a NUL character", {}, 0});
    return true;
  }
  if (!req.has_header("Host") || req.get_header_value_count("Host") != 1) {
    write_error(res, Error{Errc::invalid, "Send exactly one Host header", {}, 0});
    return true;
  }
  if (!host_allowed(req.get_header_value("Host"), o)) {
    write_simple_error(res, 421, "misdirected",
                       "This server does not answer for that Host; use the address it listens on, localhost, or a "
                       "name given to kith serve --host-name");
    return true;
  }
  return false;
}

// The web front end (ServerOptions::web_dir). --------------------------------

constexpr std::string_view kAssetsDir = "/assets/";
constexpr size_t kAssetHashChars = 8;  // Vite 5 (Rollup 4): [name]-[hash], 8 base64url characters
constexpr const char* kHtmlType = "text/html; charset=utf-8";
// A year, and "immutable": the browser does not even revalidate on reload.
constexpr const char* kCacheForever = "public, max-age=31536000, immutable";

// Types by file extension, over httplib's own table: UTF-8 named for text (Vite
// writes UTF-8), and the kinds httplib does not know.
constexpr std::pair<const char*, const char*> kWebTypes[] = {
    {"html", kHtmlType},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"ico", "image/x-icon"},
    {"woff2", "font/woff2"},
};

bool is_base64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// True when an Accept-Encoding element's parameters ("gzip;q=0") refuse it.
bool refused_by_q(std::string_view params) {
  while (!params.empty()) {
    auto semi = params.find(';');
    std::string_view p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') continue;
    std::string_view q = p.substr(2);
    return !q.empty() && q.find_first_not_of("0.") == std::string_view::npos;
  }
  return false;
}

// httplib hands handlers the request as const, but the object it routes is
// its own, non-const one: rewriting Accept-Encoding here, before routing, is
// the one way to keep it from compressing with brotli (see accepted_encoding).
void offer_gzip_only(const Request& req) {
  auto& headers = const_cast<Request&>(req).headers;
  std::string value;
  const size_t n = req.get_header_value_count("Accept-Encoding");
  for (size_t i = 0; i < n; ++i) value += (i ? "," : "") + req.get_header_value("Accept-Encoding", i);
  headers.erase("Accept-Encoding");
  if (std::string use = accepted_encoding(value); !use.empty()) headers.emplace("Accept-Encoding", use);
}

// The long cache for hashed assets, once served; every other answer keeps the
// default no-store (security_headers).
void set_cache_policy(const Request& req, Response& res) {
  if ((res.status != 200 && res.status != 206) || !is_hashed_asset(req.path)) return;
  res.headers.erase("Cache-Control");
  res.set_header("Cache-Control", kCacheForever);
  res.set_header("Vary", "Accept-Encoding");  // a shared cache must not give gzip to a client that did not ask
}

}  // namespace

bool host_allowed(std::string_view host_header, const ServerOptions& options) {
  std::string host = host_part(host_header);
  if (host.empty()) return false;
  if (host == "localhost" || host == as_host(options.bind)) return true;
  // A wildcard bind answers on loopback too; other addresses need --host-name.
  if ((options.bind == "0.0.0.0" || options.bind == "::") && (host == "127.0.0.1" || host == "[::1]")) return true;
  for (const auto& name : options.host_names)
    if (host == as_host(name)) return true;
  return false;
}

bool is_hashed_asset(std::string_view path) {
  if (path.substr(0, kAssetsDir.size()) != kAssetsDir) return false;
  std::string_view name = path.substr(kAssetsDir.size());
  if (name.find('/') != std::string_view::npos) return false;  // Vite writes assets/ flat
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == name.size()) return false;
  std::string_view stem = name.substr(0, dot);
  if (name.substr(dot + 1) == "map") {  // NAME-HASH.js.map
    auto inner = stem.rfind('.');
    if (inner == std::string_view::npos || inner + 1 == stem.size()) return false;
    stem = stem.substr(0, inner);
  }
  // At least one character of NAME, then "-", then the hash.
  if (stem.size() < kAssetHashChars + 2 || stem[stem.size() - kAssetHashChars - 1] != '-') return false;
  std::string_view hash = stem.substr(stem.size() - kAssetHashChars);
  return std::all_of(hash.begin(), hash.end(), is_base64url);
}

bool is_app_page(std::string_view path) {
  auto under = [path](std::string_view dir) {  // dir itself, or anything below it
    return path == dir || path.substr(0, dir.size() + 1) == std::string(dir) + "/";
  };
  if (path.empty() || path.front() != '/' || under("/api") || under("/assets")) return false;
  if (path.find('\\') != std::string_view::npos) return false;
  std::string_view last;
  for (size_t start = 1;;) {
    auto end = path.find('/', start);
    last = path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (last == "." || last == "..") return false;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return last.find('.') == std::string_view::npos;
}

std::string accepted_encoding(std::string_view accept_encoding) {
  bool gzip = false, gzip_named = false, any = false;
  while (!accept_encoding.empty()) {
    auto comma = accept_encoding.find(',');
    std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    auto semi = element.find(';');
    std::string coding = ascii_lower(trim(element.substr(0, semi)));
    bool refused = semi != std::string_view::npos && refused_by_q(element.substr(semi + 1));
    if (coding == "gzip" || coding == "x-gzip") {
      gzip_named = true;
      gzip = gzip || !refused;
    } else if (coding == "*") {
      any = !refused;
    }
  }
  return gzip || (!gzip_named && any) ? "gzip" : "";
}

Server::Server(store::Store& s, ServerOptions options)
    : options_(std::move(options)),
      handlers_(s, options_.web_dir, options_.network, options_.accounts, options_.sessions),
      gate_(handlers_.accounts()),
      by_address_(options_.rate_per_minute_address),
      by_account_(options_.rate_per_minute_account),
      http_(std::make_unique<httplib::Server>()) {
  assert(options_.threads >= 1 && options_.threads <= kThreadsMax);
  configure();
}

Server::~Server() { stop(); }

// On every response, API and static files alike. The page may load only its
// own scripts, styles, images and data (no inline script, no other site), may
// not be framed (clickjacking), and no answer is kept in a cache, since most
// carry personal data.
httplib::Headers security_headers() {
  return {{"Content-Security-Policy",
           "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
           "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
           "frame-ancestors 'none'"},
          {"X-Frame-Options", "DENY"},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "no-referrer"},
          {"Cache-Control", "no-store"},
          {"Cross-Origin-Opener-Policy", "same-origin"},
          {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"}};
}

void Server::configure() {
  const size_t threads = static_cast<size_t>(options_.threads);
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_->set_payload_max_length(kImportBodyBytesMax);
  // Small JSON replies must not wait for the client's delayed ACK (Nagle):
  // without this every request took ~40 ms on loopback.
  http_->set_tcp_nodelay(true);
  // httplib's default is SO_REUSEPORT, which lets a second server silently share
  // the port; SO_REUSEADDR alone still allows a quick restart.
  http_->set_socket_options([this](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_socket_ = sock;
  });
  http_->set_default_headers(security_headers());
  std::error_code ec;
  if (!options_.web_dir.empty() && std::filesystem::is_directory(options_.web_dir, ec)) {
    http_->set_mount_point("/", options_.web_dir);
    for (const auto& [extension, type] : kWebTypes) http_->set_file_extension_and_mimetype_mapping(extension, type);
  }

  http_->set_pre_routing_handler([this](const Request& req, Response& res) {
    mark_request_start();
    offer_gzip_only(req);
    return refuse_request(req, res, options_) ? httplib::Server::HandlerResponse::Handled
                                              : httplib::Server::HandlerResponse::Unhandled;
  });
  http_->set_post_routing_handler(set_cache_policy);
  auto plain = [this](const Request& req, Response& res) { dispatch(req, res, nullptr); };
  auto with_body = [this](const Request& req, Response& res, const ContentReader& reader) {
    dispatch(req, res, &reader);
  };
  http_->Get(kAnyPath, plain);
  http_->Options(kAnyPath, plain);
  http_->Post(kAnyPath, with_body);
  http_->Put(kAnyPath, with_body);
  http_->Patch(kAnyPath, with_body);
  http_->Delete(kAnyPath, with_body);

  http_->set_error_handler(httplib::Server::HandlerWithResponse([](const Request&, Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    write_error(res, transport_error(res.status));
    return httplib::Server::HandlerResponse::Handled;
  }));
  http_->set_exception_handler([](const Request& req, Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    server_logger()->error("exception method={} path={}: {}", req.method, req.path.substr(0, 200), what);
    write_error(res, generic_failure(internal_error(what)));
  });
  http_->set_logger(log_request);
}

std::string Server::client_address_of(const Request& req) const {
  if (options_.trusted_proxies.empty()) return req.remote_addr;
  std::vector<std::string> forwarded;
  const size_t n = req.get_header_value_count("X-Forwarded-For");
  for (size_t i = 0; i < n; ++i) forwarded.push_back(req.get_header_value("X-Forwarded-For", i));
  return client_address(req.remote_addr, forwarded, options_.trusted_proxies);
}

void Server::dispatch(const Request& req, Response& res, const ContentReader* reader) {
  RouteMatch m = match_route(req.method, req.path);
  Body body;
  if (reader) body = read_body(req, *reader, body_limit(m.route));
  if (!body.read_ok) {
    write_error(res, transport_error(res.status == 413 ? 413 : 400));
    return;
  }
  if (m.route == nullptr) {
    if (!m.allowed.empty()) return write_method_not_allowed(res, req.method, m.allowed);
    if (serve_app_page(req, res)) return;
    return write_error(res, no_route_error(req.method, req.path));
  }
  // Who is asking, and may they, before anything of the request is used.
  const std::string client = client_address_of(req);
  const auto tick = RateLimiter::Clock::now();
  if (auto wait = by_address_.take("address " + client, tick); wait.count() > 0)
    return write_too_many(res, wait, "this address");
  const Seconds now = now_seconds();
  Result<Caller> caller = gate_.admit(*m.route, m.params, req, now);
  if (!caller) return write_refusal(res, caller.error());
  if (caller->who) {
    if (auto wait = by_account_.take("account " + caller->who->user.id, tick); wait.count() > 0)
      return write_too_many(res, wait, "this account");
  }
  if (body.over_limit) return write_error(res, too_large_error(body_limit(m.route)));
  if (!media_accepted(*m.route, req, body.bytes))
    return write_error(res, unsupported_media_error(m.route->body == BodyKind::import ? "application/json or text/csv"
                                                    : m.route->body == BodyKind::xml  ? "application/graphml+xml"
                                                                                      : "application/json"));
  Result<Reply> reply = internal_error("not run");
  try {
    reply = handlers_.handle(Call{*m.route, m.params, req, body.bytes, *caller, client, now});
  } catch (const std::exception& e) {
    reply = internal_error(std::string("exception: ") + e.what());
  }
  if (!reply) {
    const Error& e = reply.error();
    if (e.code == Errc::internal || e.code == Errc::unavailable) {
      server_logger()->error("failed method={} path={} code={}: {}", req.method, m.route->path, errc_name(e.code),
                             e.message);
      if (is_storage_full(e))
        return write_simple_error(res, 507, "storage_full",
                                  "The disk is full: nothing was written; free some space and try again");
      return write_error(res, generic_failure(e));
    }
    return write_error(res, e);
  }
  res.status = reply->status;
  for (const auto& [name, value] : reply->headers) res.set_header(name, value);
  if (reply->status != 204) res.set_content(std::move(reply->body), reply->content_type);
}

// A page of the web app opened by its URL (a bookmark, a reload): the app's
// index.html, whose script routes by the URL. Anything that names a file
// (an extension) or an API route stays a 404, so a missing script is never
// answered with HTML.
bool Server::serve_app_page(const Request& req, Response& res) const {
  if ((req.method != "GET" && req.method != "HEAD") || !is_app_page(req.path)) return false;
  std::optional<std::string> index = read_index_html(options_.web_dir);
  if (!index) return false;
  res.status = 200;
  res.set_content(std::move(*index), kHtmlType);
  return true;
}

// Debian's httplib is a compiled library that listens with a backlog of 5, so
// more than five clients connecting at once overflowed the queue and the
// kernel reset some of them (a race test saw "no response"; nstat counted
// ListenOverflows). Calling listen() again on the bound socket sets the new
// backlog (Linux caps it at net.core.somaxconn).
void Server::widen_backlog() {
  if (listen_socket_ >= 0) ::listen(listen_socket_, kListenBacklog);
}

Result<int> Server::bind() {
  assert(!bound_);
  int port = options_.port;
  bool ok = port == 0 ? (port = http_->bind_to_any_port(options_.bind)) > 0
                      : http_->bind_to_port(options_.bind, port);
  if (!ok)
    return Error{Errc::unavailable,
                 "Could not listen on " + options_.bind + ":" + std::to_string(options_.port) +
                     "; is another program using that port, or is the address not on this machine?",
                 "port", 0};
  widen_backlog();
  bound_ = true;
  return port;
}

Result<void> Server::run() {
  if (!bound_) return internal_error("Server::run before bind");
  run_active_ = true;
  if (stop_requested_) {
    run_active_ = false;
    return {};
  }
  bool ok = http_->listen_after_bind();
  run_active_ = false;
  if (!ok && !stop_requested_) return Error{Errc::unavailable, "The server stopped accepting connections", {}, 0};
  return {};
}

void Server::stop() {
  stop_requested_ = true;
  if (stop_sent_.exchange(true)) return;
  // run() may be between its check and httplib marking itself running; wait for
  // one or the other, so the stop is never lost and never sent twice.
  while (run_active_) {
    if (http_->is_running()) {
      http_->stop();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace kith::api
