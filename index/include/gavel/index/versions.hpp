#pragma once
// Version tags of what clerks edit (a meeting's details, agenda, speakers,
// recesses and parts), served as ETags and checked against If-Match, so a
// page that loaded a list before someone else saved it cannot silently
// write its old copy back. A tag is a hash of the content: equal content,
// equal tag, so a write is refused only when it would undo a real change.

#include <string>
#include <string_view>
#include <vector>

#include "gavel/index/records.hpp"

namespace gavel::index {

std::string version_tag(const MeetingFields& details);
std::string version_tag(const std::vector<AgendaItem>& agenda);
std::string version_tag(const std::vector<SpeakerSegment>& speakers);
std::string version_tag(const std::vector<Recess>& recesses);
std::string version_tag(const std::vector<Part>& parts);
// Agenda, speakers and recesses together (the programme file's three lists).
std::string programme_tag(std::string_view agenda, std::string_view speakers, std::string_view recesses);

// A write's precondition, from an If-Match header. Without one the write
// goes ahead (scripts, the command line); with one, only while the current
// tag is among those named, or for "*" whatever it is.
struct IfMatch {
  std::vector<std::string> tags;  // without quotes
  bool any = false;               // "*"

  bool present() const { return any || !tags.empty(); }
  bool admits(const std::string& current) const;
  // Parses the header value: `"a", "b"`, `*`; weak tags (W/"a") never match.
  static IfMatch parse(std::string_view header);
};

}  // namespace gavel::index
