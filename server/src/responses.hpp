#pragma once
// Building responses: JSON bodies, the API's error shape, files.

#include <boost/json/value.hpp>
#include <filesystem>
#include <string_view>

#include "beast.hpp"
#include "gavel/errc.hpp"
#include "gavel/text.hpp"
#include "reply.hpp"

namespace gavel::server {

Reply json_response(const Request& req, http::status status, const boost::json::value& body);
// The one mapping from what went wrong to the HTTP status that says it
// (everything not a client's mistake, a full disk or a busy server is 500).
http::status http_status(Errc code);
// {"error": {"code": ..., "message": ...}} with the code's status: the
// message in the language the request asks for (Accept-Language; Korean
// by default).
Reply error_response(const Request& req, Errc code, const Text& message);
// The same as messages, for a caller that adds headers.
http::response<http::string_body> error_message(const Request& req, Errc code, const Text& message);
Language request_language(const Request& req);
http::response<http::string_body> text_message(const Request& req, http::status status,
                                               std::string_view content_type, std::string body);
Reply text_response(const Request& req, http::status status, std::string_view content_type, std::string body);
std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace gavel::server
