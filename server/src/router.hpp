#pragma once
// Request -> response, with no socket in sight: every route is testable by
// calling handle() directly. Runs on the handler pool, where blocking on
// SQLite or the file system is allowed.

#include "beast.hpp"
#include "file_reply.hpp"
#include "services.hpp"

namespace gavel::server {

class Router {
 public:
  Router(index::Index& index, worker::DataDir data, std::filesystem::path web_root, UploadLimits limits = {});
  Services& services() { return services_; }

  Reply handle(const Request& req, const RequestContext& ctx = {});
  // Media already known to be cheap to serve, answered without leaving the
  // io thread; nothing means "use handle() on the handler pool".
  std::optional<Reply> handle_nonblocking(const Request& req);

 private:
  Reply route(const Request& req, const RequestContext& ctx, std::string_view path,
                                const boost::urls::params_view& query);

  Services services_;
};

}  // namespace gavel::server
