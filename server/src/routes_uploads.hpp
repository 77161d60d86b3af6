#pragma once
// tus 1.0.0 at /api/v1/uploads: core, creation, termination, checksum
// (sha1) and expiration. PATCH bodies never pass through the router whole:
// the connection streams them into an UploadAppend (see HttpSession).

#include "beast.hpp"
#include "services.hpp"
#include "upload_store.hpp"

#include <variant>

namespace gavel::server {

using RequestHeader = http::request_header<>;

http::message_generator uploads_routes(Services& s, const Request& req, std::string_view rest);

// Checks a PATCH's headers and session, and opens the upload for append;
// or the response to send (the body is then drained unread).
std::variant<UploadAppend, http::message_generator> begin_upload_patch(Services& s, const RequestHeader& header,
                                                                        std::uint64_t& max_body);
http::message_generator finish_upload_patch(Services& s, const RequestHeader& header, UploadAppend append,
                                            bool body_complete);
http::message_generator failed_upload_patch(Services& s, const RequestHeader& header, const Error& e);

bool is_upload_patch(const RequestHeader& header);

}  // namespace gavel::server
