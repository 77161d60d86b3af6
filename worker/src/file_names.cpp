#include "gavel/worker/file_names.hpp"

#include <cctype>
#include <filesystem>
#include <string_view>

#include "gavel/utf8.hpp"

namespace gavel::worker {
namespace {

// Characters that would hide or reorder a name when a clerk reads it:
// C1 controls, zero-width and bidirectional marks, the byte-order mark.
bool is_invisible(char32_t c) {
  return (c >= 0x80 && c <= 0x9F) || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF;
}

}  // namespace

std::string safe_filename(const std::string& name) {
  constexpr std::size_t kMaxBytes = 100;
  const std::string base = std::filesystem::path(name).filename().string();
  std::string out;
  for (std::size_t pos = 0; pos < base.size();) {
    const auto c = decode_utf8(base, pos);
    const bool ascii_ok = c.valid && c.codepoint < 0x80 &&
                          (std::isalnum(static_cast<int>(c.codepoint)) || c.codepoint == '.' ||
                           c.codepoint == '-' || c.codepoint == '_');
    const bool unicode_ok = c.valid && c.codepoint >= 0x80 && !is_invisible(c.codepoint);
    const std::string_view piece =
        ascii_ok || unicode_ok ? std::string_view(base).substr(pos, c.length) : "_";
    if (out.size() + piece.size() > kMaxBytes) break;
    out += piece;
    pos += c.length;
  }
  if (out.empty() || out.front() == '.') out = "recording" + out;
  return out;
}

}  // namespace gavel::worker
