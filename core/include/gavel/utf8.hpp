#pragma once
// Decoding UTF-8 one sequence at a time, strictly: the search tokenizer,
// XML feeds and uploaded file names all meet text from outside.

#include <cstddef>
#include <string_view>

namespace gavel {

// One decoded UTF-8 sequence. Invalid input yields valid=false, length=1,
// so a scanner always makes progress one byte at a time through garbage.
struct Utf8Char {
  char32_t codepoint;
  std::size_t length;
  bool valid;
};

// Decodes the sequence starting at `pos` (callers keep pos < text.size();
// out-of-range pos returns length 0 rather than reading memory).
// Rejects overlong forms, surrogates, values > U+10FFFF and sequences cut off
// by the end of `text`; never reads past text.size().
inline Utf8Char decode_utf8(std::string_view text, std::size_t pos) noexcept {
  constexpr Utf8Char kInvalid{0xFFFD, 1, false};
  if (pos >= text.size()) return {0, 0, false};  // contract violation; never touch the bytes
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {lead, 1, true};
  // What the lead byte promises: length, payload bits, and the smallest
  // code point that may use that length (smaller is an overlong form).
  std::size_t length = 0;
  char32_t cp = 0, min_value = 0;
  if ((lead & 0xE0) == 0xC0)
    length = 2, cp = lead & 0x1Fu, min_value = 0x80;
  else if ((lead & 0xF0) == 0xE0)
    length = 3, cp = lead & 0x0Fu, min_value = 0x800;
  else if ((lead & 0xF8) == 0xF0)
    length = 4, cp = lead & 0x07u, min_value = 0x10000;
  else
    return kInvalid;  // a stray continuation byte or 0xF8..0xFF
  if (text.size() - pos < length) return kInvalid;
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[pos + i]);
    if ((byte & 0xC0) != 0x80) return kInvalid;
    cp = (cp << 6) | (byte & 0x3Fu);
  }
  if (cp < min_value || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kInvalid;
  return {cp, length, true};
}

}  // namespace gavel
