#pragma once
// Counters for GET /metrics (Prometheus text format). Request counts are
// labelled by route group, never by raw path, so the label set stays small.

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "gavel/index/job_queue.hpp"

namespace gavel::server {

class Metrics {
 public:
  void request(std::string_view route, unsigned status, std::uint64_t bytes);
  void upload_bytes(std::uint64_t n) { upload_bytes_ += n; }
  void connection_opened() { ++active_connections_; }
  void connection_closed() { --active_connections_; }
  long active_connections() const { return active_connections_; }

  std::string render(index::JobQueue& jobs);

 private:
  std::mutex mutex_;  // guards requests_
  // Keys are route_label()'s static strings: no allocation per request.
  std::map<std::pair<std::string_view, unsigned>, std::uint64_t> requests_;
  std::atomic<std::uint64_t> bytes_sent_{0};
  std::atomic<std::uint64_t> upload_bytes_{0};
  std::atomic<long> active_connections_{0};
};

// The route group a target belongs to: "media", "api_meetings", ...
std::string_view route_label(std::string_view target);

}  // namespace gavel::server
