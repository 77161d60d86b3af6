// The real `gavel` binary under the failures an archive meets in service:
// kill -9 mid-transcode and mid-upload, two workers on one queue, a full
// disk, SIGTERM under load.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "fixtures.hpp"
#include "gavel/index/store.hpp"
#include "gavel_server.hpp"
#include "process.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using gavel::test::Process;

constexpr const char* kPassword = "correct horse battery";

std::string ingest_command(const fs::path& data, const fs::path& clip, const std::string& extra = "") {
  return fmt::format("'{}' ingest '{}' --data '{}' --body plenary --date 2026-11-13 --title 'm' {}",
                     GAVEL_BINARY, clip.string(), data.string(), extra);
}

void ingest(const fs::path& data, const fs::path& clip) {
  std::string out;
  ASSERT_EQ(gavel::test::run_command(ingest_command(data, clip), &out), 0) << out;
}

using Server = gavel::test::GavelServer;

std::optional<gavel::index::Job> latest_job(gavel::index::Store& index, std::int64_t meeting) {
  auto j = index.jobs().latest_job_for(meeting);
  if (!j || !*j) return std::nullopt;
  return **j;
}

std::string integrity_check(const fs::path& db) {
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(raw);
    return "cannot open";
  }
  std::string result;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) result += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(raw);
  return result;
}

// Every playlist of the tree is finished (ENDLIST) and every file it names exists.
void expect_complete_tree(const fs::path& media) {
  ASSERT_TRUE(fs::exists(media / "master.m3u8")) << media;
  int playlists = 0;
  for (const auto& e : fs::recursive_directory_iterator(media)) {
    const auto name = e.path().filename().string();
    EXPECT_EQ(name.find(".tmp"), std::string::npos) << "leftover " << e.path();
    if (name != "index.m3u8") continue;
    ++playlists;
    const std::string text = gavel::test::read_text(e.path());
    EXPECT_NE(text.find("#EXT-X-ENDLIST"), std::string::npos) << e.path();
    std::istringstream lines(text);
    std::string line;
    int segments = 0;
    while (std::getline(lines, line)) {
      if (line.empty()) continue;
      if (line.rfind("#EXT-X-MAP:URI=\"", 0) == 0) {
        const auto uri = line.substr(16, line.find('"', 16) - 16);
        EXPECT_TRUE(fs::exists(e.path().parent_path() / uri)) << e.path() << " names " << uri;
      }
      if (line[0] == '#') continue;
      ++segments;
      EXPECT_TRUE(fs::exists(e.path().parent_path() / line)) << e.path() << " names " << line;
    }
    EXPECT_GT(segments, 0) << e.path();
  }
  EXPECT_GE(playlists, 2);  // a video rung and the audio
}

void expect_no_files(const fs::path& dir) {
  if (!fs::exists(dir)) return;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) ADD_FAILURE() << "orphan " << e.path();
}

std::string login(unsigned short port) {
  auto r = gavel::test::http(port, "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                             fmt::format(R"({{"username":"clerk1","password":"{}"}})", kPassword));
  if (!r || r->status != 200) return "";
  const auto at = r->body.find("\"token\":\"");
  if (at == std::string::npos) return "";
  return r->body.substr(at + 9, r->body.find('"', at + 9) - at - 9);
}

std::string b64(const std::string& in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
    out += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], t[v & 63]};
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += {t[v >> 18], t[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned v =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], '='};
  }
  return out;
}

std::uintmax_t size_or_zero(const fs::path& f) {
  std::error_code ec;
  const auto n = fs::file_size(f, ec);
  return ec ? 0 : n;
}

std::optional<fs::path> only_part_file(const fs::path& uploads) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(uploads, ec))
    if (e.path().extension() == ".part") return e.path();
  return std::nullopt;
}

TEST(Reliability, AJobKilledMidTranscodeIsTakenOverAfterItsLease) {
  gavel::test::TempDir dir;
  const auto data = dir / "data";
  // MPEG-4 Part 2 at 720p: every rung is encoded (none copied), so the job
  // lasts seconds even on a quick machine and can be caught mid-way.
  const auto clip =
      gavel::test::make_clip(dir / "long.mp4", 20, "1280x720", "25", "-c:v mpeg4 -q:v 5 -c:a aac");
  ingest(data, clip);
  auto index = gavel::index::open_sqlite(data / "gavel.db");
  ASSERT_TRUE(index);
  const std::vector<std::pair<std::string, std::string>> env = {{"GAVEL_LEASE_SECONDS", "3"}};
  {
    Server server(data, 1, env);
    ASSERT_TRUE(server.healthy());
    std::optional<gavel::index::Job> seen;
    ASSERT_TRUE(gavel::test::eventually(
        [&] {
          seen = latest_job(**index, 1);
          return seen && seen->state == "running" && seen->progress > 0.05;
        },
        30s));
    ASSERT_LT(seen->progress, 0.9) << "the transcode was too quick to be interrupted";
    server.process().kill9();
    auto after = latest_job(**index, 1);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->state, "running");  // as the dead worker left it
    EXPECT_LT(after->progress, 1.0);
  }
  Server restarted(data, 1, env);
  ASSERT_TRUE(restarted.healthy());
  std::optional<gavel::index::Job> job;
  ASSERT_TRUE(gavel::test::eventually(
      [&] {
        job = latest_job(**index, 1);
        return job && (job->state == "done" || job->state == "failed");
      },
      45s))
      << (job ? job->state : "no job");
  EXPECT_EQ(job->state, "done") << job->message.value_or("");
  EXPECT_EQ(job->attempts, 2);
  auto meeting = (*index)->archive().meeting(1);
  ASSERT_TRUE(meeting && *meeting);
  EXPECT_EQ((*meeting)->status, "ready");
  EXPECT_NEAR((*meeting)->duration.value_or(0), 20.0, 0.1);
  expect_complete_tree(data / "media" / "1");
  expect_no_files(data / "uploads");
  EXPECT_TRUE(fs::exists(data / "originals" / "1" / "01-long.mp4"));
  restarted.process().signal(SIGTERM);
  EXPECT_EQ(restarted.process().wait(15s), 0);
}

TEST(Reliability, AnUploadKilledMidChunkResumesFromTheStoredOffset) {
  gavel::test::TempDir dir;
  const auto data = dir / "data";
  std::string out;
  ASSERT_EQ(gavel::test::run_command(fmt::format("printf '%s' '{}' | '{}' user add clerk1 --role clerk "
                                                 "--password-stdin --data '{}'",
                                                 kPassword, GAVEL_BINARY, data.string()),
                                     &out),
            0)
      << out;
  std::int64_t meeting = 0;
  {
    auto index = gavel::index::open_sqlite(data / "gavel.db");
    ASSERT_TRUE(index);
    auto m = (*index)->archive().create_meeting(
        {"plenary", std::nullopt, std::nullopt, std::nullopt, 1, "2026-11-13", "m"});
    ASSERT_TRUE(m);
    meeting = *m;
  }
  std::string payload(3 * 1024 * 1024 + 123, '\0');
  std::mt19937 rng(7);
  for (auto& c : payload) c = static_cast<char>(rng());
  const std::size_t half = payload.size() / 2;
  // The server stores the body in chunks of up to 256 KiB as they fill;
  // the one still filling is lost with the process.
  const std::size_t chunk = 256 * 1024;

  std::string location;
  {
    Server server(data, 0);
    ASSERT_TRUE(server.healthy());
    const auto token = login(server.port());
    ASSERT_FALSE(token.empty());
    auto created = gavel::test::http(
        server.port(), "POST", "/api/v1/uploads",
        {{"Authorization", "Bearer " + token},
         {"Tus-Resumable", "1.0.0"},
         {"Upload-Length", std::to_string(payload.size())},
         {"Upload-Metadata", "filename " + b64("record.bin") + ",meeting " + b64(std::to_string(meeting))}});
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201) << created->body;
    location = created->headers["location"];
    ASSERT_FALSE(location.empty());
    // The whole body announced, half of it sent: the server is mid-PATCH.
    const std::string head = fmt::format(
        "PATCH {} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\nTus-Resumable: 1.0.0\r\n"
        "Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: {}\r\n\r\n",
        location, token, payload.size());
    const int fd = gavel::test::open_request(server.port(), head, payload.substr(0, half));
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(gavel::test::eventually(
        [&] {
          auto part = only_part_file(data / "uploads");
          return part && size_or_zero(*part) + chunk >= half;
        },
        20s))
        << "stored " << size_or_zero(only_part_file(data / "uploads").value_or("none"));
    server.process().kill9();
    ::close(fd);
  }
  ASSERT_TRUE(only_part_file(data / "uploads"));
  const auto stored = size_or_zero(*only_part_file(data / "uploads"));
  Server restarted(data, 0);
  ASSERT_TRUE(restarted.healthy());
  const auto token = login(restarted.port());
  ASSERT_FALSE(token.empty());
  const std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", "Bearer " + token},
                                                                 {"Tus-Resumable", "1.0.0"}};
  auto head = gavel::test::http(restarted.port(), "HEAD", location, auth);
  ASSERT_TRUE(head);
  ASSERT_EQ(head->status, 200);
  const std::size_t offset = std::stoull(head->headers["upload-offset"]);
  EXPECT_EQ(offset, stored);
  ASSERT_GT(offset, 0u);
  ASSERT_LE(offset, half);
  auto rest_headers = auth;
  rest_headers.emplace_back("Upload-Offset", std::to_string(offset));
  rest_headers.emplace_back("Content-Type", "application/offset+octet-stream");
  auto rest = gavel::test::http(restarted.port(), "PATCH", location, rest_headers, payload.substr(offset));
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->status, 204) << rest->body;
  const auto original = data / "originals" / std::to_string(meeting) / "01-record.bin";
  ASSERT_TRUE(fs::exists(original));
  EXPECT_TRUE(gavel::test::read_text(original) == payload)
      << "the stored original differs from what was sent";
  expect_no_files(data / "uploads");
  restarted.process().signal(SIGTERM);
  EXPECT_EQ(restarted.process().wait(15s), 0);
}

TEST(Reliability, TwoWorkerProcessesRunEachJobOnce) {
  gavel::test::TempDir dir;
  const auto data = dir / "data";
  const auto clip = gavel::test::make_clip(dir / "short.mp4", 2, "320x240", "25");
  constexpr int kJobs = 6;
  for (int i = 0; i < kJobs; ++i) ingest(data, clip);
  Server server(data, 0);
  ASSERT_TRUE(server.healthy());
  Process a({GAVEL_BINARY, "worker", "--data", data.string(), "--workers", "1"}, dir / "worker-a.log");
  Process b({GAVEL_BINARY, "worker", "--data", data.string(), "--workers", "1"}, dir / "worker-b.log");
  auto index = gavel::index::open_sqlite(data / "gavel.db");
  ASSERT_TRUE(index);
  ASSERT_TRUE(gavel::test::eventually(
      [&] {
        for (int m = 1; m <= kJobs; ++m) {
          auto j = latest_job(**index, m);
          if (!j || (j->state != "done" && j->state != "failed")) return false;
        }
        return true;
      },
      60s));
  for (int m = 1; m <= kJobs; ++m) {
    auto j = latest_job(**index, m);
    ASSERT_TRUE(j);
    EXPECT_EQ(j->state, "done") << "meeting " << m << ": " << j->message.value_or("");
    EXPECT_EQ(j->attempts, 1) << "meeting " << m;
    auto meeting = (*index)->archive().meeting(m);
    ASSERT_TRUE(meeting && *meeting);
    EXPECT_EQ((*meeting)->status, "ready");
    expect_complete_tree(data / "media" / std::to_string(m));
  }
  // Both processes took part (the queue is shared, not owned by the first).
  const std::string log_a = gavel::test::read_text(dir / "worker-a.log");
  const std::string log_b = gavel::test::read_text(dir / "worker-b.log");
  EXPECT_NE(log_a.find("is ready"), std::string::npos) << log_a;
  EXPECT_NE(log_b.find("is ready"), std::string::npos) << log_b;
  for (auto* p : {&a, &b, &server.process()}) {
    p->signal(SIGTERM);
    EXPECT_EQ(p->wait(15s), 0);
  }
}

// Unmounts on every way out of the test.
struct Mount {
  fs::path dir;
  bool mounted = false;
  ~Mount() {
    if (mounted) ::umount2(dir.c_str(), MNT_DETACH);
  }
};

TEST(Reliability, ADiskFullDuringTranscodeFailsTheJobAndKeepsTheRest) {
  gavel::test::TempDir dir;
  const auto data = dir / "data";
  const auto clip = gavel::test::make_clip(dir / "big.mp4", 10, "1280x720", "25");
  ingest(data, clip);
  Mount media{data / "media"};
  fs::create_directories(media.dir);
  if (::mount("tmpfs", media.dir.c_str(), "tmpfs", 0, "size=2m") != 0)
    GTEST_SKIP() << "mount -t tmpfs is not permitted here: " << std::strerror(errno);
  media.mounted = true;
  Server server(data, 1);
  ASSERT_TRUE(server.healthy());
  auto index = gavel::index::open_sqlite(data / "gavel.db");
  ASSERT_TRUE(index);
  std::optional<gavel::index::Job> job;
  ASSERT_TRUE(gavel::test::eventually(
      [&] {
        job = latest_job(**index, 1);
        return job && (job->state == "done" || job->state == "failed");
      },
      45s));
  EXPECT_EQ(job->state, "failed");
  EXPECT_NE(job->message.value_or("").find("disk full"), std::string::npos) << job->message.value_or("");
  auto meeting = (*index)->archive().meeting(1);
  ASSERT_TRUE(meeting && *meeting);
  EXPECT_EQ((*meeting)->status, "failed");
  EXPECT_NE((*meeting)->error.value_or("").find("disk full"), std::string::npos);
  EXPECT_EQ(gavel::test::read_text(data / "originals" / "1" / "01-big.mp4"), gavel::test::read_text(clip));
  EXPECT_EQ(integrity_check(data / "gavel.db"), "ok");
  auto health = gavel::test::http(server.port(), "GET", "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  server.process().signal(SIGTERM);
  EXPECT_EQ(server.process().wait(15s), 0);
}

TEST(Reliability, SigtermUnderLoadCompletesInFlightResponses) {
  gavel::test::TempDir dir;
  const auto data = dir / "data";
  const auto clip = gavel::test::make_clip(dir / "clip.mp4", 6, "320x240", "25");
  std::string out;
  ASSERT_EQ(gavel::test::run_command(ingest_command(data, clip, "--wait"), &out), 0) << out;
  std::vector<std::string> targets;
  for (const auto& e : fs::recursive_directory_iterator(data / "media" / "1"))
    if (e.is_regular_file())
      targets.push_back("/media/1/" + fs::relative(e.path(), data / "media" / "1").generic_string());
  ASSERT_GT(targets.size(), 4u);

  Server server(data, 1);
  ASSERT_TRUE(server.healthy());
  std::atomic<bool> stop{false};
  std::atomic<int> complete{0}, truncated{0}, refused{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c)
    clients.emplace_back([&, c] {
      for (std::size_t i = static_cast<std::size_t>(c); !stop; ++i) {
        const auto& target = targets[i % targets.size()];
        auto r = gavel::test::http(server.port(), "GET", target);
        if (!r) {
          ++refused;  // after the listener closed: expected
          continue;
        }
        if (r->status == 200 && r->complete)
          ++complete;
        else if (r->status == 200 || r->status == 206)
          ++truncated;
        else if (r->status != 503)
          ++truncated;
      }
    });
  ASSERT_TRUE(gavel::test::eventually([&] { return complete > 50; }, 20s));
  server.process().signal(SIGTERM);
  const auto code = server.process().wait(15s);  // drain timeout is 10 s
  stop = true;
  for (auto& t : clients) t.join();
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 0);
  EXPECT_EQ(truncated, 0) << complete << " complete, " << refused << " refused";
  EXPECT_EQ(integrity_check(data / "gavel.db"), "ok");
}

}  // namespace
