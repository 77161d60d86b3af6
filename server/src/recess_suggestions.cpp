#include "recess_suggestions.hpp"

#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>
#include <string>

namespace gavel::server {

boost::json::array suggested_recesses(const worker::DataDir& data, std::int64_t meeting) {
  std::ifstream in(data.media(meeting) / "suggestions.json");
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto parsed = boost::json::parse(text.str(), ec);
  if (ec || !parsed.is_object()) return {};
  const auto* list = parsed.as_object().if_contains("suggested_recesses");
  if (!list || !list->is_array()) return {};
  boost::json::array out;
  for (const auto& v : list->as_array()) {
    const auto* o = v.if_object();
    if (!o || !o->contains("start") || !o->contains("end") || !o->contains("kind")) continue;
    out.push_back(
        boost::json::object{{"start", o->at("start")}, {"end", o->at("end")}, {"kind", o->at("kind")}});
  }
  return out;
}

void align_to_declarations(boost::json::array& suggestions, const std::vector<index::CaptionCue>& cues) {
  // The silence follows the declaration's last word; allow for a pause
  // and for cue timing that runs a little long or short.
  constexpr double kGap = 5.0;
  for (auto& v : suggestions) {
    auto& o = v.as_object();
    const double start = o.at("start").to_number<double>();
    const index::CaptionCue* declared = nullptr;
    for (const auto& cue : cues) {
      if (cue.start > start) break;  // cues come in time order
      if (start - cue.end <= kGap && cue.text.find("정회") != std::string::npos) declared = &cue;
    }
    if (!declared) continue;
    o["start"] = declared->start;
    o["declared"] = true;
  }
}

}  // namespace gavel::server
