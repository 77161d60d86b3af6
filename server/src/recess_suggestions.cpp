#include "recess_suggestions.hpp"

#include <boost/json/parse.hpp>

#include <fstream>
#include <sstream>

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
    out.push_back(boost::json::object{{"start", o->at("start")}, {"end", o->at("end")}, {"kind", o->at("kind")}});
  }
  return out;
}

}  // namespace gavel::server
