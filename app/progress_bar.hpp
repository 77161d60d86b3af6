#pragma once
// A one-line progress bar on stderr for `transcode` and `ingest --wait`.

#include "gavel/transcode/options.hpp"

namespace gavel::app {

void draw_progress(const transcode::Progress& p);
void end_progress();

}  // namespace gavel::app
