#include "podcast_audio.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <map>
#include <mutex>

#include "gavel/transcode/audio_export.hpp"
#include "made_from.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;

// Hours of audio take about a second; a wait this long means the disk is in trouble.
constexpr auto kWaitForOthers = std::chrono::seconds(30);

fs::path rendition_dir(const worker::DataDir& data, std::int64_t meeting) {
  return data.media(meeting) / "audio";
}
fs::path output_file(const worker::DataDir& data, std::int64_t meeting) {
  return data.media(meeting) / "podcast.m4a";
}

// Exports running now, by output file: a second request for the same
// meeting waits for the first instead of exporting again beside it.
class InFlight {
 public:
  using Outcome = std::shared_future<Result<void>>;
  // The running export's outcome, or nothing when the caller is to run it
  // (and must call done()).
  std::optional<Outcome> join_or_claim(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (auto it = running_.find(key); it != running_.end()) return it->second.outcome;
    auto& entry = running_[key];
    entry.outcome = entry.promise.get_future().share();
    return std::nullopt;
  }
  void done(const std::string& key, Result<void> outcome) {
    std::lock_guard lock(mutex_);
    auto it = running_.find(key);
    it->second.promise.set_value(std::move(outcome));
    running_.erase(it);
  }

 private:
  struct Entry {
    std::promise<Result<void>> promise;
    Outcome outcome;
  };
  std::mutex mutex_;  // guards running_
  std::map<std::string, Entry> running_;
};

InFlight& in_flight() {
  static InFlight instance;
  return instance;
}

std::string body_label(const std::string& body) {
  if (body == "plenary") return "본회의";
  if (body == "standing") return "상임위원회";
  if (body == "special") return "특별위원회";
  return body;
}

Result<void> make(const index::Meeting& m, const worker::DataDir& data) {
  const auto out = output_file(data, m.id);
  // Hidden and unservable (media names never start with a dot) until renamed.
  const auto partial = out.parent_path() / fmt::format(".podcast.{}.part", ::getpid());
  transcode::AudioTags tags{m.fields.title, m.fields.committee.value_or(body_label(m.fields.body)),
                            m.fields.committee.value_or(body_label(m.fields.body)),
                            m.fields.date.value_or("")};
  const auto started = std::chrono::steady_clock::now();
  if (auto r = transcode::export_audio_m4a(rendition_dir(data, m.id), partial, tags); !r) {
    if (r.error().code == Errc::not_ready || r.error().code == Errc::not_found)
      return make_error(Errc::not_found, "this meeting's audio is not ready",
                        "이 회의의 음성이 아직 준비되지 않았습니다");
    return make_error(Errc::export_failed, fmt::format("meeting {}: {}", m.id, r.error().message));
  }
  std::error_code ec;
  fs::rename(partial, out, ec);
  if (ec) {
    fs::remove(partial, ec);
    return make_error(Errc::write_failed, fmt::format("cannot place {}: {}", out.string(), ec.message()));
  }
  spdlog::info(
      "meeting {}: podcast audio made in {} ms", m.id,
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
          .count());
  return {};
}

}  // namespace

bool has_podcast_source(const worker::DataDir& data, std::int64_t meeting) {
  std::error_code ec;
  return fs::is_regular_file(rendition_dir(data, meeting) / "index.m3u8", ec);
}

std::optional<std::uint64_t> podcast_audio_size(const worker::DataDir& data, std::int64_t meeting) {
  std::error_code ec;
  const auto size = fs::file_size(output_file(data, meeting), ec);
  if (ec) return std::nullopt;
  return size;
}

Result<fs::path> podcast_audio(index::Archive& archive, const worker::DataDir& data, std::int64_t meeting) {
  auto m = archive.meeting(meeting);
  if (!m) return m.error();
  if (!*m) return make_error(Errc::not_found, "no such meeting", "그런 회의가 없습니다");
  if ((*m)->status != "ready" || !has_podcast_source(data, meeting))
    return make_error(Errc::not_found, "this meeting has no audio to download yet",
                      "이 회의에는 아직 내려받을 음성이 없습니다");
  const auto out = output_file(data, meeting);
  if (is_fresh(out, rendition_dir(data, meeting) / "index.m3u8")) return out;

  const std::string key = out.string();
  if (auto running = in_flight().join_or_claim(key)) {
    if (running->wait_for(kWaitForOthers) != std::future_status::ready)
      return make_error(Errc::busy, "the audio file is still being made; try again shortly",
                        "음성 파일을 만드는 중입니다. 잠시 뒤에 다시 시도해 주세요");
    if (const auto& outcome = running->get(); !outcome) return outcome.error();
    return out;
  }
  Result<void> outcome = make_error(Errc::internal, "the export stopped");
  try {
    outcome = make(**m, data);
  } catch (...) {
    in_flight().done(key, outcome);
    throw;
  }
  in_flight().done(key, outcome);
  if (!outcome) return outcome.error();
  return out;
}

}  // namespace gavel::server
