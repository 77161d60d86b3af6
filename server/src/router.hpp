#pragma once
// Request -> response, with no socket in sight: every route is testable by
// calling handle() directly. Runs on the handler pool, where blocking on
// SQLite or the file system is allowed.

#include "beast.hpp"
#include "body_sink.hpp"
#include "file_reply.hpp"
#include "services.hpp"

namespace gavel::server {

class Router {
 public:
  Router(index::Store& store, worker::DataDir data, std::filesystem::path web_root, UploadLimits limits = {});
  Services& services() { return services_; }

  Reply handle(const Request& req, const RequestContext& ctx = {});
  // Media already known to be cheap to serve, answered without leaving the
  // io thread; nothing means "use handle() on the handler pool".
  std::optional<Reply> handle_nonblocking(const Request& req);

  // Requests whose body is streamed to a BodySink instead of read whole
  // (a tus PATCH; live ingest later). On the io thread, never blocking:
  // whether `header`'s body is one of them.
  bool streams_body(const RequestHeader& header) const;
  // On the handler pool, for a header streams_body() accepted: the sink to
  // feed (body_sink.hpp says which thread calls what), or the answer to
  // send instead.
  StreamStart stream_for(const RequestHeader& header, const RequestContext& ctx);

 private:
  Reply route(const Request& req, const RequestContext& ctx, std::string_view path,
              const boost::urls::params_view& query);

  Services services_;
};

}  // namespace gavel::server
