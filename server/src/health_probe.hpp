#pragma once
// One GET /healthz against a running server, the way a client would reach
// it (plain HTTP or TLS): `gavel serve --check` proves a start end to end.

#include <chrono>
#include <string>

#include "beast.hpp"
#include "gavel/result.hpp"

namespace gavel::server {

// Succeeds when the server at `address`:`port` answers 200 within `timeout`.
// `tls`: handshake first (the certificate is not verified: this is the
// server checking itself, not a client trusting it).
Result<void> probe_health(const asio::ip::address& address, unsigned short port, bool tls,
                          std::chrono::seconds timeout);

}  // namespace gavel::server
