#include "raw_client.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "process.hpp"

namespace gavel::test {
namespace {

// An endless header: a request line, then made-up fields, never the empty
// line that would end it.
char slow_header_byte(std::size_t i) {
  static const std::string start = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (i < start.size()) return start[i];
  static const std::string field = "X-Slow: aaaaaaaaaaaaaaaa\r\n";
  return field[(i - start.size()) % field.size()];
}

}  // namespace

Exchange exchange(unsigned short port, std::string_view bytes, std::chrono::milliseconds timeout) {
  Exchange out;
  const int fd = connect_loopback(port, timeout);
  if (fd < 0) return out;
  // A short write is expected: the server refuses an oversized header
  // without reading the rest, and answers all the same.
  for (std::size_t at = 0; at < bytes.size();) {
    const ssize_t n = ::send(fd, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
    if (n <= 0) break;
    at += static_cast<std::size_t>(n);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[16384];
  while (std::chrono::steady_clock::now() < deadline) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      out.received.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    // 0: an orderly close; ECONNRESET: closed with our bytes unread.
    out.closed = n == 0 || errno == ECONNRESET;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
    break;
  }
  ::close(fd);
  return out;
}

std::vector<int> response_statuses(const std::string& raw) {
  std::vector<int> statuses;
  std::size_t at = 0;
  while (raw.compare(at, 7, "HTTP/1.") == 0 && at + 12 <= raw.size()) {
    statuses.push_back(std::atoi(raw.c_str() + at + 9));
    const auto end = raw.find("\r\n\r\n", at);
    if (end == std::string::npos) break;
    std::string head = raw.substr(at, end - at);
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto length = head.find("\r\ncontent-length:");
    // Without a length the body runs to the end of the connection.
    if (length == std::string::npos) break;
    at = end + 4 + std::strtoull(head.c_str() + length + 17, nullptr, 10);
  }
  return statuses;
}

SlowClients::SlowClients(unsigned short port, int count) {
  for (int i = 0; i < count; ++i) {
    const int fd = connect_loopback(port);
    fds_.push_back(fd);
    sent_.push_back(0);
    if (fd >= 0) ++opened_;
  }
  trickle();
}

SlowClients::~SlowClients() {
  for (int fd : fds_)
    if (fd >= 0) ::close(fd);
}

int SlowClients::trickle() {
  int open = 0;
  for (std::size_t i = 0; i < fds_.size(); ++i) {
    int& fd = fds_[i];
    if (fd < 0) continue;
    // The server never answers a header it has not finished reading, so
    // anything readable here is the end of the connection.
    char probe[256];
    const ssize_t got = ::recv(fd, probe, sizeof probe, MSG_DONTWAIT);
    const bool closed_by_server = got >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
    const char byte = slow_header_byte(sent_[i]);
    if (closed_by_server || ::send(fd, &byte, 1, MSG_NOSIGNAL | MSG_DONTWAIT) != 1) {
      ::close(fd);
      fd = -1;
      continue;
    }
    ++sent_[i];
    ++open;
  }
  return open;
}

}  // namespace gavel::test
