#include "gavel/index/versions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace gavel::index {
namespace {

// FNV-1a, 64 bits: a tag tells versions apart, it guards nothing secret.
class Hasher {
 public:
  Hasher& add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 0x100000001b3ull;
    }
    hash_ ^= 0x1f;  // a field separator, so ("ab","c") and ("a","bc") differ
    hash_ *= 0x100000001b3ull;
    return *this;
  }
  Hasher& add(double v) { return add(fmt::format("{}", v)); }
  Hasher& add(std::int64_t v) { return add(fmt::format("{}", v)); }
  Hasher& add(int v) { return add(std::int64_t{v}); }
  template <class T>
  Hasher& add(const std::optional<T>& v) {
    return v ? add(std::string_view("\x01")).add(*v) : add(std::string_view("\x00", 1));
  }
  std::string tag() const { return fmt::format("{:016x}", hash_); }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string version_tag(const MeetingFields& f) {
  Hasher h;
  h.add(f.body).add(f.committee).add(f.session).add(f.session_kind).add(f.number).add(f.date).add(f.title);
  return "d" + h.tag();
}

std::string version_tag(const std::vector<AgendaItem>& agenda) {
  Hasher h;
  for (const auto& a : agenda) h.add(a.no).add(a.title).add(a.start).add(a.end).add(a.result);
  return "a" + h.tag();
}

std::string version_tag(const std::vector<SpeakerSegment>& speakers) {
  Hasher h;
  for (const auto& s : speakers) h.add(s.name).add(s.role).add(s.start).add(s.end);
  return "s" + h.tag();
}

std::string version_tag(const std::vector<Recess>& recesses) {
  Hasher h;
  for (const auto& r : recesses) h.add(r.start).add(r.end);
  return "r" + h.tag();
}

std::string version_tag(const std::vector<Part>& parts) {
  Hasher h;
  for (const auto& p : parts) h.add(p.seq).add(p.filename).add(p.size);
  return "p" + h.tag();
}

std::string programme_tag(std::string_view agenda, std::string_view speakers, std::string_view recesses) {
  Hasher h;
  h.add(agenda).add(speakers).add(recesses);
  return "g" + h.tag();
}

bool IfMatch::admits(const std::string& current) const {
  return !present() || any || std::find(tags.begin(), tags.end(), current) != tags.end();
}

IfMatch IfMatch::parse(std::string_view header) {
  IfMatch m;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const auto item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (item == "*") {
      m.any = true;
    } else if (item.size() >= 2 && item.front() == '"' && item.back() == '"') {
      m.tags.emplace_back(item.substr(1, item.size() - 2));
    } else if (!item.empty()) {
      // A weak or malformed tag can never match a strong comparison; it
      // still makes the write conditional, so it is refused, not ignored.
      m.tags.emplace_back("\x01unmatchable");
    }
  }
  return m;
}

}  // namespace gavel::index
