#include "kith/api/request_log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace kith::api {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kLoggedPathBytesMax = 200;

// One request at a time runs on a worker thread, from routing to the log line.
thread_local std::optional<Clock::time_point> request_start;

// Paths come from clients: keep them short and on one line.
std::string loggable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, kLoggedPathBytesMax)) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f || c == ' ') ? '?' : c;
  }
  if (s.size() > kLoggedPathBytesMax) out += "...";
  return out;
}

}  // namespace

std::shared_ptr<spdlog::logger> server_logger() {
  static const std::shared_ptr<spdlog::logger> logger = [] {
    auto l = std::make_shared<spdlog::logger>("kith", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_formatter(std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%fZ %l %v",
                                                                 spdlog::pattern_time_type::utc));
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return logger;
}

void mark_request_start() { request_start = Clock::now(); }

void log_request(const httplib::Request& req, const httplib::Response& res) {
  long long duration_us = 0;
  if (request_start) {
    duration_us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - *request_start).count();
    request_start.reset();
  }
  server_logger()->info("request method={} path={} status={} duration_us={} bytes={}", loggable(req.method),
                        loggable(req.path), res.status, duration_us, res.body.size());
}

}  // namespace kith::api
