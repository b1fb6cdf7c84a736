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

  // Every later request carries Authorization: Bearer TOKEN.
  void use_token(const std::string& token);
  // Every later request carries the session cookie and, unless csrf is
  // empty, the X-CSRF-Token header (as kith's own page would).
  void use_session(const std::string& session_token, const std::string& csrf);
  // Sends no credentials from now on.
  void anonymous();

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

// Accounts for tests. The password is a test fixture, never a default of kith.
inline constexpr const char* kTestPassword = "correct horse battery staple 9";

struct AdminDb {
  std::string url;    // a fresh database
  std::string token;  // an API token of its all-areas admin, "admin"
};
// A fresh database with an all-areas admin "admin" (kTestPassword) and an
// API token: a copy of a template made once per process, since hashing a
// password is slow by design.
AdminDb fresh_admin_db(const TempDir& dir);
// Through the real `kith user` commands: adds a user (kTestPassword) with one
// grant ("--all-areas" or an area id; for a member, linked to `person` when
// one is given), and returns an API token of theirs. Throws with the
// command's output when a command fails.
std::string add_user_with_token(const std::string& db_url, const std::string& username, const std::string& role,
                                const std::string& area, const std::string& person = {});

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
  // A client for this server, carrying the token given to use_token (if any).
  HttpClient client() const;
  void use_token(const std::string& token) { token_ = token; }

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
  std::string token_;
};

}  // namespace kith::test
