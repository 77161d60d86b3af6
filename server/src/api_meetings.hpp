#pragma once
// The JSON shapes of meetings in the API.

#include "gavel/index/index.hpp"

#include <boost/json/value.hpp>

namespace gavel::server {

boost::json::object meeting_summary_json(const index::Meeting& m, bool has_master);
boost::json::object meeting_json(const index::Meeting& m, bool has_master,
                                 const std::vector<index::AgendaItem>& agenda,
                                 const std::vector<index::SpeakerSegment>& speakers,
                                 const std::optional<index::Job>& job);
boost::json::object job_json(const index::Job& job);

}  // namespace gavel::server
