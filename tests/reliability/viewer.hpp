#pragma once
// A viewer who keeps watching while the server is attacked: a thread that
// fetches the same few URLs over and over and remembers every request
// that was not answered 200 in full.

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gavel::test {

class Viewer {
 public:
  Viewer(unsigned short port, std::vector<std::string> targets);
  ~Viewer();  // stops
  Viewer(const Viewer&) = delete;
  Viewer& operator=(const Viewer&) = delete;

  void stop();
  int served() const { return served_; }
  // What went wrong, one line a failed request (at most the first 20).
  std::vector<std::string> failures() const;
  int failed() const { return failed_; }

 private:
  void watch();

  const unsigned short port_;
  const std::vector<std::string> targets_;
  std::atomic<bool> stop_{false};
  std::atomic<int> served_{0};
  std::atomic<int> failed_{0};
  mutable std::mutex mutex_;  // guards failures_
  std::vector<std::string> failures_;
  std::thread thread_;
};

}  // namespace gavel::test
