#pragma once
// tus 1.0.0 at /api/v1/uploads: core, creation, termination, checksum
// (sha1) and expiration. PATCH bodies never pass through the router whole:
// the connection streams them into the BodySink begin_upload_patch opens.

#include "beast.hpp"
#include "body_sink.hpp"
#include "services.hpp"

namespace gavel::server {

Reply uploads_routes(Services& s, const Request& req, std::string_view rest);

// A PATCH of one upload: its body is appended as it arrives.
bool is_upload_patch(const RequestHeader& header);
// Checks a PATCH's headers, session and offset and opens the upload for
// append; or the refusal to send. Blocks (disk, SQLite): on the handler pool.
StreamStart begin_upload_patch(Services& s, const RequestHeader& header);

}  // namespace gavel::server
