#pragma once
// A request body taken as it arrives instead of whole: the connection reads
// it in chunks (256 KB) and hands each to a sink, which alone knows what the
// body means (a tus PATCH appends to an upload; live ingest will feed a
// packager). Memory stays flat whatever the body's size, and the
// connection knows no protocol beyond HTTP framing.
//
// Threading. A sink is made on the handler pool (Router::stream_for), and
// write(), finish() and fail() run there too (they may block on the disk or
// SQLite), one call at a time, in order:
//   write()* then exactly one of finish() or fail(),
// after which the sink is destroyed, still on the pool (a server stopping
// mid-body destroys it with the connection instead). The connection
// moves the sink and the chunk into the pool task that calls it and has
// neither while the call runs (it reads nothing from the socket meanwhile),
// so a sink needs no lock for its own state. Only body_limit(), constant,
// is read on the io thread. A sink never touches the connection: bytes come
// in, a Reply goes out.

#include <cstdint>
#include <memory>
#include <string_view>
#include <variant>

#include "beast.hpp"
#include "gavel/result.hpp"
#include "reply.hpp"

namespace gavel::server {

using RequestHeader = http::request_header<>;

class BodySink {
 public:
  virtual ~BodySink() = default;

  // The most body bytes this request may carry; constant for the sink's
  // life, read on the io thread. A declared Content-Length above it, or a
  // chunked body that passes it, ends the body with fail("too_large").
  virtual std::uint64_t body_limit() const = 0;

  // The body's next bytes, in order, each chunk non-empty. An error ends
  // the body: fail() is called next, with that error.
  virtual Result<void> write(std::string_view chunk) = 0;

  // The whole body arrived: the response to send.
  virtual Reply finish() = 0;

  // The body ended early, with `why`: the sink's own write() error,
  // "too_large" (past body_limit()) or "io" (the client went away or
  // stalled mid-body). The sink keeps or undoes what arrived, as its
  // protocol says. The response is sent if the client is still there, and
  // the connection is then closed (the rest of the body is never read), so
  // it should say `Connection: close`.
  virtual Reply fail(const Error& why) = 0;
};

// What opening a streamed body gives: the sink to feed, or the answer to
// send instead (a refusal; the body is then left unread and the connection
// closed after the answer).
using StreamStart = std::variant<std::unique_ptr<BodySink>, Reply>;

}  // namespace gavel::server
