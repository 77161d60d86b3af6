// Programme importer (JSON and CSV): any bytes parse or fail as a value; a
// parsed programme exports to JSON and CSV that import again.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gavel/index/programme_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // First byte picks whether a recording duration is known.
  const std::optional<double> duration = data[0] & 1 ? std::optional<double>(3600.0) : std::nullopt;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)gavel::index::parse_time(text);
  (void)gavel::index::parse_agenda_items(text, duration);
  (void)gavel::index::parse_speaker_segments(text, duration);
  auto p = gavel::index::parse_programme(text, duration);
  if (!p) return 0;
  const std::string json = gavel::index::programme_to_json(*p);
  if (auto again = gavel::index::parse_programme_json(json, duration); !again) {
    std::fprintf(stderr, "exported JSON does not import: %s\n%s\n", again.error().message.c_str(),
                 json.c_str());
    std::abort();
  }
  const std::string csv = gavel::index::programme_to_csv(*p);
  if (auto again = gavel::index::parse_programme_csv(csv, duration); !again) {
    std::fprintf(stderr, "exported CSV does not import: %s\n%s\n", again.error().message.c_str(),
                 csv.c_str());
    std::abort();
  }
  return 0;
}
