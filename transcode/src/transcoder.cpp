// The engine's entry point: checks the output folder, runs the Packager,
// and leaves nothing half-made behind when it fails.
#include "gavel/transcode/transcoder.hpp"

#include <fmt/format.h>

#include "packager.hpp"

namespace gavel::transcode {

namespace fs = std::filesystem;

Result<Summary> transcode(const std::vector<fs::path>& parts, const fs::path& out_dir, const Options& options,
                          const ProgressFn& on_progress) {
  media::configure_av_logging();
  std::error_code ec;
  const bool existed = fs::exists(out_dir, ec);
  if (existed && !fs::is_empty(out_dir, ec))
    return make_error(Errc::bad_output, fmt::format("{} is not empty", out_dir.string()),
                      fmt::format("{} 폴더가 비어 있지 않습니다", out_dir.string()));
  fs::create_directories(out_dir, ec);
  if (ec)
    return make_error(Errc::write_failed, fmt::format("cannot create {}: {}", out_dir.string(), ec.message()),
                      fmt::format("{} 폴더를 만들지 못했습니다: {}", out_dir.string(), ec.message()));

  Result<Summary> result = Packager(out_dir, options, on_progress).run(parts);
  if (!result) {
    // Nothing half-made stays behind to be mistaken for a rendition.
    for (const auto& entry : fs::directory_iterator(out_dir, ec)) fs::remove_all(entry.path(), ec);
    if (!existed) fs::remove(out_dir, ec);
  }
  return result;
}

}  // namespace gavel::transcode
