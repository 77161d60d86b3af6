#pragma once
// Maps /media/{id}/{rendition}/{file} to a file in the data dir. The
// folder comes from the meeting id looked up in the index; the URL's
// remaining text is only ever checked against a strict name pattern,
// never used to build a path as given.

#include "gavel/index/index.hpp"
#include "gavel/result.hpp"
#include "gavel/worker/data_dir.hpp"

#include <filesystem>
#include <string_view>

namespace gavel::server {

struct MediaFile {
  std::filesystem::path path;
  bool still_growing = false;  // the meeting is still being packaged
};

// Fails with "bad_path" (400) or "not_found" (404).
Result<MediaFile> resolve_media(index::Index& index, const worker::DataDir& data,
                                std::string_view id_text, std::string_view rest);

// True for a non-empty name of [A-Za-z0-9_-] and inner dots, not starting with a dot.
bool is_safe_name(std::string_view name);

// Parses a positive decimal id without sign, spaces or leading zeros.
std::optional<std::int64_t> parse_id(std::string_view text);

}  // namespace gavel::server
