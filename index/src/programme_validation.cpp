#include "programme_validation.hpp"

#include <fmt/format.h>

#include <set>

namespace gavel::index {
namespace {

// A little slack: clerks round agenda times, and packaging rounds durations.
constexpr double kDurationSlack = 1.0;

Error invalid(const std::string& where, const std::string& why) {
  return make_error("bad_input", fmt::format("{}: {}", where, why));
}

}  // namespace

std::optional<std::string> check_span(double start, std::optional<double> end, std::optional<double> duration) {
  if (!(start >= 0)) return fmt::format("start {} is before the meeting begins", start);
  if (end && !(*end > start)) return fmt::format("end {} is not after start {}", *end, start);
  if (duration && start > *duration + kDurationSlack)
    return fmt::format("start {} is after the end of the recording ({:.0f} s)", start, *duration);
  if (duration && end && *end > *duration + kDurationSlack)
    return fmt::format("end {} is after the end of the recording ({:.0f} s)", *end, *duration);
  return std::nullopt;
}

Result<void> validate_programme(const Programme& p, std::optional<double> duration, const EntryName& name) {
  std::set<int> numbers;
  for (std::size_t i = 0; i < p.agenda.size(); ++i) {
    const auto& a = p.agenda[i];
    if (a.title.empty()) return invalid(name("agenda", i), "the item has no title");
    if (a.no <= 0) return invalid(name("agenda", i), "item numbers start at 1");
    if (!numbers.insert(a.no).second)
      return invalid(name("agenda", i), fmt::format("item number {} is used twice", a.no));
    if (auto why = check_span(a.start, a.end, duration)) return invalid(name("agenda", i), *why);
  }
  for (std::size_t i = 0; i < p.speakers.size(); ++i) {
    const auto& s = p.speakers[i];
    if (s.name.empty()) return invalid(name("speakers", i), "the speaker has no name");
    if (auto why = check_span(s.start, s.end, duration)) return invalid(name("speakers", i), *why);
  }
  for (std::size_t i = 0; i < p.recesses.size(); ++i) {
    const auto& r = p.recesses[i];
    if (auto why = check_span(r.start, r.end, duration)) return invalid(name("recess", i), *why);
  }
  return {};
}

}  // namespace gavel::index
