// PUT /recesses: the recess list alone, read by the programme reader so its
// checks and messages are the same as a programme file's.
#include <boost/json.hpp>

#include "gavel/index/programme_io.hpp"

namespace gavel::index {

Result<std::vector<Recess>> parse_recesses(std::string_view text, std::optional<double> duration) {
  boost::system::error_code ec;
  auto doc = boost::json::parse(text, ec);
  // A bare list is the programme's "recess" list; anything else (an object
  // holding "recess", or text that is no JSON) goes to the reader as it is,
  // which names what is wrong.
  if (!ec && doc.is_array()) {
    auto programme =
        parse_programme_json(boost::json::serialize(boost::json::object{{"recess", doc}}), duration);
    if (!programme) return programme.error();
    return programme->recesses;
  }
  auto programme = parse_programme_json(text, duration);
  if (!programme) return programme.error();
  return programme->recesses;
}

}  // namespace gavel::index
