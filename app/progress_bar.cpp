#include "progress_bar.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace gavel::app {

void draw_progress(const transcode::Progress& p) {
  const double fraction = p.duration > 0 ? std::clamp(p.position / p.duration, 0.0, 1.0) : 0;
  const int width = 30;
  const int filled = static_cast<int>(fraction * width);
  const std::string bar = std::string(filled, '#') + std::string(width - filled, '-');
  const long eta = static_cast<long>(p.eta);
  const std::string line = fmt::format("[{}] {:5.1f}%  {:.2f}x real time  {}:{:02} left", bar, fraction * 100,
                                       p.speed, eta / 60, eta % 60);
  // On a terminal the bar redraws in place; in a log, one line each.
  if (isatty(STDERR_FILENO))
    fmt::print(stderr, "\r{}", line);
  else
    fmt::print(stderr, "{}\n", line);
  std::fflush(stderr);
}

void end_progress() {
  if (isatty(STDERR_FILENO)) fmt::print(stderr, "\n");
}

}  // namespace gavel::app
