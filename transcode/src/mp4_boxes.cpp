#include "mp4_boxes.hpp"

#include <fmt/format.h>

#include <array>
#include <limits>

namespace gavel::transcode {
namespace {

std::uint64_t read_be(std::string_view b, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

void put_be(std::string& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// Boxes whose payload is nothing but boxes, on the path from moov to the
// chunk offset tables.
bool is_container(std::string_view type) {
  static constexpr std::array<std::string_view, 5> kPath{"moov", "trak", "mdia", "minf", "stbl"};
  for (auto t : kPath)
    if (t == type) return true;
  return false;
}

struct Header {
  std::uint64_t size;  // whole box
  std::size_t length;  // of the header itself: 8, or 16 with a 64-bit size
};

Result<Header> header_of(std::string_view b) {
  if (b.size() < 8) return make_error(Errc::bad_input, "a truncated MP4 box");
  std::uint64_t size = read_be(b, 0, 4);
  std::size_t length = 8;
  if (size == 1) {
    if (b.size() < 16) return make_error(Errc::bad_input, "a truncated MP4 box");
    size = read_be(b, 8, 8);
    length = 16;
  } else if (size == 0) {
    size = b.size();  // extends to the end
  }
  if (size < length || size > b.size()) return make_error(Errc::bad_input, "an MP4 box overruns its parent");
  return Header{size, length};
}

void put_header(std::string& out, std::string_view type, std::uint64_t payload) {
  const std::uint64_t small = payload + 8;
  if (small <= std::numeric_limits<std::uint32_t>::max()) {
    put_be(out, small, 4);
    out.append(type);
  } else {
    put_be(out, 1, 4);
    out.append(type);
    put_be(out, payload + 16, 8);
  }
}

Result<void> shift_table(std::string_view type, std::string_view payload, std::uint64_t shift,
                         std::string& out) {
  // version and flags (4), entry count (4), then the entries.
  if (payload.size() < 8) return make_error(Errc::bad_input, fmt::format("a truncated {} box", type));
  const std::uint64_t count = read_be(payload, 4, 4);
  const int width = type == "co64" ? 8 : 4;
  if (payload.size() < 8 + count * width)
    return make_error(Errc::bad_input, fmt::format("a truncated {} box", type));
  bool widen = false;
  for (std::uint64_t i = 0; i < count && width == 4; ++i)
    widen |= read_be(payload, 8 + i * 4, 4) + shift > std::numeric_limits<std::uint32_t>::max();
  const int out_width = widen ? 8 : width;
  put_header(out, out_width == 8 ? "co64" : "stco", 8 + count * out_width);
  out.append(payload.substr(0, 8));
  for (std::uint64_t i = 0; i < count; ++i)
    put_be(out, read_be(payload, 8 + i * width, width) + shift, out_width);
  return {};
}

Result<void> rewrite(std::string_view box, std::uint64_t shift, std::string& out) {
  auto h = header_of(box);
  if (!h) return h.error();
  const auto type = box.substr(4, 4);
  const auto payload = box.substr(h->length, h->size - h->length);
  if (type == "stco" || type == "co64") return shift_table(type, payload, shift, out);
  if (!is_container(type)) {
    out.append(box.substr(0, h->size));
    return {};
  }
  std::string children;
  for (std::string_view rest = payload; !rest.empty();) {
    auto child = header_of(rest);
    if (!child) return child.error();
    if (auto r = rewrite(rest.substr(0, child->size), shift, children); !r) return r;
    rest.remove_prefix(child->size);
  }
  put_header(out, type, children.size());
  out += children;
  return {};
}

}  // namespace

std::uint64_t box_size(std::string_view bytes) {
  auto h = header_of(bytes);
  return h ? h->size : 0;
}

std::string_view box_type(std::string_view bytes) {
  return bytes.size() < 8 ? std::string_view() : bytes.substr(4, 4);
}

Result<std::string> shift_chunk_offsets(std::string_view moov, std::uint64_t shift) {
  if (box_type(moov) != "moov") return make_error(Errc::bad_input, "not a moov box");
  std::string out;
  out.reserve(moov.size());
  if (auto r = rewrite(moov, shift, out); !r) return r.error();
  return out;
}

Result<std::string> moov_for_front(std::string_view moov) {
  // Widening a table only ever grows the box, so this settles in a pass or two.
  std::uint64_t shift = moov.size();
  for (int pass = 0; pass < 4; ++pass) {
    auto shifted = shift_chunk_offsets(moov, shift);
    if (!shifted) return shifted.error();
    if (shifted->size() == shift) return shifted;
    shift = shifted->size();
  }
  return make_error(Errc::bad_input, "the moov box size does not settle");
}

}  // namespace gavel::transcode
