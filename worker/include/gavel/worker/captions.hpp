#pragma once
// Publishes a meeting's stored captions into its HLS tree.

#include "gavel/index/archive.hpp"
#include "gavel/index/caption_store.hpp"
#include "gavel/worker/data_dir.hpp"

namespace gavel::worker {

// Writes every stored caption language as a subtitle rendition; safe to
// call before packaging (the master is patched once it exists).
Result<void> publish_captions(index::Archive& archive, index::CaptionStore& captions, const DataDir& data,
                              std::int64_t meeting);

}  // namespace gavel::worker
