#include "request_language.hpp"

#include <cctype>
#include <charconv>
#include <optional>

namespace gavel::server {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool primary_tag_is(std::string_view range, std::string_view tag) {
  if (range.size() < tag.size()) return false;
  for (std::size_t i = 0; i < tag.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(range[i])) != tag[i]) return false;
  return range.size() == tag.size() || range[tag.size()] == '-';
}

// The q of "en;q=0.5" (1 when absent; nothing when malformed).
std::optional<double> quality(std::string_view params) {
  double q = 1;
  while (!params.empty()) {
    const auto semi = params.find(';');
    const auto param = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
    const auto value = param.substr(2);
    // from_chars for double is in libstdc++ 11+: no locale involved.
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), q);
    if (ec != std::errc() || end != value.data() + value.size() || q < 0 || q > 1) return std::nullopt;
  }
  return q;
}

}  // namespace

Language language_from_header(std::string_view header) {
  Language best = Language::ko;
  double best_q = 0;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const auto item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const auto semi = item.find(';');
    const auto range = trim(item.substr(0, semi));
    const auto q = quality(semi == std::string_view::npos ? std::string_view() : item.substr(semi + 1));
    if (!q || *q <= best_q) continue;
    if (primary_tag_is(range, "ko")) {
      best = Language::ko;
      best_q = *q;
    } else if (primary_tag_is(range, "en")) {
      best = Language::en;
      best_q = *q;
    }
  }
  return best;
}

}  // namespace gavel::server
