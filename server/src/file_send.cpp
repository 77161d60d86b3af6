#include "file_send.hpp"

#include <algorithm>

namespace gavel::server {

FileSend::FileSend(FileReply file, Clock::duration stall_limit, Clock::time_point now)
    : file_(std::move(file)), stall_limit_(stall_limit), stalled_since_(now) {}

std::size_t FileSend::window(std::size_t most) const {
  return static_cast<std::size_t>(std::min<std::uint64_t>(file_.length() - sent_, most));
}

bool FileSend::may_grow() const { return file_.growth() && !file_.growth()->finished; }

bool FileSend::keep_waiting(Clock::time_point now) {
  if (sent_ != grew_at_) {
    grew_at_ = sent_;
    stalled_since_ = now;
    return true;
  }
  return now - stalled_since_ <= stall_limit_;
}

}  // namespace gavel::server
