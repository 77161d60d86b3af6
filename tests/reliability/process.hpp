#pragma once
// The real `gavel` binary as a child process, and a raw HTTP/1.1 client on
// POSIX sockets: the reliability tests kill, restart and talk to it the way
// an operator and a browser would.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fixtures.hpp"  // eventually

namespace gavel::test {

class Process {
 public:
  // Starts `args` (args[0] is the program) with `env` added to this
  // process's environment; stdout and stderr go to `log`.
  Process(std::vector<std::string> args, const std::filesystem::path& log,
          std::vector<std::pair<std::string, std::string>> env = {});
  ~Process();  // SIGKILLs a child still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  int pid() const { return pid_; }
  void signal(int sig) const;
  // Exit status (or 128 + signal) once the child ended within `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  void kill9();  // SIGKILL and reap

 private:
  int pid_ = -1;
  std::optional<int> status_;
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool complete = false;  // the body has all of Content-Length
};

// A free TCP port on 127.0.0.1 (bound, read, released).
unsigned short free_port();

// A blocking connection to 127.0.0.1:port whose reads give up after
// `read_timeout`; -1 when it cannot be made.
int connect_loopback(unsigned short port, std::chrono::milliseconds read_timeout = std::chrono::seconds(30));

// What /proc says of a running process: its open descriptors and resident
// memory (VmRSS, in KiB); -1 when it is gone.
int open_descriptors(int pid);
long resident_kib(int pid);

// One request on its own connection (Connection: close); nullopt when the
// connection could not be made.
std::optional<HttpResponse> http(unsigned short port, const std::string& method, const std::string& target,
                                 const std::vector<std::pair<std::string, std::string>>& headers = {},
                                 const std::string& body = "");

// Connects and writes `head` then `body`; the socket stays open. -1 on failure.
int open_request(unsigned short port, const std::string& head, const std::string& body);
std::optional<HttpResponse> read_response(int fd, bool head_only = false);

}  // namespace gavel::test
