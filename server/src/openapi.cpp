// GET /api/v1/openapi.json: OpenAPI 3.0 for every route the router
// answers. tests/server/openapi_test.cpp sends every documented operation
// through the router, so a documented route that goes away, or a public one
// that starts asking for a session, fails there.
#include <boost/json/serialize.hpp>
#include <initializer_list>
#include <string>

#include "responses.hpp"
#include "routes.hpp"

namespace gavel::server {
namespace {

namespace json = boost::json;
using json::array;
using json::object;
using json::value;

value ref(std::string_view schema) { return object{{"$ref", "#/components/schemas/" + std::string(schema)}}; }

object type(std::string_view t, std::string_view description = {}) {
  object o{{"type", t}};
  if (!description.empty()) o["description"] = description;
  return o;
}
object nullable(std::string_view t, std::string_view description = {}) {
  object o = type(t, description);
  o["nullable"] = true;
  return o;
}
object array_of(value items) { return object{{"type", "array"}, {"items", std::move(items)}}; }
object enum_of(std::initializer_list<std::string_view> values, std::string_view description = {}) {
  array list;
  for (auto v : values) list.emplace_back(v);
  object o{{"type", "string"}, {"enum", std::move(list)}};
  if (!description.empty()) o["description"] = description;
  return o;
}
object shape(std::initializer_list<std::pair<std::string_view, value>> properties,
             std::initializer_list<std::string_view> required = {}) {
  object props;
  for (const auto& [name, schema] : properties) props[name] = schema;
  object o{{"type", "object"}, {"properties", std::move(props)}};
  if (required.size()) {
    array r;
    for (auto n : required) r.emplace_back(n);
    o["required"] = std::move(r);
  }
  return o;
}

// Every path parameter carries an example the coverage test substitutes.
object in_path(std::string_view name, std::string_view description, value example,
               std::string_view t = "string") {
  return object{{"name", name},      {"in", "path"},
                {"required", true},  {"description", description},
                {"schema", type(t)}, {"example", std::move(example)}};
}
object in_query(std::string_view name, std::string_view description, object schema, bool required = false,
                value example = nullptr) {
  object o{{"name", name},
           {"in", "query"},
           {"required", required},
           {"description", description},
           {"schema", std::move(schema)}};
  // A required parameter carries an example the coverage test sends.
  if (!example.is_null()) o["example"] = std::move(example);
  return o;
}
object in_header(std::string_view name, std::string_view description, bool required,
                 value example = nullptr) {
  object o{{"name", name},
           {"in", "header"},
           {"required", required},
           {"description", description},
           {"schema", type("string")}};
  if (!example.is_null()) o["example"] = std::move(example);
  return o;
}

object if_match(std::string_view what) {
  return in_header("If-Match",
                   std::string("the ETag of the ") + std::string(what) +
                       " as read (meeting.etags); a stale one gets 412 and nothing is written",
                   false);
}

const value& meeting_id() {
  static const value p = in_path("id", "meeting id", 1, "integer");
  return p;
}
object csrf() {
  return in_header("X-CSRF-Token",
                   "the session's csrf_token; required with the cookie, not with a bearer token", false);
}

object content(std::string_view media_type, value schema) {
  return object{{media_type, object{{"schema", std::move(schema)}}}};
}
object reply(std::string_view description, std::string_view media_type = {}, value schema = nullptr) {
  object o{{"description", description}};
  if (!media_type.empty())
    o["content"] = content(media_type, schema.is_null() ? value(type("string")) : schema);
  return o;
}
object json_reply(std::string_view description, value schema) {
  return reply(description, "application/json", schema);
}
value error_reply(std::string_view name) {
  return object{{"$ref", "#/components/responses/" + std::string(name)}};
}
object binary() { return object{{"type", "string"}, {"format", "binary"}}; }

struct Op {
  Op(std::string_view tag_, std::string_view summary_, array parameters_, object responses_,
     bool clerk_ = false, object body_ = {})
      : tag(tag_),
        summary(summary_),
        parameters(std::move(parameters_)),
        responses(std::move(responses_)),
        clerk(clerk_),
        body(std::move(body_)) {}

  std::string_view tag;
  std::string_view summary;
  array parameters;
  object responses;
  bool clerk;   // needs a clerk or admin session
  object body;  // requestBody, when any
};

object operation(Op op) {
  object o{{"tags", array{op.tag}}, {"summary", op.summary}};
  if (op.clerk) {
    op.parameters.push_back(csrf());
    op.responses["401"] = error_reply("Unauthorized");
    op.responses["403"] = error_reply("Forbidden");
  }
  if (!op.parameters.empty()) o["parameters"] = std::move(op.parameters);
  if (!op.body.empty()) o["requestBody"] = std::move(op.body);
  o["responses"] = std::move(op.responses);
  if (op.clerk) o["security"] = array{object{{"session", array{}}}, object{{"bearer", array{}}}};
  return o;
}

object json_body(value schema, std::string_view description = {}) {
  object o{{"required", true}, {"content", content("application/json", std::move(schema))}};
  if (!description.empty()) o["description"] = description;
  return o;
}

// A file under /media/{id}/: public, ranges, ETag and CORS.
object media_get(std::string_view summary, std::string_view media_type, array extra = {}) {
  array params{meeting_id()};
  for (auto& p : extra) params.push_back(p);
  params.push_back(in_header("Range", "a single byte range, e.g. bytes=0-1023", false));
  return object{{"get", operation({"media", summary, std::move(params),
                                   object{{"200", reply("the file", media_type, binary())},
                                          {"206", reply("the requested byte range", media_type, binary())},
                                          {"304", reply("not modified (If-None-Match / If-Modified-Since)")},
                                          {"404", error_reply("NotFound")},
                                          {"416", reply("range not satisfiable")}}})}};
}

object page(std::string_view summary) {
  return object{{"get", operation({"pages", summary, {}, object{{"200", reply("the page", "text/html")}}})}};
}

object schemas() {
  object s;
  s["Error"] = shape({{"error", shape({{"code", type("string", "stable, machine-readable")},
                                       {"message", type("string", "for a person")}},
                                      {"code", "message"})}},
                     {"error"});
  s["MeetingInput"] = shape({{"body", enum_of({"plenary", "standing", "special"})},
                             {"committee", nullable("string")},
                             {"session", nullable("integer", "회기 number")},
                             {"session_kind", enum_of({"regular", "extraordinary"})},
                             {"number", nullable("integer", "제N차")},
                             {"date", object{{"type", "string"}, {"format", "date"}, {"nullable", true}}},
                             {"title", type("string")}},
                            {"body", "title"});
  s["MeetingSummary"] =
      shape({{"id", type("integer")},
             {"body", enum_of({"plenary", "standing", "special"})},
             {"committee", nullable("string")},
             {"session",
              object{{"type", "object"},
                     {"nullable", true},
                     {"properties", object{{"number", nullable("integer")}, {"kind", nullable("string")}}}}},
             {"number", nullable("integer")},
             {"date", nullable("string")},
             {"title", type("string")},
             {"status", enum_of({"pending", "processing", "ready", "failed"})},
             {"error", nullable("string")},
             {"duration", nullable("number", "seconds")},
             {"created_at", type("string")},
             {"agenda_count", type("integer")},
             {"url", type("string", "the meeting's page")},
             {"playback", object{{"type", "object"},
                                 {"nullable", true},
                                 {"properties", object{{"master", type("string", "URL of master.m3u8")}}}}},
             {"poster", nullable("string")},
             {"storyboard", nullable("string")}},
            {"id", "body", "title", "status", "url"});
  s["AgendaItem"] = shape({{"no", type("integer")},
                           {"title", type("string")},
                           {"start", type("number", "seconds into the meeting")},
                           {"end", nullable("number")},
                           {"result", nullable("string", "가결, 부결, ...")},
                           {"url", type("string", "deep link, /meetings/{id}?t=SECONDS (read only)")}},
                          {"no", "title", "start"});
  s["SpeakerSegment"] = shape({{"name", type("string")},
                               {"role", nullable("string")},
                               {"start", type("number")},
                               {"end", nullable("number")}},
                              {"name", "start"});
  s["Part"] = shape({{"seq", type("integer", "playing order, from 1")},
                     {"filename", type("string", "under DATA/originals/{id}/")},
                     {"size", type("integer", "bytes")}});
  s["Recess"] = shape({{"start", type("number")}, {"end", type("number")}}, {"start", "end"});
  s["SuggestedRecess"] =
      shape({{"start",
              type("number",
                   "seconds; a caption declaring the recess (정회) just before the silence moves it there")},
             {"end", type("number")},
             {"kind", enum_of({"silence", "still", "silence+still"}, "what was measured")},
             {"declared", type("boolean", "present and true when the start is the chair's declaration")}},
            {"start", "end", "kind"});
  s["Job"] = shape({{"id", type("integer")},
                    {"meeting_id", type("integer")},
                    {"state", enum_of({"queued", "running", "done", "failed", "cancelled"})},
                    {"progress", type("number", "0..1")},
                    {"speed", type("number", "multiple of real time")},
                    {"eta", type("number", "seconds left")},
                    {"attempts", type("integer")},
                    {"message", nullable("string")}});
  object meeting{
      {"allOf",
       array{ref("MeetingSummary"),
             shape({{"parts", array_of(ref("Part"))},
                    {"etags", shape({{"details", type("string")},
                                     {"agenda", type("string")},
                                     {"speakers", type("string")},
                                     {"recesses", type("string")},
                                     {"parts", type("string")},
                                     {"programme", type("string")}})},
                    {"agenda", array_of(ref("AgendaItem"))},
                    {"speakers", array_of(ref("SpeakerSegment"))},
                    {"recesses", array_of(ref("Recess"))},
                    {"suggested_recesses", array_of(ref("SuggestedRecess"))},
                    {"captions", array_of(shape({{"lang", type("string")}, {"url", type("string")}}))},
                    {"job", object{{"nullable", true}, {"allOf", array{ref("Job")}}}}})}}};
  s["Meeting"] = std::move(meeting);
  s["MeetingList"] = shape({{"meetings", array_of(ref("MeetingSummary"))},
                            {"total", type("integer")},
                            {"page", type("integer")},
                            {"per_page", type("integer")}});
  s["Facets"] = shape({{"committees", array_of(type("string"))},
                       {"years", array_of(type("integer"))},
                       {"bodies", object{{"type", "object"},
                                         {"additionalProperties", type("integer")},
                                         {"description", "meetings per body"}}}});
  s["Programme"] = shape({{"meeting", ref("MeetingInput")},
                          {"agenda", array_of(ref("AgendaItem"))},
                          {"speakers", array_of(ref("SpeakerSegment"))},
                          {"recesses", array_of(ref("Recess"))}});
  s["SearchHit"] = shape({{"meeting_id", type("integer")},
                          {"meeting_title", type("string")},
                          {"meeting_date", nullable("string")},
                          {"body", type("string")},
                          {"committee", nullable("string")},
                          {"kind", enum_of({"title", "agenda", "speaker", "caption"})},
                          {"text", type("string")},
                          {"snippet", type("string")},
                          {"start", type("number")},
                          {"end", nullable("number")},
                          {"url", type("string", "/meetings/{id}?t=SECONDS")}});
  s["SearchResults"] = shape({{"query", type("string")},
                              {"hits", array_of(ref("SearchHit"))},
                              {"page", type("integer")},
                              {"per_page", type("integer")},
                              {"has_more", type("boolean")}});
  s["Session"] = shape({{"username", type("string")},
                        {"role", enum_of({"clerk", "admin"})},
                        {"csrf_token", type("string")},
                        {"expires", type("number", "Unix seconds")},
                        {"token", type("string", "bearer token (login only)")}});
  s["Login"] = shape({{"username", type("string")}, {"password", type("string")}}, {"username", "password"});
  s["CaptionsResult"] = shape({{"lang", type("string")}, {"cues", type("integer")}, {"url", type("string")}});
  s["ExportedMeeting"] =
      object{{"allOf", array{ref("MeetingSummary"), shape({{"updated_at", type("string")}})}}};
  return s;
}

object build() {
  object paths;
  const auto id = [] { return meeting_id(); };
  const object bad{{"$ref", "#/components/responses/BadRequest"}};
  const object missing{{"$ref", "#/components/responses/NotFound"}};
  const object stale{{"$ref", "#/components/responses/Stale"}};

  paths["/healthz"] =
      object{{"get", operation({"service",
                                "liveness",
                                {},
                                object{{"200", json_reply("alive", shape({{"status", type("string")}}))}}})}};
  paths["/metrics"] = object{{"get", operation({"service",
                                                "Prometheus metrics",
                                                {},
                                                object{{"200", reply("text format 0.0.4", "text/plain")}}})}};
  paths["/api/v1/openapi.json"] = object{
      {"get",
       operation(
           {"service", "this document", {}, object{{"200", json_reply("OpenAPI 3.0", type("object"))}}})}};

  const array list_filters{
      in_query("body", "plenary, standing or special", enum_of({"plenary", "standing", "special"})),
      in_query("committee", "committee name, exactly", type("string")),
      in_query("year", "meetings held that year", type("integer")),
      in_query("page", "from 1", type("integer")),
      in_query("per_page", "1..100, default 20", type("integer")),
      in_query("status",
               "ready or processing (public); pending, failed or all need a clerk session: failed and "
               "unfinished meetings are left out otherwise",
               enum_of({"ready", "processing", "pending", "failed", "all"}))};
  paths["/api/v1/meetings"] = object{
      {"get",
       operation({"meetings", "meetings, newest first, paged", list_filters,
                  object{{"200", json_reply("a page of meetings", ref("MeetingList"))}, {"400", bad}}})},
      {"post", operation({"meetings",
                          "create a meeting",
                          {},
                          object{{"201", json_reply("the new meeting", ref("Meeting"))},
                                 {"400", bad},
                                 {"415", error_reply("UnsupportedMediaType")}},
                          true,
                          json_body(ref("MeetingInput"))})}};
  paths["/api/v1/meetings/facets"] =
      object{{"get", operation({"meetings",
                                "committees, years and bodies the archive holds",
                                {},
                                object{{"200", json_reply("facets", ref("Facets"))}}})}};
  paths["/api/v1/meetings/{id}"] = object{
      {"get",
       operation(
           {"meetings",
            "one meeting with agenda, speakers, recesses, captions, job and the ETags of what clerks edit; "
            "a failed or unfinished meeting is 404 not_available except to clerks",
            array{id()}, object{{"200", json_reply("the meeting", ref("Meeting"))}, {"404", missing}}})},
      {"patch", operation({"meetings", "change the fields given", array{id(), if_match("details")},
                           object{{"200", json_reply("the meeting", ref("Meeting"))},
                                  {"400", bad},
                                  {"404", missing},
                                  {"412", stale}},
                           true, json_body(ref("MeetingInput"), "only the fields to change")})},
      {"delete", operation({"meetings", "delete the meeting, its media and originals", array{id()},
                            object{{"204", reply("deleted")}, {"404", missing}}, true})}};
  paths["/api/v1/meetings/{id}/programme"] = object{
      {"get",
       operation({"meetings", "agenda, speakers and recesses as a file",
                  array{id(), in_query("format", "json (default) or csv", enum_of({"json", "csv"}))},
                  object{{"200", object{{"description", "the programme"},
                                        {"content",
                                         object{{"application/json", object{{"schema", ref("Programme")}}},
                                                {"text/csv", object{{"schema", type("string")}}}}}}},
                         {"404", missing}}})},
      {"put", operation({"meetings", "replace agenda, speakers and recesses at once (JSON or CSV)",
                         array{id(), if_match("programme")},
                         object{{"200", json_reply("the meeting", ref("Meeting"))},
                                {"400", bad},
                                {"404", missing},
                                {"412", stale}},
                         true,
                         object{{"required", true},
                                {"content", object{{"application/json", object{{"schema", ref("Programme")}}},
                                                   {"text/csv", object{{"schema", type("string")}}}}}}})}};
  paths["/api/v1/meetings/{id}/clip.mp4"] = object{
      {"get",
       operation({"meetings",
                  "a span as one MP4 (moov first), cut from the packaged media without re-encoding from the "
                  "keyframe at or before start; sent while it is cut, with Content-Length and byte ranges",
                  array{id(), in_query("start", "seconds into the meeting", type("number"), true, 0),
                        in_query("end", "seconds; at most 3 hours after start", type("number"), true, 1.5),
                        in_query("quality", "tallest rendition at or below this height, default 720p",
                                 type("string"))},
                  object{{"200", reply("the clip", "video/mp4", binary())},
                         {"206", reply("a byte range of the clip", "video/mp4", binary())},
                         {"400", bad},
                         {"404", missing},
                         {"503", reply("too many clips being cut at once; see Retry-After")}}})}};
  // Each list a clerk edits, alone: read with its ETag, replaced whole.
  const auto list_ops = [&](std::string_view what, std::string_view read, std::string_view write,
                            value item) {
    return object{{"get", operation({"meetings", read, array{id()},
                                     object{{"200", json_reply("the list; its ETag header names this version",
                                                               array_of(item))},
                                            {"404", missing}}})},
                  {"put", operation({"meetings", write, array{id(), if_match(what)},
                                     object{{"200", json_reply("the meeting", ref("Meeting"))},
                                            {"400", bad},
                                            {"404", missing},
                                            {"412", stale}},
                                     true, json_body(array_of(item))})}};
  };
  paths["/api/v1/meetings/{id}/agenda"] =
      list_ops("agenda", "the agenda", "replace the agenda (nothing else)", ref("AgendaItem"));
  paths["/api/v1/meetings/{id}/speakers"] =
      list_ops("speakers", "the speaker segments", "replace the speaker segments (nothing else)",
               ref("SpeakerSegment"));
  paths["/api/v1/meetings/{id}/recesses"] =
      list_ops("recesses", "the recesses (정회)", "replace the recesses (nothing else)", ref("Recess"));
  paths["/api/v1/meetings/{id}/parts"] =
      object{{"get", operation({"meetings", "the recording parts in playing order", array{id()},
                                object{{"200", json_reply("the parts; its ETag header names this version",
                                                          array_of(ref("Part")))},
                                       {"404", missing}}})},
             {"put", operation({"meetings", "play the parts in a new order (the transcode runs again)",
                                array{id(), if_match("parts")},
                                object{{"200", json_reply("the meeting", ref("Meeting"))},
                                       {"400", bad},
                                       {"404", missing},
                                       {"412", stale}},
                                true,
                                json_body(shape({{"order", array_of(type("integer"))}}, {"order"}),
                                          "every part's number once, in the new order")})}};
  paths["/api/v1/meetings/{id}/parts/{n}"] = object{
      {"delete",
       operation(
           {"meetings",
            "remove a recording part (a broken upload) and its original; the rest play again, or "
            "the meeting waits for a recording",
            array{id(), in_path("n", "part number, from 1", 1, "integer"), if_match("parts")},
            object{{"200", json_reply("the meeting", ref("Meeting"))}, {"404", missing}, {"412", stale}},
            true})}};
  paths["/api/v1/meetings/{id}/captions"] = object{
      {"post",
       operation(
           {"meetings", "replace one language's captions; served as a subtitle rendition",
            array{id(), in_query("lang", "two- or three-letter code, default ko", type("string"))},
            object{{"200", json_reply("stored", ref("CaptionsResult"))}, {"400", bad}, {"404", missing}},
            true,
            object{{"required", true},
                   {"content", object{{"text/vtt", object{{"schema", type("string")}}},
                                      {"application/x-subrip", object{{"schema", type("string")}}}}}}})}};
  paths["/api/v1/search"] = object{
      {"get", operation({"search", "hits over titles, agenda, speakers and captions",
                         array{in_query("q", "words or \"a phrase\"", type("string")),
                               in_query("body", "plenary, standing or special",
                                        enum_of({"plenary", "standing", "special"})),
                               in_query("committee", "committee name", type("string")),
                               in_query("from", "YYYY-MM-DD", object{{"type", "string"}, {"format", "date"}}),
                               in_query("to", "YYYY-MM-DD", object{{"type", "string"}, {"format", "date"}}),
                               in_query("kind", "only this kind of hit",
                                        enum_of({"title", "agenda", "speaker", "caption"})),
                               in_query("page", "from 1", type("integer")),
                               in_query("per_page", "1..100, default 20", type("integer"))},
                         object{{"200", json_reply("hits", ref("SearchResults"))}, {"400", bad}}})}};
  paths["/api/v1/session"] =
      object{{"get", operation({"session",
                                "the session this request carries",
                                {},
                                object{{"200", json_reply("logged in", ref("Session"))}},
                                true})},
             {"post", operation({"session",
                                 "log in: sets the session cookie and returns the CSRF and bearer tokens",
                                 {},
                                 object{{"200", json_reply("logged in", ref("Session"))},
                                        {"400", bad},
                                        {"401", error_reply("Unauthorized")},
                                        {"415", error_reply("UnsupportedMediaType")},
                                        {"429", reply("too many failed logins; see Retry-After")}},
                                 false,
                                 json_body(ref("Login"))})},
             {"delete", operation({"session", "log out", {}, object{{"204", reply("logged out")}}, true})}};

  const object tus = in_header("Tus-Resumable", "tus protocol version", true, "1.0.0");
  paths["/api/v1/uploads"] = object{
      {"options", operation({"uploads",
                             "tus capabilities (versions, extensions, maximum size)",
                             {},
                             object{{"204", reply("Tus-Version, Tus-Extension, Tus-Max-Size headers")}}})},
      {"post", operation({"uploads", "create a resumable upload (tus creation)",
                          array{tus, in_header("Upload-Length", "total size in bytes", true, "1024"),
                                in_header("Upload-Metadata", "filename and meeting, base64 (tus)", false)},
                          object{{"201", reply("created; Location names the upload")},
                                 {"412", reply("Tus-Resumable missing")},
                                 {"413", reply("larger than the limit")}},
                          true})}};
  const auto upload_id = [] {
    return in_path("upload_id", "upload id from Location", "0123456789abcdef0123456789abcdef");
  };
  paths["/api/v1/uploads/{upload_id}"] = object{
      {"head", operation({"uploads", "offset of an upload", array{upload_id(), tus},
                          object{{"200", reply("Upload-Offset and Upload-Length headers")}, {"404", missing}},
                          true})},
      {"patch",
       operation(
           {"uploads", "append bytes at Upload-Offset (streamed to disk)",
            array{upload_id(), tus, in_header("Upload-Offset", "where these bytes go", true, "0"),
                  in_header("Upload-Checksum", "sha1 BASE64 of this chunk", false)},
            object{{"204", reply("appended; Upload-Offset is the new offset")},
                   {"404", missing},
                   {"409", reply("offset mismatch")},
                   {"460", reply("checksum mismatch")}},
            true,
            object{{"required", true},
                   {"content", object{{"application/offset+octet-stream", object{{"schema", binary()}}}}}}})},
      {"delete", operation({"uploads", "abandon an upload (tus termination)", array{upload_id(), tus},
                            object{{"204", reply("removed")}, {"404", missing}}, true})}};
  paths["/api/v1/jobs/{id}"] = object{
      {"get", operation({"jobs", "transcode state and progress", array{in_path("id", "job id", 1, "integer")},
                         object{{"200", json_reply("the job", ref("Job"))}, {"404", missing}}, true})}};

  const auto export_op = [](std::string_view summary, std::string_view media_type, value schema) {
    return object{{"get", operation({"open data",
                                     summary,
                                     {},
                                     object{{"200", reply("the whole archive, made on request", media_type,
                                                          std::move(schema))}}})}};
  };
  const auto csv = [](std::string_view columns) {
    return object{
        {"type", "string"},
        {"description", "RFC 4180, UTF-8 with a byte order mark; columns: " + std::string(columns)}};
  };
  paths["/api/v1/export/meetings.json"] =
      export_op("every meeting", "application/json",
                shape({{"generated_at", type("string")}, {"meetings", array_of(ref("ExportedMeeting"))}}));
  paths["/api/v1/export/meetings.csv"] = export_op(
      "every meeting", "text/csv",
      csv("id, body, committee, session, session_kind, number, date, title, status, duration, created_at, "
          "updated_at, url, master, poster"));
  paths["/api/v1/export/agenda.csv"] =
      export_op("every agenda item", "text/csv", csv("meeting_id, no, title, start, end, result, url"));
  paths["/api/v1/export/speakers.csv"] =
      export_op("every speaker segment", "text/csv", csv("meeting_id, name, role, start, end, url"));
  paths["/api/v1/export/captions.csv"] =
      export_op("every caption cue", "text/csv", csv("meeting_id, lang, start, end, text"));
  paths["/api/v1/export/archive.json"] = export_op(
      "every meeting with its agenda, speakers, recesses and captions", "application/json",
      shape({{"generated_at", type("string")},
             {"meetings",
              array_of(object{
                  {"allOf",
                   array{ref("ExportedMeeting"),
                         shape({{"agenda", array_of(ref("AgendaItem"))},
                                {"speakers", array_of(ref("SpeakerSegment"))},
                                {"recesses", array_of(ref("Recess"))},
                                {"captions", object{{"type", "object"},
                                                    {"additionalProperties",
                                                     array_of(shape({{"start", type("number")},
                                                                     {"end", type("number")},
                                                                     {"text", type("string")}}))}}}})}}})}}));

  const array feed_filters{in_query("body", "only this body", enum_of({"plenary", "standing", "special"})),
                           in_query("committee", "only this committee", type("string"))};
  paths["/feeds/meetings.atom"] =
      object{{"get", operation({"feeds", "newest ready meetings (Atom 1.0)", feed_filters,
                                object{{"200", reply("the feed", "application/atom+xml")}, {"400", bad}}})}};
  paths["/feeds/podcast.xml"] =
      object{{"get", operation({"feeds", "audio-only podcast (RSS 2.0 with iTunes tags)", feed_filters,
                                object{{"200", reply("the feed", "application/rss+xml")}, {"400", bad}}})}};

  const auto rendition = [] { return in_path("rendition", "rendition folder, e.g. 720p or audio", "audio"); };
  paths["/media/{id}/master.m3u8"] = media_get("HLS master playlist", "application/vnd.apple.mpegurl");
  paths["/media/{id}/{rendition}/index.m3u8"] =
      media_get("a rendition's playlist", "application/vnd.apple.mpegurl", array{rendition()});
  paths["/media/{id}/{rendition}/{file}"] =
      media_get("a rendition's init segment or media segment", "video/mp4",
                array{rendition(), in_path("file", "init.mp4 or segNNNNN.m4s", "init.mp4")});
  paths["/media/{id}/poster.jpg"] = media_get("poster picture", "image/jpeg");
  paths["/media/{id}/storyboard.vtt"] =
      media_get("seek-bar thumbnails (WebVTT pointing into sprites)", "text/vtt");
  paths["/media/{id}/captions/{lang}.vtt"] =
      media_get("captions of one language", "text/vtt", array{in_path("lang", "language code", "ko")});
  paths["/media/{id}/podcast.m4a"] =
      media_get("the meeting's audio as one M4A (made on first request)", "audio/mp4");

  paths["/"] = page("browse meetings");
  paths["/search"] = page("search");
  paths["/clerk"] = page("clerks: upload and edit");
  paths["/meetings/{id}"] =
      object{{"get", operation({"pages", "watch a meeting",
                                array{id(), in_query("t", "start at this many seconds", type("number"))},
                                object{{"200", reply("the page", "text/html")}}})}};
  paths["/embed/{id}"] =
      object{{"get", operation({"pages", "the player alone, for other sites' iframes (frame-ancestors *)",
                                array{id(), in_query("t", "start at this many seconds", type("number"))},
                                object{{"200", reply("the page", "text/html")}, {"404", missing}}})}};
  paths["/assets/{file}"] =
      object{{"get", operation({"pages", "scripts, styles and icons",
                                array{in_path("file", "asset name", "gavel.css")},
                                object{{"200", reply("the file", "application/octet-stream", binary())},
                                       {"404", reply("no such asset")}}})}};

  object responses{
      {"BadRequest", json_reply("bad input", ref("Error"))},
      {"NotFound", json_reply("no such thing", ref("Error"))},
      {"Stale", json_reply("someone changed it since it was read (If-Match); reload", ref("Error"))},
      {"Unauthorized", json_reply("no session, or a wrong password", ref("Error"))},
      {"Forbidden", json_reply("not a clerk, or a missing CSRF token", ref("Error"))},
      {"UnsupportedMediaType", json_reply("send JSON", ref("Error"))}};
  object security{{"session", object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "gavel_session"}}},
                  {"bearer", object{{"type", "http"},
                                    {"scheme", "bearer"},
                                    {"description", "the token from POST /api/v1/session"}}}};

  return object{
      {"openapi", "3.0.3"},
      {"info", object{{"title", "gavel"},
                      {"version", "1"},
                      {"description",
                       "Council meeting video archive: meetings, agenda, speakers, captions, search, "
                       "HLS media, feeds and open data. Reading is public; writing needs a clerk "
                       "session (cookie plus X-CSRF-Token, or a bearer token)."}}},
      {"servers", array{object{{"url", "/"}}}},
      {"paths", std::move(paths)},
      {"components", object{{"schemas", schemas()},
                            {"responses", std::move(responses)},
                            {"securitySchemes", std::move(security)}}}};
}

}  // namespace

Reply openapi_route(const Request& req) {
  static const std::string document = json::serialize(build());
  return text_response(req, http::status::ok, "application/json; charset=utf-8", document);
}

}  // namespace gavel::server
