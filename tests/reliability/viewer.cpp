#include "viewer.hpp"

#include <fmt/format.h>

#include "process.hpp"

namespace gavel::test {

Viewer::Viewer(unsigned short port, std::vector<std::string> targets)
    : port_(port), targets_(std::move(targets)), thread_([this] { watch(); }) {}

Viewer::~Viewer() { stop(); }

void Viewer::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::vector<std::string> Viewer::failures() const {
  std::lock_guard lock(mutex_);
  return failures_;
}

void Viewer::watch() {
  for (std::size_t i = 0; !stop_; ++i) {
    const auto& target = targets_[i % targets_.size()];
    const auto started = std::chrono::steady_clock::now();
    auto r = http(port_, "GET", target);
    if (r && r->status == 200 && r->complete) {
      ++served_;
      continue;
    }
    ++failed_;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::lock_guard lock(mutex_);
    if (failures_.size() < 20)
      failures_.push_back(r ? fmt::format("GET {} -> {}{} after {:.2f} s", target, r->status,
                                          r->complete ? "" : " (cut short)", seconds)
                            : fmt::format("GET {} -> no connection after {:.2f} s", target, seconds));
  }
}

}  // namespace gavel::test
