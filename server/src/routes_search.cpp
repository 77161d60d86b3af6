// GET /api/v1/search: one search over titles, agenda, speakers, captions.
#include "gavel/index/records.hpp"
#include "responses.hpp"
#include "route_support.hpp"
#include "routes.hpp"

namespace gavel::server {
namespace {

boost::json::value optional_text(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

}  // namespace

Reply search_route(Services& s, const Request& req, const Params& query) {
  index::SearchQuery q;
  bool bad = false;
  q.text = param(query, "q").value_or("");
  if (q.text.size() > 1000)
    return error_response(req, Errc::bad_input,
                          Text("the query is longer than 1000 bytes", "검색어가 1000바이트보다 깁니다"));
  q.body = param(query, "body");
  q.committee = param(query, "committee");
  q.from = param(query, "from");
  q.to = param(query, "to");
  q.kind = param(query, "kind");
  q.page = int_param(query, "page", bad).value_or(1);
  q.per_page = int_param(query, "per_page", bad).value_or(20);
  if (bad)
    return error_response(req, Errc::bad_input,
                          Text("page and per_page are numbers", "page와 per_page는 숫자입니다"));
  if (q.body && !index::is_valid_body(*q.body))
    return error_response(
        req, Errc::bad_input,
        Text("body is plenary, standing or special",
             "body는 plenary(본회의), standing(상임위원회), special(특별위원회) 중 하나입니다"));
  if (q.kind && !index::is_valid_search_kind(*q.kind))
    return error_response(
        req, Errc::bad_input,
        Text("kind is title, agenda, speaker or caption",
             "kind는 title(제목), agenda(안건), speaker(발언자), caption(자막) 중 하나입니다"));
  for (const auto* date : {&q.from, &q.to})
    if (*date && !index::is_valid_date(**date))
      return error_response(
          req, Errc::bad_input,
          Text("from and to are dates, YYYY-MM-DD", "from과 to는 YYYY-MM-DD 형식의 날짜입니다"));

  auto results = s.search.search(q);
  if (!results) return from_error(req, results.error());
  boost::json::array hits;
  for (const auto& h : results->hits) {
    hits.push_back(
        boost::json::object{{"meeting_id", h.meeting_id},
                            {"meeting_title", h.meeting_title},
                            {"meeting_date", optional_text(h.meeting_date)},
                            {"body", h.body},
                            {"committee", optional_text(h.committee)},
                            {"kind", h.kind},
                            {"text", h.text},
                            {"snippet", h.snippet},
                            {"start", h.start},
                            {"end", h.end ? boost::json::value(*h.end) : boost::json::value(nullptr)},
                            {"url", h.url}});
  }
  return json_response(req, http::status::ok,
                       boost::json::object{{"query", q.text},
                                           {"hits", std::move(hits)},
                                           {"page", std::clamp(q.page, 1, 1000)},
                                           {"per_page", std::clamp(q.per_page, 1, 100)},
                                           {"has_more", results->has_more}});
}

}  // namespace gavel::server
