#include "gavel/worker/captions.hpp"

#include "gavel/index/captions.hpp"
#include "gavel/transcode/subtitles.hpp"

namespace gavel::worker {
namespace {

std::string language_name(const std::string& code) {
  if (code == "ko" || code == "kor") return "한국어";
  if (code == "en" || code == "eng") return "English";
  if (code == "ja" || code == "jpn") return "日本語";
  if (code == "zh" || code == "zho") return "中文";
  return code;
}

}  // namespace

Result<void> publish_captions(index::Archive& archive, index::CaptionStore& captions, const DataDir& data,
                              std::int64_t meeting) {
  auto m = archive.meeting(meeting);
  if (!m) return m.error();
  if (!*m) return make_error(Errc::not_found, "no such meeting", "그런 회의가 없습니다");
  auto languages = captions.caption_languages(meeting);
  if (!languages) return languages.error();
  std::vector<transcode::SubtitleTrack> tracks;
  double last_cue = 0;
  for (const auto& lang : *languages) {
    auto cues = captions.captions(meeting, lang);
    if (!cues) return cues.error();
    for (const auto& c : *cues) last_cue = std::max(last_cue, c.end);
    tracks.push_back({lang, language_name(lang), index::to_webvtt(*cues)});
  }
  return transcode::publish_subtitles(data.media(meeting), tracks, (*m)->duration.value_or(last_cue));
}

}  // namespace gavel::worker
