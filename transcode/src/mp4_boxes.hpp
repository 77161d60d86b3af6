#pragma once
// Just enough of the ISO base media file format to move a finished MP4's
// moov box ahead of its media data: box walking and the chunk offset
// tables (stco/co64) that must follow the data when it moves.

#include <cstdint>
#include <string>
#include <string_view>

#include "gavel/result.hpp"

namespace gavel::transcode {

// The size of the box at the start of `bytes` (0 when it is not a whole,
// well-formed box header).
std::uint64_t box_size(std::string_view bytes);
// The four-character type of the box at the start of `bytes`.
std::string_view box_type(std::string_view bytes);

// `moov` with every chunk offset raised by `shift` bytes, the way it must
// read once `shift` bytes are inserted before the media data. A 32-bit
// table (stco) that would overflow becomes a 64-bit one (co64), which
// grows the boxes around it; callers that insert the result itself must
// repeat until the size settles (see moov_for_front).
Result<std::string> shift_chunk_offsets(std::string_view moov, std::uint64_t shift);

// The moov to put in front of the media data it describes: offsets raised
// by its own size.
Result<std::string> moov_for_front(std::string_view moov);

}  // namespace gavel::transcode
