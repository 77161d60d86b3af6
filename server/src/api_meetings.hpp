#pragma once
// The JSON shapes of meetings in the API.

#include <boost/json/value.hpp>

#include "gavel/index/archive.hpp"
#include "gavel/text.hpp"
#include "gavel/worker/data_dir.hpp"

namespace gavel::server {

// What exists on disk for a meeting: read by the caller, who may block.
struct MediaState {
  bool has_master = false;
  bool has_poster = false;
  bool has_storyboard = false;
};

// Looks at DATA/media/{id}: blocks on the disk.
MediaState media_state(const worker::DataDir& data, std::int64_t id);

// Messages for people (a failed meeting's `error`, a job's `message`) come
// in `lang`, English where no Korean was written.
boost::json::object meeting_summary_json(const index::Meeting& m, const MediaState& media,
                                         Language lang = Language::ko);

struct MeetingDetails {
  std::vector<index::AgendaItem> agenda;
  std::vector<index::SpeakerSegment> speakers;
  std::vector<index::Recess> recesses;
  std::vector<std::string> caption_languages;
  std::optional<index::Job> job;
};
// The whole meeting, with `etags`: the version tag of each part a clerk
// edits (details, agenda, speakers, recesses, parts, programme), to send
// back as If-Match.
boost::json::object meeting_json(const index::Meeting& m, const MediaState& media,
                                 const MeetingDetails& details, Language lang = Language::ko);
boost::json::object job_json(const index::Job& job, Language lang = Language::ko);

struct MeetingTags {
  std::string details, agenda, speakers, recesses, parts, programme;
};
MeetingTags meeting_tags(const index::Meeting& m, const MeetingDetails& details);

}  // namespace gavel::server
