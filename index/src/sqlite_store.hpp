#pragma once
// The SQLite implementation of each of the index's interfaces, over one
// pool of connections to one database file. Each method takes a connection
// for its own duration (connection_pool.hpp); SQL dialect stays in these
// classes' sources.

#include "connection_pool.hpp"
#include "gavel/index/store.hpp"

namespace gavel::index {

class SqliteArchive final : public Archive {
 public:
  explicit SqliteArchive(sql::ConnectionPool& pool) : pool_(pool) {}
  Result<std::int64_t> create_meeting(const MeetingFields& fields) override;
  Result<std::optional<Meeting>> meeting(std::int64_t id) override;
  Result<MeetingPage> meetings(const MeetingQuery& query) override;
  Result<Facets> facets() override;
  Result<void> set_status(std::int64_t meeting, const std::string& status, const std::optional<Text>& error,
                          std::optional<double> duration) override;
  Result<bool> delete_meeting(std::int64_t id) override;
  Result<void> update_meeting(std::int64_t id, const MeetingFields& fields, const IfMatch& if_match) override;
  Result<void> add_part(std::int64_t meeting, const Part& part) override;
  Result<std::optional<Part>> remove_part(std::int64_t meeting, int seq, const IfMatch& if_match) override;
  Result<std::optional<Part>> replace_part(std::int64_t meeting, int seq, const Part& part) override;
  Result<void> reorder_parts(std::int64_t meeting, const std::vector<int>& order,
                             const IfMatch& if_match) override;
  Result<void> replace_agenda(std::int64_t meeting, const std::vector<AgendaItem>& items,
                              const IfMatch& if_match) override;
  Result<std::vector<AgendaItem>> agenda(std::int64_t meeting) override;
  Result<void> replace_speakers(std::int64_t meeting, const std::vector<SpeakerSegment>& segments,
                                const IfMatch& if_match) override;
  Result<std::vector<SpeakerSegment>> speakers(std::int64_t meeting) override;
  Result<void> replace_recesses(std::int64_t meeting, const std::vector<Recess>& recesses,
                                const IfMatch& if_match) override;
  Result<std::vector<Recess>> recesses(std::int64_t meeting) override;
  Result<void> replace_programme(std::int64_t meeting, const std::vector<AgendaItem>& items,
                                 const std::vector<SpeakerSegment>& segments,
                                 const std::vector<Recess>& recesses, const IfMatch& if_match) override;
  Result<std::vector<PublishedMeeting>> latest_ready_meetings(const FeedQuery& query) override;
  Result<std::vector<PublishedMeeting>> meetings_after(std::int64_t after_id, int limit) override;

 private:
  sql::ConnectionPool& pool_;
};

class SqliteCaptionStore final : public CaptionStore {
 public:
  explicit SqliteCaptionStore(sql::ConnectionPool& pool) : pool_(pool) {}
  Result<void> replace_captions(std::int64_t meeting, const std::string& lang,
                                const std::vector<CaptionCue>& cues) override;
  Result<std::vector<CaptionCue>> captions(std::int64_t meeting, const std::string& lang) override;
  Result<std::vector<std::string>> caption_languages(std::int64_t meeting) override;

 private:
  sql::ConnectionPool& pool_;
};

class SqliteSearchIndex final : public SearchIndex {
 public:
  explicit SqliteSearchIndex(sql::ConnectionPool& pool) : pool_(pool) {}
  Result<SearchResults> search(const SearchQuery& query) override;

 private:
  sql::ConnectionPool& pool_;
};

class SqliteAccounts final : public Accounts {
 public:
  explicit SqliteAccounts(sql::ConnectionPool& pool) : pool_(pool) {}
  Result<std::int64_t> create_account(const std::string& username, const std::string& role,
                                      const std::string& password_hash) override;
  Result<std::optional<Account>> account(const std::string& username) override;
  Result<void> set_password(std::int64_t account, const std::string& password_hash) override;
  Result<std::int64_t> account_count() override;
  Result<void> create_session(const std::string& token_hash, std::int64_t account,
                              const std::string& csrf_token, double expires) override;
  Result<std::optional<Session>> session(const std::string& token_hash, double now) override;
  Result<void> delete_session(const std::string& token_hash) override;

 private:
  sql::ConnectionPool& pool_;
};

class SqliteJobQueue final : public JobQueue {
 public:
  explicit SqliteJobQueue(sql::ConnectionPool& pool) : pool_(pool) {}
  Result<std::int64_t> enqueue_transcode(std::int64_t meeting) override;
  Result<std::int64_t> requeue_transcode(std::int64_t meeting) override;
  Result<void> cancel_transcode(std::int64_t meeting) override;
  Result<std::optional<Job>> claim_job(const std::string& owner, double lease_seconds,
                                       std::optional<std::int64_t> only) override;
  Result<bool> report_job(std::int64_t job, const std::string& owner, double progress, double speed,
                          double eta, double lease_seconds) override;
  Result<bool> finish_job(std::int64_t job, const std::string& owner, const std::string& state,
                          const std::optional<Text>& message) override;
  Result<void> release_job(std::int64_t job, const std::string& owner) override;
  Result<std::optional<Job>> job(std::int64_t id) override;
  Result<std::optional<Job>> latest_job_for(std::int64_t meeting) override;
  Result<QueueStats> queue_stats() override;

 private:
  sql::ConnectionPool& pool_;
};

class SqliteChannels final : public Channels {
 public:
  explicit SqliteChannels(sql::ConnectionPool& pool) : pool_(pool) {}
  Result<std::int64_t> create_channel(const std::string& name, const std::string& body,
                                      const std::optional<std::string>& committee,
                                      const std::string& key_hash) override;
  Result<std::vector<Channel>> channels() override;
  Result<std::optional<Channel>> channel(const std::string& name) override;
  Result<std::optional<Channel>> channel_for_key(const std::string& key_hash) override;
  Result<bool> set_channel_key(const std::string& name, const std::string& key_hash) override;

 private:
  sql::ConnectionPool& pool_;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(sql::ConnectionPool::Opener open, int max_connections);
  // Applies every pending migration.
  Result<void> migrate();

  Archive& archive() override { return archive_; }
  CaptionStore& captions() override { return captions_; }
  SearchIndex& search() override { return search_; }
  Accounts& accounts() override { return accounts_; }
  JobQueue& jobs() override { return jobs_; }
  Channels& channels() override { return channels_; }
  int schema_version() override;

 private:
  sql::ConnectionPool pool_;
  SqliteArchive archive_{pool_};
  SqliteCaptionStore captions_{pool_};
  SqliteSearchIndex search_{pool_};
  SqliteAccounts accounts_{pool_};
  SqliteJobQueue jobs_{pool_};
  SqliteChannels channels_{pool_};
};

}  // namespace gavel::index
