#include "support/server.hpp"

#include "support/run_command.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace kith::test {
namespace {

constexpr int kHealthAttemptsMax = 200;     // the socket is bound before the line is printed
constexpr int kExitPollsMax = 3000;         // 10 ms each: a stuck server is killed after ~30 s
constexpr size_t kListeningLineBytesMax = 4096;

HttpReply from(const httplib::Result& r) {
  HttpReply out;
  if (!r) {
    // No answer: say why (connection refused, read timeout, …) so a failure names it.
    out.body = "no response: " + httplib::to_string(r.error());
    return out;
  }
  out.status = r->status;
  out.body = r->body;
  out.headers = r->headers;
  return out;
}

}  // namespace

nlohmann::json HttpReply::json() const { return nlohmann::json::parse(body); }

std::string HttpReply::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::string HttpReply::error_code() const {
  auto j = nlohmann::json::parse(body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
}

nlohmann::json HttpReply::error_field() const {
  auto j = nlohmann::json::parse(body, nullptr, false);
  return j.is_object() && j.contains("error") && j["error"].contains("field") ? j["error"]["field"]
                                                                              : nlohmann::json();
}

std::string HttpReply::error_message() const {
  auto j = nlohmann::json::parse(body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"].value("message", "") : "";
}

HttpClient::HttpClient(const std::string& host, int port) : client_(host, port) {
  client_.set_connection_timeout(10);
  client_.set_read_timeout(60);
  client_.set_write_timeout(60);
}

void HttpClient::use_token(const std::string& token) {
  client_.set_default_headers({});
  client_.set_bearer_token_auth(token.c_str());
}

void HttpClient::use_session(const std::string& session_token, const std::string& csrf) {
  client_.set_bearer_token_auth("");
  httplib::Headers h = {{"Cookie", "kith_session=" + session_token}};
  if (!csrf.empty()) h.emplace("X-CSRF-Token", csrf);
  client_.set_default_headers(h);
}

void HttpClient::anonymous() {
  client_.set_bearer_token_auth("");
  client_.set_default_headers({});
}

namespace {

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a kith command line; its stdout, or throws with everything it printed.
std::string kith_stdout(const std::string& args, const std::string& stdin_text = "") {
  std::string line = (stdin_text.empty() ? "" : "printf '%s\\n' " + quoted(stdin_text) + " | ") +
                     quoted(KITH_BIN) + " " + args;
  CommandRun out = run_command("{ " + line + " 2>/dev/null; }");  // stdout only
  if (out.code != 0) {
    CommandRun all = run_command(line);
    throw std::runtime_error("kith " + args + " failed (" + std::to_string(out.code) + "): " + all.out);
  }
  return out.out;
}

}  // namespace

std::string add_user_with_token(const std::string& db_url, const std::string& username, const std::string& role,
                                const std::string& area, const std::string& person) {
  const std::string db = " --db " + quoted(db_url) + " --username " + quoted(username);
  const std::string where = area == "--all-areas" ? " --all-areas" : " --area " + quoted(area);
  const std::string whom = person.empty() ? "" : " --person " + quoted(person);
  kith_stdout("user add" + db + " --role " + quoted(role) + where + whom + " --password-stdin", kTestPassword);
  std::string token = kith_stdout("user token" + db + " --label tests");
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  if (token.rfind("kith_", 0) != 0) throw std::runtime_error("kith user token printed: " + token);
  return token;
}

AdminDb fresh_admin_db(const TempDir& dir) {
  // Made once per process; every test gets its own copy.
  static TempDir template_dir;
  static const AdminDb made = [] {
    AdminDb t;
    t.url = fresh_db_url(template_dir);
    t.token = add_user_with_token(t.url, "admin", "admin", "--all-areas");
    return t;
  }();
  return AdminDb{fresh_db_copy(dir, made.url), made.token};
}

HttpClient ServerProcess::client() const {
  HttpClient c("127.0.0.1", port_);
  if (!token_.empty()) c.use_token(token_);
  return c;
}

HttpReply HttpClient::get(const std::string& path) { return from(client_.Get(path)); }
HttpReply HttpClient::del(const std::string& path) { return from(client_.Delete(path)); }
HttpReply HttpClient::post(const std::string& path, const nlohmann::json& body) {
  return send("POST", path, body.dump(), "application/json");
}
HttpReply HttpClient::patch(const std::string& path, const nlohmann::json& body) {
  return send("PATCH", path, body.dump(), "application/json");
}

HttpReply HttpClient::send(const std::string& method, const std::string& path, const std::string& body,
                           const std::string& content_type) {
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.body = body;
  if (!content_type.empty()) req.set_header("Content-Type", content_type);
  // httplib adds Content-Length only for a non-empty body on these methods.
  if (body.empty() && (method == "POST" || method == "PATCH" || method == "PUT"))
    req.set_header("Content-Length", "0");
  return from(client_.send(req));
}

ServerProcess::ServerProcess(const std::string& db_url, const std::vector<std::string>& args) {
  std::vector<std::string> argv_s = {KITH_BIN, "serve", "--db", db_url};
  if (std::find(args.begin(), args.end(), "--port") == args.end()) argv_s.insert(argv_s.end(), {"--port", "0"});
  // Hermetic: without --web-dir the server would serve the source tree's
  // web/dist when one is built, and answer unknown paths with its page.
  if (std::find(args.begin(), args.end(), "--web-dir") == args.end() &&
      std::find(args.begin(), args.end(), "--web") == args.end()) {
    const std::string no_web = dir_.file("no-web");
    std::filesystem::create_directories(no_web);
    argv_s.insert(argv_s.end(), {"--web-dir", no_web});
  }
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  std::string log_path = dir_.file("server.log");
  posix_spawn_file_actions_addopen(&actions, 2, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int rc = posix_spawn(&pid_, KITH_BIN, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    pid_ = -1;
    throw std::runtime_error(std::string("cannot start ") + KITH_BIN);
  }
  stdout_fd_ = out[0];

  // The first line on stdout says where it listens.
  char c = 0;
  while (line_.size() < kListeningLineBytesMax) {
    ssize_t n = ::read(stdout_fd_, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n != 1 || c == '\n') break;
    line_ += c;
  }
  const std::string prefix = "kith listening on http://127.0.0.1:";
  if (line_.rfind(prefix, 0) != 0) {
    int status = wait_exit();
    throw std::runtime_error("kith serve did not start (exit " + std::to_string(status) + "); stdout: '" + line_ +
                             "'; log:\n" + log());
  }
  port_ = std::stoi(line_.substr(prefix.size()));

  HttpClient probe("127.0.0.1", port_);
  for (int attempt = 0; attempt < kHealthAttemptsMax; ++attempt) {
    if (probe.get("/api/v1/health").status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  terminate();
  wait_exit();
  throw std::runtime_error("kith serve never answered /api/v1/health; log:\n" + log());
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    terminate();
    wait_exit();
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

void ServerProcess::terminate() {
  if (pid_ > 0) ::kill(pid_, SIGTERM);
}

int ServerProcess::wait_exit() {
  if (pid_ <= 0) return exit_status_;
  int status = 0;
  pid_t done = 0;
  for (int poll = 0; poll < kExitPollsMax && done == 0; ++poll) {
    done = ::waitpid(pid_, &status, WNOHANG);
    if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (done == 0) {  // stuck: do not leave it behind
    ::kill(pid_, SIGKILL);
    done = ::waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  if (done < 0) return exit_status_ = -1;
  exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return exit_status_;
}

std::string ServerProcess::log() const {
  std::ifstream in(dir_.file("server.log"));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace kith::test
