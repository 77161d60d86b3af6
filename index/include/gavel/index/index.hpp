#pragma once
// The archive index: meetings, their parts, agenda, speakers and the job
// queue, in SQLite (WAL, foreign keys on, numbered migrations). Knows no
// libav. Thread-safe: calls are serialised on one connection; open one
// Index per process (other processes share the file through WAL).

#include "gavel/index/open_data.hpp"
#include "gavel/index/records.hpp"
#include "gavel/index/search.hpp"
#include "gavel/index/versions.hpp"
#include "gavel/result.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

struct sqlite3;

namespace gavel::index {

class Index {
 public:
  // Creates the file if missing and applies every pending migration.
  static Result<std::unique_ptr<Index>> open(const std::filesystem::path& file);
  static Result<std::unique_ptr<Index>> open_in_memory();
  ~Index();

  int schema_version();

  // Meetings.
  Result<std::int64_t> create_meeting(const MeetingFields& fields);
  Result<std::optional<Meeting>> meeting(std::int64_t id);
  Result<MeetingPage> meetings(const MeetingQuery& query);
  // What the public list holds, for its browse menus.
  Result<Facets> facets();
  Result<void> set_status(std::int64_t meeting, const std::string& status,
                          const std::optional<Text>& error = std::nullopt,
                          std::optional<double> duration = std::nullopt);
  Result<bool> delete_meeting(std::int64_t id);
  // Changes the fields given (a null optional leaves a field as it is).
  // Fails with "stale" when `if_match` names another version of them.
  Result<void> update_meeting(std::int64_t id, const MeetingFields& fields, const IfMatch& if_match = {});

  // Recording parts, numbered 1.. in playing order (parts.cpp). The
  // caller keeps the files; these keep the rows and their order.
  Result<void> add_part(std::int64_t meeting, const Part& part);
  // Removes part `seq` and closes the gap; returns it (nothing when there
  // was no such part).
  Result<std::optional<Part>> remove_part(std::int64_t meeting, int seq, const IfMatch& if_match = {});
  // Puts part `seq` in the place of the one there; returns the old one.
  Result<std::optional<Part>> replace_part(std::int64_t meeting, int seq, const Part& part);
  // `order` lists every part's current seq in the new playing order.
  Result<void> reorder_parts(std::int64_t meeting, const std::vector<int>& order, const IfMatch& if_match = {});

  // Agenda, speakers and recesses (programme_store.cpp): each replaced
  // whole in one transaction. Each write fails with "stale", writing
  // nothing, when `if_match` names another version than the stored one.
  Result<void> replace_agenda(std::int64_t meeting, const std::vector<AgendaItem>& items,
                              const IfMatch& if_match = {});
  Result<std::vector<AgendaItem>> agenda(std::int64_t meeting);
  Result<void> replace_speakers(std::int64_t meeting, const std::vector<SpeakerSegment>& segments,
                                const IfMatch& if_match = {});
  Result<std::vector<SpeakerSegment>> speakers(std::int64_t meeting);
  // All three in one transaction: all or nothing; `if_match` names the
  // programme_tag of the three.
  Result<void> replace_programme(std::int64_t meeting, const std::vector<AgendaItem>& items,
                                 const std::vector<SpeakerSegment>& segments,
                                 const std::vector<Recess>& recesses, const IfMatch& if_match = {});

  // Captions of one language: replaced whole.
  Result<void> replace_captions(std::int64_t meeting, const std::string& lang,
                                const std::vector<CaptionCue>& cues);
  Result<std::vector<CaptionCue>> captions(std::int64_t meeting, const std::string& lang);
  Result<std::vector<std::string>> caption_languages(std::int64_t meeting);

  // Recesses (정회): replaced whole.
  Result<void> replace_recesses(std::int64_t meeting, const std::vector<Recess>& recesses,
                                const IfMatch& if_match = {});
  Result<std::vector<Recess>> recesses(std::int64_t meeting);

  // Feeds and open data (open_data.cpp). Ready meetings, most recently
  // published or changed first.
  Result<std::vector<PublishedMeeting>> latest_ready_meetings(const FeedQuery& query);
  // Every public meeting in id order, at most `limit` after `after_id`:
  // exports read the archive page by page instead of holding the lock
  // throughout.
  Result<std::vector<PublishedMeeting>> meetings_after(std::int64_t after_id, int limit);

  // Ranked hits: exact phrase first, then titles, agenda, speakers, captions.
  Result<SearchResults> search(const SearchQuery& query);

  // Accounts and login sessions. Passwords arrive hashed; sessions are
  // keyed by a hash of the cookie's token, so the table alone logs no one in.
  Result<std::int64_t> create_account(const std::string& username, const std::string& role,
                                      const std::string& password_hash);
  Result<std::optional<Account>> account(const std::string& username);
  Result<void> set_password(std::int64_t account, const std::string& password_hash);
  Result<std::int64_t> account_count();
  Result<void> create_session(const std::string& token_hash, std::int64_t account,
                              const std::string& csrf_token, double expires);
  Result<std::optional<Session>> session(const std::string& token_hash, double now);
  Result<void> delete_session(const std::string& token_hash);

  // Job queue. A worker holds a job by a lease it renews; a lease not
  // renewed in time (the worker died) lets another worker take the job.
  Result<std::int64_t> enqueue_transcode(std::int64_t meeting);
  // Cancels the meeting's queued or running transcode (its worker sees the
  // lost lease and stops) and queues a fresh one: a new part has arrived.
  Result<std::int64_t> requeue_transcode(std::int64_t meeting);
  // Cancels the meeting's queued or running transcode and sets it back to
  // pending with no error and no length: its parts changed and nothing will
  // package them (the last one was removed, or one cannot be read).
  Result<void> cancel_transcode(std::int64_t meeting);
  // Takes the oldest claimable job, or exactly `only` when given.
  Result<std::optional<Job>> claim_job(const std::string& owner, double lease_seconds,
                                       std::optional<std::int64_t> only = std::nullopt);
  // Records progress and renews the lease; false when the lease was lost or
  // the job was cancelled, and the worker must stop.
  Result<bool> report_job(std::int64_t job, const std::string& owner, double progress, double speed,
                          double eta, double lease_seconds);
  // False when the job was no longer this owner's to finish (cancelled or
  // taken over meanwhile): the caller must then leave the meeting alone.
  Result<bool> finish_job(std::int64_t job, const std::string& owner, const std::string& state,
                          const std::optional<Text>& message);
  Result<std::optional<Job>> job(std::int64_t id);
  Result<QueueStats> queue_stats();
  // Puts a job its worker is giving up (shutdown) back in the queue, so the
  // next worker starts it again without counting it as failed.
  Result<void> release_job(std::int64_t job, const std::string& owner);
  Result<std::optional<Job>> latest_job_for(std::int64_t meeting);

 private:
  explicit Index(sqlite3* db);
  Result<void> migrate();

  std::mutex mutex_;  // guards every use of db_
  sqlite3* db_;
};

}  // namespace gavel::index
