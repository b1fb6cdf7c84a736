#pragma once
// One structured line per request on stderr:
//   request method=GET path=/api/v1/areas status=200 duration_us=812 bytes=341
// Query strings are never logged: ?q= may hold a person's name.
#include <httplib.h>
#include <spdlog/logger.h>

#include <memory>

namespace kith::api {

// The logger the server writes to (stderr, UTC timestamps).
std::shared_ptr<spdlog::logger> server_logger();

// Called when routing starts on this worker thread; the log line measures from here.
void mark_request_start();
void log_request(const httplib::Request& req, const httplib::Response& res);

}  // namespace kith::api
