#pragma once
// The archive's records as the index stores them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gavel::index {

// body: "plenary" (본회의), "standing" (상임위원회), "special" (특별위원회).
struct MeetingFields {
  std::string body;
  std::optional<std::string> committee;
  std::optional<int> session;
  std::optional<std::string> session_kind;  // "regular" | "extraordinary"
  std::optional<int> number;
  std::optional<std::string> date;  // YYYY-MM-DD
  std::string title;
};

struct Part {
  int seq = 0;
  std::string filename;  // under DATA/originals/{id}/
  std::int64_t size = 0;
};

struct AgendaItem {
  int no = 0;
  std::string title;
  double start = 0;
  std::optional<double> end;
  std::optional<std::string> result;  // 가결, 부결, ...
};

struct SpeakerSegment {
  std::string name;
  std::optional<std::string> role;
  double start = 0;
  std::optional<double> end;
};

struct CaptionCue {
  double start = 0;
  double end = 0;
  std::string text;
};

struct Recess {
  double start = 0;
  double end = 0;
};

struct Meeting {
  std::int64_t id = 0;
  MeetingFields fields;
  std::string status;                   // "pending" | "processing" | "ready" | "failed"
  std::optional<std::string> error;     // for the clerk, in English
  std::optional<std::string> error_ko;  // the same in Korean, when written
  std::optional<double> duration;
  std::string created_at;
  std::vector<Part> parts;
  int agenda_count = 0;
};

// What the archive holds, for browse menus.
struct Facets {
  std::vector<std::string> committees;
  std::vector<int> years;                                    // newest first
  std::vector<std::pair<std::string, std::int64_t>> bodies;  // body, meetings
};

struct MeetingQuery {
  // Citizens see meetings that play (is_public_status); clerks also the
  // failed and unfinished ones.
  bool include_unpublished = false;
  std::optional<std::string> status;  // only meetings in this state
  std::optional<std::string> body;
  std::optional<std::string> committee;
  std::optional<int> year;
  int page = 1;
  int per_page = 20;
};

struct MeetingPage {
  std::vector<Meeting> meetings;
  std::int64_t total = 0;
};

struct Job {
  std::int64_t id = 0;
  std::int64_t meeting_id = 0;
  std::string state;    // "queued" | "running" | "done" | "failed" | "cancelled"
  double progress = 0;  // 0..1
  double speed = 0;     // multiple of real time
  double eta = 0;       // seconds left
  int attempts = 0;
  std::optional<std::string> message;     // English
  std::optional<std::string> message_ko;  // the same in Korean, when written
  std::optional<std::string> owner;
};

struct Account {
  std::int64_t id = 0;
  std::string username;
  std::string role;           // "clerk" | "admin"
  std::string password_hash;  // libsodium crypto_pwhash_str (Argon2id)
};

// A room's live input (본회의장, 제1소회의실), configured once in the room's
// encoder. Only a hash of its stream key is kept, so the database alone
// lets no one publish.
struct Channel {
  std::int64_t id = 0;
  std::string name;  // unique; the clerk's and the encoder's name for it
  std::string body;  // plenary | standing | special: a meeting made on it belongs there
  std::optional<std::string> committee;
  std::string key_hash;    // of the stream key, as session tokens are hashed (server/src/auth.hpp)
  std::string created_at;  // ISO 8601 UTC
  std::string key_changed_at;
};

struct Session {
  std::int64_t account_id = 0;
  std::string username;
  std::string role;
  std::string csrf_token;
  double expires = 0;  // Unix seconds
};

struct QueueStats {
  int queued = 0;
  int running = 0;
  double speed = 0;  // mean multiple of real time of the running jobs
};

bool is_valid_body(const std::string& body);
bool is_valid_status(const std::string& status);
// Ready or processing (watchable while it is packaged): the meetings the
// public list, search, feeds and exports show. Pending (no recording yet)
// and failed meetings are for clerks only.
bool is_public_status(const std::string& status);
bool is_valid_session_kind(const std::string& kind);
bool is_valid_date(const std::string& date);

}  // namespace gavel::index
