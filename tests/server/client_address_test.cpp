// X-Forwarded-For is believed from a trusted proxy only, and only as far
// as the hops that proxy and others it trusts added.
#include "client_address.hpp"

#include <gtest/gtest.h>

namespace gavel::server {
namespace {

std::string_view forwarded(std::string_view xff) { return xff; }

TEST(ClientAddress, AStrangerCannotClaimAnotherAddress) {
  EXPECT_EQ(client_address("203.0.113.7", forwarded("198.51.100.1"), {}), "203.0.113.7");
  EXPECT_EQ(client_address("203.0.113.7", forwarded(""), {"10.0.0.5"}), "203.0.113.7");
}

TEST(ClientAddress, ALocalProxyNamesItsClient) {
  EXPECT_EQ(client_address("127.0.0.1", forwarded("198.51.100.1"), {}), "198.51.100.1");
  EXPECT_EQ(client_address("::1", forwarded("2001:db8::7"), {}), "2001:db8::7");
  EXPECT_EQ(client_address("127.0.0.1", forwarded(""), {}), "127.0.0.1") << "no header: the proxy itself";
}

TEST(ClientAddress, WhatTheClientWroteLeftOfTheProxyIsIgnored) {
  // The client sent "X-Forwarded-For: 192.0.2.66"; the proxy appended the real address.
  EXPECT_EQ(client_address("127.0.0.1", forwarded("192.0.2.66, 198.51.100.1"), {}), "198.51.100.1");
  // Two trusted proxies in a row: the first untrusted hop from the right.
  EXPECT_EQ(
      client_address("10.0.0.5", forwarded("192.0.2.66, 198.51.100.1, 10.0.0.6"), {"10.0.0.5", "10.0.0.6"}),
      "198.51.100.1");
  EXPECT_EQ(client_address("10.0.0.9", forwarded("198.51.100.1"), {"10.0.0.5"}), "10.0.0.9")
      << "not on the list";
}

TEST(ClientAddress, GarbageEndsTheChain) {
  EXPECT_EQ(client_address("127.0.0.1", forwarded("198.51.100.1, not-an-address"), {}), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", forwarded(" , 198.51.100.1 "), {}), "198.51.100.1");
}

}  // namespace
}  // namespace gavel::server
