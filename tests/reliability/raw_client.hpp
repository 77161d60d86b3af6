#pragma once
// Clients no browser would be, for the abuse test: arbitrary bytes on a
// fresh connection, and slowloris connections that send a request's
// header a byte at a time and never finish it.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace gavel::test {

// Sends `bytes` on a new connection (as far as the server takes them: it
// may answer and hang up early) and returns everything it sends back
// until it closes the connection or `timeout` passes.
struct Exchange {
  std::string received;
  bool closed = false;  // the server ended the connection (not our timeout)
};
Exchange exchange(unsigned short port, std::string_view bytes,
                  std::chrono::milliseconds timeout = std::chrono::seconds(5));

// The status code of every response in `raw`, in order: more than one
// means the server read a second request out of the bytes.
std::vector<int> response_statuses(const std::string& raw);

class SlowClients {
 public:
  // Opens `count` connections, each sending the start of a GET header.
  SlowClients(unsigned short port, int count);
  ~SlowClients();
  SlowClients(const SlowClients&) = delete;
  SlowClients& operator=(const SlowClients&) = delete;

  int opened() const { return opened_; }
  // One more header byte on every connection the server has not closed;
  // returns how many are still open.
  int trickle();

 private:
  std::vector<int> fds_;  // -1 once the server closed it
  std::vector<std::size_t> sent_;
  int opened_ = 0;
};

}  // namespace gavel::test
