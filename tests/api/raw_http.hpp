#pragma once
// Sends bytes exactly as written to a server and reads the reply until the
// server closes: for requests httplib's client will not send (no Host, a
// forged Host, a path with "..", a NUL).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <string>

namespace kith::test {

struct RawReply {
  int status = 0;  // 0 when nothing parseable came back
  std::string head, body;
};

inline RawReply raw_request(int port, const std::string& bytes) {
  RawReply out;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return out;
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return out;
  }
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string all;
  char buf[8192];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    all.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  auto end = all.find("\r\n\r\n");
  if (all.rfind("HTTP/1.", 0) != 0 || end == std::string::npos || all.size() < 12) return out;
  out.status = std::stoi(all.substr(9, 3));
  out.head = all.substr(0, end);
  out.body = all.substr(end + 4);
  return out;
}

// A GET with the given Host line ("" sends none), closing after the reply.
inline RawReply raw_get(int port, const std::string& target, const std::string& host) {
  std::string req = "GET " + target + " HTTP/1.1\r\n";
  if (!host.empty()) req += "Host: " + host + "\r\n";
  req += "Connection: close\r\n\r\n";
  return raw_request(port, req);
}

}  // namespace kith::test
