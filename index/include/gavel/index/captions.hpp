#pragma once
// Caption files: WebVTT and SRT in (BOM, CRLF, cue settings and styling
// tags tolerated), clean WebVTT out.

#include <string>
#include <string_view>
#include <vector>

#include "gavel/index/records.hpp"
#include "gavel/result.hpp"

namespace gavel::index {

// Plain-text cues, tags and entities resolved, lines joined by '\n'.
// Fails with the line number of the first malformed timing.
Result<std::vector<CaptionCue>> parse_captions(std::string_view text);

std::string to_webvtt(const std::vector<CaptionCue>& cues);

// Two or three letters, lower case (ISO 639-1/2), e.g. "ko", "en", "kor".
bool is_valid_language(std::string_view lang);

}  // namespace gavel::index
