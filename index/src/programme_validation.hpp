#pragma once
// The checks every programme passes, whichever file it came from.

#include <functional>

#include "gavel/index/programme_io.hpp"
#include "gavel/text.hpp"

namespace gavel::index {

// Names an entry in messages: "line 4" / "4번째 줄" for CSV, "agenda[2]" for
// JSON (a path, the same in both languages).
using EntryName = std::function<Text(const char* list, std::size_t index)>;

// "line 4" / "4번째 줄": a line of an imported file.
Text line_name(int line);

// Why a span cannot be kept, or nothing when it can.
std::optional<Text> check_span(double start, std::optional<double> end, std::optional<double> duration);
// "{where}: {why}" in both languages, as a bad_input error.
Error invalid_entry(const Text& where, const Text& why);
Result<void> validate_programme(const Programme& p, std::optional<double> duration, const EntryName& name);

}  // namespace gavel::index
