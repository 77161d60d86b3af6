#pragma once
// Reading the archive whole, for feeds and open-data exports.

#include <optional>
#include <string>

#include "gavel/index/records.hpp"

namespace gavel::index {

// A meeting as published: its record (without parts) and when its fields
// or status last changed.
struct PublishedMeeting {
  Meeting meeting;
  std::string updated_at;  // ISO 8601 UTC, e.g. 2026-11-13T09:30:00Z
};

struct FeedQuery {
  std::optional<std::string> body;
  std::optional<std::string> committee;
  int limit = 50;  // clamped to 1..500
};

}  // namespace gavel::index
