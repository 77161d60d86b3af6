#pragma once
// Request -> response, with no socket in sight: every route is testable by
// calling handle() directly. Runs on the handler pool, where blocking on
// SQLite or the file system is allowed.

#include "beast.hpp"

#include <boost/url/params_view.hpp>
#include "gavel/index/index.hpp"
#include "gavel/worker/data_dir.hpp"

#include <filesystem>

namespace gavel::server {

class Router {
 public:
  Router(index::Index& index, worker::DataDir data, std::filesystem::path web_root);

  http::message_generator handle(const Request& req);

 private:
  http::message_generator route(const Request& req, std::string_view path,
                                const boost::urls::params_view& query);
  http::message_generator list_meetings(const Request& req, const boost::urls::params_view& query);
  http::message_generator get_meeting(const Request& req, std::string_view id_text);
  http::message_generator media(const Request& req, std::string_view rest);
  http::message_generator web_file(const Request& req, std::string_view name);

  index::Index& index_;
  const worker::DataDir data_;
  const std::filesystem::path web_root_;
};

}  // namespace gavel::server
