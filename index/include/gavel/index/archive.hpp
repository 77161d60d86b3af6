#pragma once
// The archive: meetings, their recording parts, agenda, speakers and
// recesses, and the whole-archive reads feeds and open data make. An
// interface: SQLite implements it (index/src/sqlite_*), a shared database
// server can too. Thread-safe; readers run concurrently.

#include <cstdint>
#include <optional>
#include <vector>

#include "gavel/index/open_data.hpp"
#include "gavel/index/records.hpp"
#include "gavel/index/versions.hpp"
#include "gavel/result.hpp"
#include "gavel/text.hpp"

namespace gavel::index {

class Archive {
 public:
  virtual ~Archive() = default;

  // Meetings.
  virtual Result<std::int64_t> create_meeting(const MeetingFields& fields) = 0;
  virtual Result<std::optional<Meeting>> meeting(std::int64_t id) = 0;
  virtual Result<MeetingPage> meetings(const MeetingQuery& query) = 0;
  // What the public list holds, for its browse menus.
  virtual Result<Facets> facets() = 0;
  virtual Result<void> set_status(std::int64_t meeting, const std::string& status,
                                  const std::optional<Text>& error = std::nullopt,
                                  std::optional<double> duration = std::nullopt) = 0;
  virtual Result<bool> delete_meeting(std::int64_t id) = 0;
  // Changes the fields given (a null optional leaves a field as it is).
  // Fails with "stale" when `if_match` names another version of them.
  virtual Result<void> update_meeting(std::int64_t id, const MeetingFields& fields,
                                      const IfMatch& if_match = {}) = 0;

  // Recording parts, numbered 1.. in playing order. The caller keeps the
  // files; these keep the rows and their order.
  virtual Result<void> add_part(std::int64_t meeting, const Part& part) = 0;
  // Removes part `seq` and closes the gap; returns it (nothing when there
  // was no such part).
  virtual Result<std::optional<Part>> remove_part(std::int64_t meeting, int seq,
                                                  const IfMatch& if_match = {}) = 0;
  // Puts `part` in the place of part `seq`; returns the old one.
  virtual Result<std::optional<Part>> replace_part(std::int64_t meeting, int seq, const Part& part) = 0;
  // `order` lists every part's current seq in the new playing order.
  virtual Result<void> reorder_parts(std::int64_t meeting, const std::vector<int>& order,
                                     const IfMatch& if_match = {}) = 0;

  // Agenda, speakers and recesses: each replaced whole in one
  // transaction; a write fails with "stale", writing nothing, when
  // `if_match` names another version than the stored one.
  virtual Result<void> replace_agenda(std::int64_t meeting, const std::vector<AgendaItem>& items,
                                      const IfMatch& if_match = {}) = 0;
  virtual Result<std::vector<AgendaItem>> agenda(std::int64_t meeting) = 0;
  virtual Result<void> replace_speakers(std::int64_t meeting, const std::vector<SpeakerSegment>& segments,
                                        const IfMatch& if_match = {}) = 0;
  virtual Result<std::vector<SpeakerSegment>> speakers(std::int64_t meeting) = 0;
  virtual Result<void> replace_recesses(std::int64_t meeting, const std::vector<Recess>& recesses,
                                        const IfMatch& if_match = {}) = 0;
  virtual Result<std::vector<Recess>> recesses(std::int64_t meeting) = 0;
  // All three in one transaction, all or nothing; `if_match` names the
  // programme_tag of the three.
  virtual Result<void> replace_programme(std::int64_t meeting, const std::vector<AgendaItem>& items,
                                         const std::vector<SpeakerSegment>& segments,
                                         const std::vector<Recess>& recesses,
                                         const IfMatch& if_match = {}) = 0;

  // Feeds and open data. Ready meetings, most recently published or changed
  // first.
  virtual Result<std::vector<PublishedMeeting>> latest_ready_meetings(const FeedQuery& query) = 0;
  // Every public meeting in id order, at most `limit` after `after_id`:
  // exports read the archive page by page.
  virtual Result<std::vector<PublishedMeeting>> meetings_after(std::int64_t after_id, int limit) = 0;
};

}  // namespace gavel::index
