// `gavel serve` as the README's run command starts it: the real binary.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fixtures.hpp"

namespace {

namespace fs = std::filesystem;

std::string serve(const gavel::test::TempDir& dir, const std::string& flags, int& status) {
  std::string output;
  status = gavel::test::run_command(fmt::format("'{}' serve --data '{}' --listen 127.0.0.1:0 {}",
                                                GAVEL_BINARY, (dir / "data").string(), flags),
                                    &output);
  return output;
}

void add_clerk(const gavel::test::TempDir& dir) {
  std::string output;
  ASSERT_EQ(gavel::test::run_command(fmt::format("echo longpassword1 | '{}' user add clerk1 --role clerk "
                                                 "--password-stdin --data '{}'",
                                                 GAVEL_BINARY, (dir / "data").string()),
                                     &output),
            0)
      << output;
}

TEST(Serve, CheckStartsAnswersHealthzAndStops) {
  gavel::test::TempDir dir;
  int status = -1;
  const auto output = serve(dir, "--check", status);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("answered /healthz"), std::string::npos) << output;
  EXPECT_TRUE(fs::exists(dir / "data" / "gavel.db"));
}

TEST(Serve, CheckFailsWhenThePortIsTaken) {
  gavel::test::TempDir dir;
  // A listening socket of this test holds the port.
  const int holder = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(holder, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(holder, 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(holder, reinterpret_cast<sockaddr*>(&addr), &len);
  std::string output;
  const int status =
      gavel::test::run_command(fmt::format("'{}' serve --check --data '{}' --listen 127.0.0.1:{}",
                                           GAVEL_BINARY, (dir / "data").string(), ntohs(addr.sin_port)),
                               &output);
  ::close(holder);
  EXPECT_NE(status, 0) << output;
  EXPECT_NE(output.find("cannot listen"), std::string::npos) << output;
}

// What a real start prints before it serves: stopped by a TERM after 3 s.
std::string first_words(const gavel::test::TempDir& dir) {
  std::string output;
  gavel::test::run_command(
      fmt::format("timeout -s TERM 3 '{}' serve --data '{}' --listen 127.0.0.1:0 --workers 0", GAVEL_BINARY,
                  (dir / "data").string()),
      &output);
  return output;
}

TEST(Serve, FirstRunAsksForAClerkOnlyWhenThereIsNone) {
  gavel::test::TempDir dir;
  const auto empty = first_words(dir);
  EXPECT_NE(empty.find("user add"), std::string::npos) << empty;
  add_clerk(dir);
  const auto with_clerk = first_words(dir);
  EXPECT_EQ(with_clerk.find("user add"), std::string::npos) << with_clerk;
  EXPECT_NE(with_clerk.find("/clerk"), std::string::npos) << with_clerk;
}

}  // namespace
