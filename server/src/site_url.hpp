#pragma once
// Absolute URLs for documents read away from the site (feeds, podcast
// enclosures, exports): built from the request's Host header, with the
// scheme from X-Forwarded-Proto when a proxy terminates TLS in front.

#include <string>

#include "beast.hpp"
#include "services.hpp"

namespace gavel::server {

// "https://archive.example" (no trailing slash). A Host header that is not
// a plain host[:port] (injection attempts, none at all) gives
// "http://localhost" rather than echoing it.
std::string site_origin(const Request& req, const RequestContext& ctx);

}  // namespace gavel::server
