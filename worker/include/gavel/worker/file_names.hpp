#pragma once
// Names for files clerks deliver, as they are kept under DATA/originals/.

#include <string>

namespace gavel::worker {

// A delivered file's name as one path component a clerk can still read
// ("제290회 본회의.mp4" -> "제290회_본회의.mp4"): ASCII letters, digits and
// . - _ and any other well-formed, visible UTF-8 character; the rest
// (separators, spaces, controls, broken bytes) become '_'. At most 100
// bytes, cut between characters.
std::string safe_filename(const std::string& name);

}  // namespace gavel::worker
