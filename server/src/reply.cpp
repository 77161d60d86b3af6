#include "reply.hpp"

#include <charconv>
#include <string>

namespace gavel::server {
namespace {

// "HTTP/1.1 404 Not Found": the digits after the version. Preparing the
// generator's first buffers consumes nothing: the session sends them whole.
unsigned status_line_code(http::message_generator& message) {
  beast::error_code ec;
  const auto buffers = message.prepare(ec);
  std::string start;
  for (auto b : beast::buffers_range(buffers)) {
    start.append(static_cast<const char*>(b.data()), std::min<std::size_t>(b.size(), 12 - start.size()));
    if (start.size() == 12) break;
  }
  unsigned code = 0;
  if (!ec && start.size() == 12) std::from_chars(start.data() + 9, start.data() + 12, code);
  return code;
}

}  // namespace

Reply::Reply(http::message_generator message)
    : status_(status_line_code(message)), body_(std::move(message)) {}

}  // namespace gavel::server
