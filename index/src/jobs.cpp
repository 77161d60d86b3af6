#include "sqlite.hpp"
#include "sqlite_store.hpp"

namespace gavel::index {
namespace {

constexpr const char* kJobColumns =
    "id, meeting_id, state, progress, speed, eta, attempts, message, owner, message_ko";

// Julian-day seconds keep lease arithmetic inside SQLite's own clock, the
// one every process sharing the file agrees on.
constexpr const char* kNow = "(julianday('now') * 86400.0)";

Job read_job(const sql::Statement& s) {
  Job j;
  j.id = s.int64(0);
  j.meeting_id = s.int64(1);
  j.state = s.text(2);
  j.progress = s.real(3);
  j.speed = s.real(4);
  j.eta = s.real(5);
  j.attempts = static_cast<int>(s.int64(6));
  j.message = s.optional_text(7);
  j.owner = s.optional_text(8);
  j.message_ko = s.optional_text(9);
  return j;
}

Result<std::optional<Job>> one_job(sql::Statement& s) {
  auto row = s.step();
  if (!row) return row.error();
  if (!*row) return std::optional<Job>();
  return std::optional<Job>(read_job(s));
}

}  // namespace

Result<std::int64_t> SqliteJobQueue::enqueue_transcode(std::int64_t meeting) {
  return pool_.run([&](sqlite3* db) -> Result<std::int64_t> {
    sql::Statement s(db, "INSERT INTO jobs (meeting_id, kind) VALUES (?, 'transcode')");
    s.bind(1, meeting);
    if (auto r = s.run(); !r) return r.error();
    return sqlite3_last_insert_rowid(db);
  });
}

namespace {

// Cancels the meeting's queued or running transcode (a running worker sees
// its lost lease and stops) and sets the meeting back to pending.
Result<void> stop_transcode(sqlite3* db, std::int64_t meeting, const Text& why) {
  sql::Statement cancel(
      db,
      "UPDATE jobs SET state = 'cancelled', message = ?, message_ko = ?, lease_expires = NULL"
      " WHERE meeting_id = ? AND state IN ('queued', 'running')");
  cancel.bind(1, why.en).bind(2, why.ko).bind(3, meeting);
  if (auto r = cancel.run(); !r) return r;
  sql::Statement pending(
      db, "UPDATE meetings SET status = 'pending', error = NULL, error_ko = NULL WHERE id = ?");
  pending.bind(1, meeting);
  return pending.run();
}

}  // namespace

Result<std::int64_t> SqliteJobQueue::requeue_transcode(std::int64_t meeting) {
  return pool_.write([&](sqlite3* db) -> Result<std::int64_t> {
    if (auto r = stop_transcode(
            db, meeting,
            Text("superseded: the recording parts changed", "녹화 파트가 바뀌어 새로 변환합니다"));
        !r)
      return r.error();
    sql::Statement insert(db, "INSERT INTO jobs (meeting_id, kind) VALUES (?, 'transcode')");
    insert.bind(1, meeting);
    if (auto r = insert.run(); !r) return r.error();
    const auto id = sqlite3_last_insert_rowid(db);
    return id;
  });
}

Result<void> SqliteJobQueue::cancel_transcode(std::int64_t meeting) {
  return pool_.write([&](sqlite3* db) -> Result<void> {
    if (auto r = stop_transcode(db, meeting, Text("the recording was removed", "녹화 파일이 삭제되었습니다"));
        !r)
      return r;
    // What was packaged before is no measure of the parts now.
    sql::Statement length(db, "UPDATE meetings SET duration = NULL WHERE id = ?");
    length.bind(1, meeting);
    if (auto r = length.run(); !r) return r;
    return {};
  });
}

Result<std::optional<Job>> SqliteJobQueue::claim_job(const std::string& owner, double lease_seconds,
                                                     std::optional<std::int64_t> only) {
  return pool_.run([&](sqlite3* db) -> Result<std::optional<Job>> {
    // One UPDATE ... RETURNING: the pick and the take are one atomic step,
    // so two workers never run the same job.
    sql::Statement s(db, std::string("UPDATE jobs SET state = 'running', owner = ?1, attempts = attempts + 1,"
                                     " lease_expires = ") +
                             kNow +
                             " + ?2,"
                             " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                             " WHERE id = (SELECT id FROM jobs WHERE (?3 IS NULL OR id = ?3) AND"
                             " (state = 'queued' OR (state = 'running' AND lease_expires < " +
                             kNow + ")) ORDER BY id LIMIT 1) RETURNING " + kJobColumns);
    s.bind(1, owner).bind(2, lease_seconds).bind(3, only);
    auto job = one_job(s);
    if (job) (void)s.step();  // finish the statement so the write commits
    return job;
  });
}

Result<bool> SqliteJobQueue::report_job(std::int64_t job, const std::string& owner, double progress,
                                        double speed, double eta, double lease_seconds) {
  return pool_.run([&](sqlite3* db) -> Result<bool> {
    sql::Statement s(db, std::string("UPDATE jobs SET progress = ?, speed = ?, eta = ?, lease_expires = ") +
                             kNow +
                             " + ?, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                             " WHERE id = ? AND owner = ? AND state = 'running'");
    s.bind(1, progress).bind(2, speed).bind(3, eta).bind(4, lease_seconds).bind(5, job).bind(6, owner);
    if (auto r = s.run(); !r) return r.error();
    return sqlite3_changes(db) > 0;
  });
}

Result<bool> SqliteJobQueue::finish_job(std::int64_t job, const std::string& owner, const std::string& state,
                                        const std::optional<Text>& message) {
  return pool_.run([&](sqlite3* db) -> Result<bool> {
    sql::Statement s(db,
                     "UPDATE jobs SET state = ?1, message = ?2, message_ko = ?6, lease_expires = NULL,"
                     " progress = CASE WHEN ?1 = 'done' THEN 1 ELSE progress END,"
                     " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                     " WHERE id = ?4 AND owner = ?5 AND state = 'running'");
    s.bind(1, state).bind(4, job).bind(5, owner);
    s.bind(2, message ? std::optional<std::string>(message->en) : std::nullopt);
    s.bind(6, message && !message->ko.empty() ? std::optional<std::string>(message->ko) : std::nullopt);
    if (auto r = s.run(); !r) return r.error();
    return sqlite3_changes(db) > 0;
  });
}

Result<QueueStats> SqliteJobQueue::queue_stats() {
  return pool_.run([&](sqlite3* db) -> Result<QueueStats> {
    sql::Statement s(db,
                     "SELECT coalesce(sum(state = 'queued'), 0), coalesce(sum(state = 'running'), 0),"
                     " coalesce(avg(CASE WHEN state = 'running' THEN speed END), 0) FROM jobs"
                     " WHERE state IN ('queued', 'running')");
    auto row = s.step();
    if (!row) return row.error();
    return QueueStats{static_cast<int>(s.int64(0)), static_cast<int>(s.int64(1)), s.real(2)};
  });
}

Result<void> SqliteJobQueue::release_job(std::int64_t job, const std::string& owner) {
  return pool_.run([&](sqlite3* db) -> Result<void> {
    sql::Statement s(db,
                     "UPDATE jobs SET state = 'queued', owner = NULL, lease_expires = NULL, progress = 0,"
                     " attempts = max(attempts - 1, 0) WHERE id = ? AND owner = ? AND state = 'running'");
    s.bind(1, job).bind(2, owner);
    return s.run();
  });
}

Result<std::optional<Job>> SqliteJobQueue::job(std::int64_t id) {
  return pool_.run([&](sqlite3* db) -> Result<std::optional<Job>> {
    sql::Statement s(db, std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = ?");
    s.bind(1, id);
    return one_job(s);
  });
}

Result<std::optional<Job>> SqliteJobQueue::latest_job_for(std::int64_t meeting) {
  return pool_.run([&](sqlite3* db) -> Result<std::optional<Job>> {
    sql::Statement s(db, std::string("SELECT ") + kJobColumns +
                             " FROM jobs WHERE meeting_id = ? ORDER BY id DESC LIMIT 1");
    s.bind(1, meeting);
    return one_job(s);
  });
}

}  // namespace gavel::index
