#pragma once
// The checks every programme passes, whichever file it came from.

#include "gavel/index/programme_io.hpp"

#include <functional>

namespace gavel::index {

// Names an entry in messages: "line 4" for CSV, "agenda[2]" for JSON.
using EntryName = std::function<std::string(const char* list, std::size_t index)>;

std::optional<std::string> check_span(double start, std::optional<double> end, std::optional<double> duration);
Result<void> validate_programme(const Programme& p, std::optional<double> duration, const EntryName& name);

}  // namespace gavel::index
