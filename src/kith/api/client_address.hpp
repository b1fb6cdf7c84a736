#pragma once
// Which address a request came from. kith records it in the audit log, keys
// the per-address rate limit and the log-in lockout on it. Behind a reverse
// proxy (TLS in front, as docs/security.md asks beyond loopback) every
// connection comes from the proxy, so the proxy's X-Forwarded-For is read,
// but only from a proxy named with `kith serve --trusted-proxy`: from anyone
// else the header is a client's say-so and is ignored.
#include <string>
#include <string_view>
#include <vector>

namespace kith::api {

// X-Forwarded-For headers longer than this (all values together) are not
// read; the proxy's own address stands in for the client.
inline constexpr size_t kForwardedForBytesMax = 2048;

// True for a literal IPv4 or IPv6 address (inet_pton), as --trusted-proxy takes.
bool is_ip_address(std::string_view text);

// The client's address: `peer` (the connection's address) unless it is one of
// `trusted_proxies`; then the right-most address of the X-Forwarded-For
// values (each a comma-separated list, in header order) that is not itself a
// trusted proxy. Each proxy appends the address it saw, so entries left of
// the first untrusted one were written by the client and may be forged.
// A header that is missing, too long or holds something other than an
// address gives `peer`.
std::string client_address(std::string_view peer, const std::vector<std::string>& forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

}  // namespace kith::api
