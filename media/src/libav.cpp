#include "gavel/media/libav.hpp"

#include <cstdlib>

namespace gavel::media {

std::string av_error_text(int errnum) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(errnum, buf, sizeof buf);
  return buf;
}

void configure_av_logging() { av_log_set_level(std::getenv("GAVEL_AV_LOG") ? AV_LOG_INFO : AV_LOG_QUIET); }

}  // namespace gavel::media
