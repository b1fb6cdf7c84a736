// The server as a process: many clients at once, and a graceful stop on
// SIGTERM that answers every request already in flight.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "api/api_fixture.hpp"

namespace kith::test {
namespace {

TEST_F(ApiTest, ConcurrentClientsGetDistinctIdsAndAllRowsLand) {
  std::string area = create_area("Kirkstall")["id"];
  constexpr int kThreads = 8, kEach = 25;
  std::vector<std::vector<std::string>> made(kThreads);
  std::vector<std::vector<int>> statuses(kThreads);
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      HttpClient client = server().client();
      for (int i = 0; i < kEach; ++i) {
        HttpReply r = client.post(coll(area, "people"),
                                  {{"display_name", "P" + std::to_string(t) + "-" + std::to_string(i)}});
        statuses[t].push_back(r.status);
        if (r.status == 201) made[t].push_back(r.json()["id"]);
      }
    });
  }
  for (auto& w : workers) w.join();
  std::set<std::string> all;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(statuses[t], std::vector<int>(kEach, 201)) << "thread " << t;
    all.insert(made[t].begin(), made[t].end());
  }
  EXPECT_EQ(all.size(), size_t{kThreads * kEach});
  auto listed = ids(list_all(coll(area, "people")));
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), all);
  EXPECT_EQ(listed.size(), all.size());
  json a = http().get(area_path(area)).json();
  EXPECT_EQ(a["register_revision"], kThreads * kEach);
}

// A raw connection, so a test can hold a request half-sent.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  bool connected() const { return connected_; }

  bool send_all(const std::string& s) {
    size_t done = 0;
    while (done < s.size()) {
      ssize_t n = ::send(fd_, s.data() + done, s.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }

  // Reads until `marker` has arrived, or the peer closes; returns what came.
  std::string read_until(const std::string& marker) {
    while (buffer_.find(marker) == std::string::npos && buffer_.size() < (1u << 20)) {
      char chunk[4096];
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) break;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
    auto at = buffer_.find(marker);
    std::string out = at == std::string::npos ? buffer_ : buffer_.substr(0, at + marker.size());
    buffer_.erase(0, out.size());
    return out;
  }

  std::string read_to_end() {
    for (;;) {
      char chunk[4096];
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) break;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
    return std::exchange(buffer_, {});
  }

 private:
  int fd_;
  bool connected_ = false;
  std::string buffer_;
};

TEST(GracefulStop, SigtermAnswersRequestsInFlightThenExitsZero) {
  TempDir dir;
  AdminDb db = fresh_admin_db(dir);
  std::string area;
  constexpr int kInFlight = 4;
  {
    ServerProcess server(db.url);
    server.use_token(db.token);
    HttpClient http = server.client();
    HttpReply made = http.post(kApi + "/areas", {{"name", "Bramley"}});
    ASSERT_EQ(made.status, 201);
    area = made.json()["id"];

    // Each request sends its headers and waits for "100 Continue": the server
    // is then inside that request, holding it open for the body.
    std::vector<std::unique_ptr<RawConnection>> conns;
    std::vector<std::string> bodies;
    for (int i = 0; i < kInFlight; ++i) {
      bodies.push_back(json{{"display_name", "Late " + std::to_string(i)}}.dump());
      auto c = std::make_unique<RawConnection>(server.port());
      ASSERT_TRUE(c->connected());
      ASSERT_TRUE(c->send_all("POST " + kApi + "/areas/" + area + "/people HTTP/1.1\r\nHost: localhost\r\n"
                              "Authorization: Bearer " + db.token + "\r\n"
                              "Content-Type: application/json\r\nContent-Length: " +
                              std::to_string(bodies.back().size()) +
                              "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"));
      ASSERT_EQ(c->read_until("\r\n\r\n").rfind("HTTP/1.1 100 Continue", 0), 0u);
      conns.push_back(std::move(c));
    }

    server.terminate();
    // The listener closes first: new connections are refused.
    bool refused = false;
    for (int attempt = 0; attempt < 2000 && !refused; ++attempt) {
      refused = !RawConnection(server.port()).connected();
      if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_TRUE(refused);

    for (int i = 0; i < kInFlight; ++i) {
      ASSERT_TRUE(conns[i]->send_all(bodies[i]));
      std::string response = conns[i]->read_to_end();
      EXPECT_EQ(response.rfind("HTTP/1.1 201 Created\r\n", 0), 0u) << response;
      auto body_at = response.find("\r\n\r\n");
      ASSERT_NE(body_at, std::string::npos);
      json record = json::parse(response.substr(body_at + 4));
      EXPECT_EQ(record["display_name"], "Late " + std::to_string(i));
    }
    EXPECT_EQ(server.wait_exit(), 0) << server.log();
    EXPECT_NE(server.log().find("stopping"), std::string::npos);
  }

  // Everything answered was stored.
  ServerProcess again(db.url);
  again.use_token(db.token);
  HttpReply people = again.client().get(kApi + "/areas/" + area + "/people");
  ASSERT_EQ(people.status, 200);
  EXPECT_EQ(people.json()["items"].size(), size_t{kInFlight});
}

TEST(GracefulStop, IdleServerExitsZeroOnSigtermAndSigint) {
  for (int sig : {SIGTERM, SIGINT}) {
    TempDir dir;
    ServerProcess server(fresh_db_url(dir));
    ASSERT_EQ(server.client().get(kApi + "/health").status, 200);
    ::kill(server.pid(), sig);
    EXPECT_EQ(server.wait_exit(), 0) << "signal " << sig << "\n" << server.log();
  }
}

TEST(ServeCommand, RefusesAPortInUse) {
  TempDir dir;
  std::string db = fresh_db_url(dir);
  ServerProcess first(db);
  try {
    ServerProcess second(db, {"--port", std::to_string(first.port())});
    ADD_FAILURE() << "a second server started on port " << first.port();
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("(exit 1)"), std::string::npos) << what;
    EXPECT_NE(what.find("Could not listen on 127.0.0.1:" + std::to_string(first.port())), std::string::npos) << what;
  }
  EXPECT_EQ(first.client().get(kApi + "/health").status, 200);
}

}  // namespace
}  // namespace kith::test
