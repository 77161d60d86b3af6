#pragma once
// A meeting's captions, one list of cues per language. An interface (see
// archive.hpp); thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "gavel/index/records.hpp"
#include "gavel/result.hpp"

namespace gavel::index {

class CaptionStore {
 public:
  virtual ~CaptionStore() = default;
  // Captions of one language: replaced whole.
  virtual Result<void> replace_captions(std::int64_t meeting, const std::string& lang,
                                        const std::vector<CaptionCue>& cues) = 0;
  virtual Result<std::vector<CaptionCue>> captions(std::int64_t meeting, const std::string& lang) = 0;
  virtual Result<std::vector<std::string>> caption_languages(std::int64_t meeting) = 0;
};

}  // namespace gavel::index
