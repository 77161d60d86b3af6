#include "metrics.hpp"

#include <fmt/format.h>

namespace gavel::server {

std::string_view route_label(std::string_view target) {
  static constexpr std::pair<std::string_view, std::string_view> kGroups[] = {
      {"/media/", "media"},
      {"/api/v1/meetings", "api_meetings"},
      {"/api/v1/search", "api_search"},
      {"/api/v1/uploads", "uploads"},
      {"/api/v1/session", "api_session"},
      {"/api/v1/jobs", "api_jobs"},
      {"/api/", "api_other"},
      {"/healthz", "healthz"},
      {"/metrics", "metrics"},
      {"/assets/", "web"},
      {"/meetings/", "web"},
      {"/search", "web"},
      {"/clerk", "web"}};
  if (target == "/") return "web";
  for (const auto& [prefix, label] : kGroups)
    if (target.substr(0, prefix.size()) == prefix) return label;
  return "other";
}

void Metrics::request(std::string_view route, unsigned status, std::uint64_t bytes) {
  bytes_sent_ += bytes;
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
}

std::string Metrics::render(index::JobQueue& jobs) {
  std::string out;
  out += "# HELP gavel_http_requests_total HTTP requests answered, by route group and status.\n";
  out += "# TYPE gavel_http_requests_total counter\n";
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, count] : requests_)
      out += fmt::format("gavel_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", key.first,
                         key.second, count);
  }
  out +=
      "# HELP gavel_http_sent_bytes_total Bytes of responses written.\n# TYPE gavel_http_sent_bytes_total "
      "counter\n";
  out += fmt::format("gavel_http_sent_bytes_total {}\n", bytes_sent_.load());
  out += "# HELP gavel_http_connections Open client connections.\n# TYPE gavel_http_connections gauge\n";
  out += fmt::format("gavel_http_connections {}\n", active_connections_.load());
  out +=
      "# HELP gavel_upload_bytes_total Recording bytes received through tus.\n"
      "# TYPE gavel_upload_bytes_total counter\n";
  out += fmt::format("gavel_upload_bytes_total {}\n", upload_bytes_.load());
  if (auto q = jobs.queue_stats()) {
    out += "# HELP gavel_jobs Transcode jobs by state.\n# TYPE gavel_jobs gauge\n";
    out += fmt::format("gavel_jobs{{state=\"queued\"}} {}\ngavel_jobs{{state=\"running\"}} {}\n", q->queued,
                       q->running);
    out +=
        "# HELP gavel_transcode_speed Mean speed of running transcodes, as a multiple of real time.\n"
        "# TYPE gavel_transcode_speed gauge\n";
    out += fmt::format("gavel_transcode_speed {:.3f}\n", q->speed);
  }
  return out;
}

}  // namespace gavel::server
