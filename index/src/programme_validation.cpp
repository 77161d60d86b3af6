#include "programme_validation.hpp"

#include <fmt/format.h>

#include <set>

namespace gavel::index {
namespace {

// A little slack: clerks round agenda times, and packaging rounds durations.
constexpr double kDurationSlack = 1.0;

}  // namespace

Text line_name(int line) { return Text(fmt::format("line {}", line), fmt::format("{}번째 줄", line)); }

Error invalid_entry(const Text& where, const Text& why) {
  return make_error(Errc::bad_input, fmt::format("{}: {}", where.en, why.en),
                    fmt::format("{}: {}", where.in(Language::ko), why.in(Language::ko)));
}

std::optional<Text> check_span(double start, std::optional<double> end, std::optional<double> duration) {
  if (!(start >= 0))
    return Text(fmt::format("start {} is before the meeting begins", start),
                fmt::format("시작 시각({}초)이 회의 시작 전입니다", start));
  if (end && !(*end > start))
    return Text(fmt::format("end {} is not after start {}", *end, start),
                fmt::format("끝 시각({}초)이 시작 시각({}초) 뒤가 아닙니다", *end, start));
  if (duration && start > *duration + kDurationSlack)
    return Text(fmt::format("start {} is after the end of the recording ({:.0f} s)", start, *duration),
                fmt::format("시작 시각({}초)이 녹화 길이({:.0f}초)를 넘습니다", start, *duration));
  if (duration && end && *end > *duration + kDurationSlack)
    return Text(fmt::format("end {} is after the end of the recording ({:.0f} s)", *end, *duration),
                fmt::format("끝 시각({}초)이 녹화 길이({:.0f}초)를 넘습니다", *end, *duration));
  return std::nullopt;
}

Result<void> validate_programme(const Programme& p, std::optional<double> duration, const EntryName& name) {
  std::set<int> numbers;
  for (std::size_t i = 0; i < p.agenda.size(); ++i) {
    const auto& a = p.agenda[i];
    if (a.title.empty())
      return invalid_entry(name("agenda", i), Text("the item has no title", "안건 제목이 없습니다"));
    if (a.no <= 0)
      return invalid_entry(name("agenda", i),
                           Text("item numbers start at 1", "안건 번호는 1부터 시작합니다"));
    if (!numbers.insert(a.no).second)
      return invalid_entry(name("agenda", i), Text(fmt::format("item number {} is used twice", a.no),
                                                   fmt::format("안건 번호 {}번이 두 번 쓰였습니다", a.no)));
    if (auto why = check_span(a.start, a.end, duration)) return invalid_entry(name("agenda", i), *why);
  }
  for (std::size_t i = 0; i < p.speakers.size(); ++i) {
    const auto& s = p.speakers[i];
    if (s.name.empty())
      return invalid_entry(name("speakers", i), Text("the speaker has no name", "발언자 이름이 없습니다"));
    if (auto why = check_span(s.start, s.end, duration)) return invalid_entry(name("speakers", i), *why);
  }
  for (std::size_t i = 0; i < p.recesses.size(); ++i) {
    const auto& r = p.recesses[i];
    if (auto why = check_span(r.start, r.end, duration)) return invalid_entry(name("recess", i), *why);
  }
  return {};
}

}  // namespace gavel::index
