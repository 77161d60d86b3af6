// The untrusted text the server turns into file names and numbers: tus
// Upload-Metadata (filename, meeting) and the /media/{id}/{name} checks.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gavel/worker/file_names.hpp"
#include "media_files.hpp"
#include "tus_metadata.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::string_view key : {"filename", "meeting", "filetype"}) {
    auto v = gavel::server::metadata_value(text, key);
    if (!v) continue;
    const std::string safe = gavel::worker::safe_filename(*v);
    // What lands on disk is one path component, never a way out.
    if (safe.find('/') != std::string::npos || safe == "." || safe == ".." ||
        safe.find('\0') != std::string::npos)
      std::abort();
  }
  if (gavel::server::is_safe_name(text)) {
    if (text.find('/') != std::string_view::npos || text.find("..") != std::string_view::npos ||
        text[0] == '.')
      std::abort();
  }
  if (auto id = gavel::server::parse_id(text)) {
    if (*id <= 0 || std::to_string(*id) != text) std::abort();
  }
  return 0;
}
