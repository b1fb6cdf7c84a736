// api::client_address: which address a request came from, behind trusted
// reverse proxies or not. Cases worked by hand from how proxies append to
// X-Forwarded-For (each adds the address it received the request from).
#include <gtest/gtest.h>

#include "kith/api/client_address.hpp"

namespace kith::api {
namespace {

const std::vector<std::string> kProxy = {"10.0.0.2"};
const std::vector<std::string> kTwoProxies = {"10.0.0.2", "10.0.0.3"};

TEST(ClientAddress, WithoutATrustedProxyTheConnectionsAddressStands) {
  EXPECT_EQ(client_address("192.0.2.1", {"203.0.113.9"}, {}), "192.0.2.1");
  // A client that is not the proxy cannot name itself someone else.
  EXPECT_EQ(client_address("192.0.2.1", {"203.0.113.9"}, kProxy), "192.0.2.1");
  EXPECT_EQ(client_address("10.0.0.2", {}, kProxy), "10.0.0.2");
}

TEST(ClientAddress, TheRightMostUntrustedHopIsTheClient) {
  EXPECT_EQ(client_address("10.0.0.2", {"203.0.113.9"}, kProxy), "203.0.113.9");
  // The client sent its own X-Forwarded-For: 198.51.100.7; the proxy appended what it saw.
  EXPECT_EQ(client_address("10.0.0.2", {"198.51.100.7, 203.0.113.9"}, kProxy), "203.0.113.9");
  // Two proxies in a row: the outer one's entry is skipped as trusted.
  EXPECT_EQ(client_address("10.0.0.2", {"198.51.100.7, 203.0.113.9, 10.0.0.3"}, kTwoProxies), "203.0.113.9");
  // Two headers read as one list, in order.
  EXPECT_EQ(client_address("10.0.0.2", {"198.51.100.7", "203.0.113.9"}, kProxy), "203.0.113.9");
  EXPECT_EQ(client_address("10.0.0.2", {"2001:db8::1"}, kProxy), "2001:db8::1");
  EXPECT_EQ(client_address("10.0.0.2", {" 203.0.113.9 "}, kProxy), "203.0.113.9");
  // Only trusted hops: the left-most is the nearest to the client known.
  EXPECT_EQ(client_address("10.0.0.2", {"10.0.0.3"}, kTwoProxies), "10.0.0.3");
}

TEST(ClientAddress, AnythingButAddressesGivesTheProxy) {
  EXPECT_EQ(client_address("10.0.0.2", {"203.0.113.9, unknown"}, kProxy), "10.0.0.2");
  EXPECT_EQ(client_address("10.0.0.2", {""}, kProxy), "10.0.0.2");
  EXPECT_EQ(client_address("10.0.0.2", {"203.0.113.9,"}, kProxy), "10.0.0.2");
  EXPECT_EQ(client_address("10.0.0.2", {"203.0.113.9:4711"}, kProxy), "10.0.0.2");
  EXPECT_EQ(client_address("10.0.0.2", {"'; DROP TABLE audit_log; --"}, kProxy), "10.0.0.2");
  std::string long_list;
  for (int i = 0; i < 200; ++i) long_list += (i ? ", " : "") + std::string("203.0.113.") + std::to_string(i % 250);
  EXPECT_EQ(client_address("10.0.0.2", {long_list}, kProxy), "10.0.0.2");  // over kForwardedForBytesMax
}

TEST(ClientAddress, IsIpAddressTakesLiteralsOnly) {
  EXPECT_TRUE(is_ip_address("127.0.0.1"));
  EXPECT_TRUE(is_ip_address("::1"));
  EXPECT_TRUE(is_ip_address("fe80::1"));
  EXPECT_FALSE(is_ip_address("localhost"));
  EXPECT_FALSE(is_ip_address("10.0.0.256"));
  EXPECT_FALSE(is_ip_address("10.0.0.0/8"));
  EXPECT_FALSE(is_ip_address(""));
}

}  // namespace
}  // namespace kith::api
