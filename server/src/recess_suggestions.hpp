#pragma once
// Recesses the packager suggests (DATA/media/{id}/suggestions.json, written
// with the HLS tree): long silence or a still picture, for a clerk to accept.

#include "gavel/worker/data_dir.hpp"

#include <boost/json/array.hpp>

#include <cstdint>

namespace gavel::server {

// [{start, end, kind}], empty when the meeting has none or was packaged
// before suggestions were made. Reads a small file: call it off the io threads.
boost::json::array suggested_recesses(const worker::DataDir& data, std::int64_t meeting);

}  // namespace gavel::server
