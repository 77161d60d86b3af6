// GET /api/v1/jobs/{id}: a transcode's state and progress, for clerks.
#include <variant>

#include "api_meetings.hpp"
#include "media_files.hpp"
#include "responses.hpp"
#include "route_support.hpp"
#include "routes.hpp"

namespace gavel::server {

Reply jobs_routes(Services& s, const Request& req, std::string_view rest) {
  if (req.method() != http::verb::get && req.method() != http::verb::head)
    return method_not_allowed(req, "GET");
  auto caller = authenticate(s.accounts, req);
  if (!caller) return error_response(req, Errc::unauthorized, kLogInFirst);
  const Text no_such_job("no such job", "그런 변환 작업이 없습니다");
  auto id = parse_id(rest);
  if (!id) return error_response(req, Errc::not_found, no_such_job);
  auto job = s.jobs.job(*id);
  if (!job) return from_error(req, job.error());
  if (!*job) return error_response(req, Errc::not_found, no_such_job);
  return json_response(req, http::status::ok, job_json(**job, request_language(req)));
}

}  // namespace gavel::server
