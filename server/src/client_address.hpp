#pragma once
// Who a request really comes from. Behind a reverse proxy every connection
// is the proxy's, so the login throttle would count every citizen and
// clerk as one address (and anyone could lock everyone out). A proxy we
// trust says who its client was in X-Forwarded-For; nobody else is
// believed.

#include <string>
#include <string_view>
#include <vector>

#include "beast.hpp"

namespace gavel::server {

// `peer` is the connection's address. When it is loopback or one of
// `trusted` (exact addresses), the client is the rightmost address of
// X-Forwarded-For that is not itself trusted (proxies append, so the
// left part is whatever the client claimed); otherwise it is `peer`.
// 127.0.0.1, ::1 or the IPv4-mapped 127.0.0.1: a proxy on this machine.
bool is_loopback(std::string_view address);

std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted);

}  // namespace gavel::server
