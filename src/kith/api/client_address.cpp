#include "kith/api/client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace kith::api {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_trusted(std::string_view address, const std::vector<std::string>& trusted) {
  return std::find(trusted.begin(), trusted.end(), address) != trusted.end();
}

// Every address of the headers, left to right; false when one is not an address.
bool forwarded_addresses(const std::vector<std::string>& headers, std::vector<std::string_view>& out) {
  for (const std::string& h : headers) {
    std::string_view rest = h;
    for (;;) {
      const size_t comma = rest.find(',');
      std::string_view item = trimmed(rest.substr(0, comma));
      if (!is_ip_address(item)) return false;
      out.push_back(item);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return true;
}

}  // namespace

bool is_ip_address(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return false;
  const std::string s(text);
  unsigned char buf[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

std::string client_address(std::string_view peer, const std::vector<std::string>& forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  if (forwarded_for.empty() || !is_trusted(peer, trusted_proxies)) return std::string(peer);
  size_t bytes = 0;
  for (const auto& h : forwarded_for) bytes += h.size();
  if (bytes > kForwardedForBytesMax) return std::string(peer);
  std::vector<std::string_view> chain;
  if (!forwarded_addresses(forwarded_for, chain)) return std::string(peer);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    if (!is_trusted(*it, trusted_proxies)) return std::string(*it);
  // Every hop a trusted proxy: the left-most is as near the client as is known.
  return chain.empty() ? std::string(peer) : std::string(chain.front());
}

}  // namespace kith::api
