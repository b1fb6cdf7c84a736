#pragma once
// Runs the real `kith serve` (KITH_BIN) as a child process on a free port, and
// a small HTTP client for talking to it. The server is stopped with SIGTERM.
#include <httplib.h>
#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace kith::test {

struct HttpReply {
  int status = 0;  // 0 when no response arrived
  std::string body;
  httplib::Headers headers;

  nlohmann::json json() const;  // the body parsed; throws when it is not JSON
  std::string header(const std::string& name) const;
  // The error object's parts, "" (or null field) when absent.
  std::string error_code() const;
  nlohmann::json error_field() const;
  std::string error_message() const;
};

class HttpClient {
 public:
  HttpClient(const std::string& host, int port);

  HttpReply get(const std::string& path);
  HttpReply del(const std::string& path);
  HttpReply post(const std::string& path, const nlohmann::json& body);
  HttpReply patch(const std::string& path, const nlohmann::json& body);
  // Any method with a raw body and Content-Type ("" sends no Content-Type).
  HttpReply send(const std::string& method, const std::string& path, const std::string& body,
                 const std::string& content_type);

 private:
  httplib::Client client_;
};

class ServerProcess {
 public:
  // Starts `kith serve --db URL --port 0 ARGS…` (no --port 0 when ARGS has a --port) and returns once it answers
  // /api/v1/health. Throws with the server's log when it does not start.
  explicit ServerProcess(const std::string& db_url, const std::vector<std::string>& args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& listening_line() const { return line_; }
  HttpClient client() const { return HttpClient("127.0.0.1", port_); }

  void terminate();  // sends SIGTERM
  // Waits for the process to end: its exit status, or 128 + signal number.
  int wait_exit();
  bool running() const { return pid_ > 0; }
  std::string log() const;  // everything written to stderr so far

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int port_ = 0;
  int exit_status_ = -1;
  std::string line_;
};

}  // namespace kith::test
