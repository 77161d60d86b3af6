#include "routes_uploads.hpp"

#include <fmt/format.h>

#include <boost/json/serialize.hpp>
#include <charconv>
#include <ctime>
#include <optional>

#include "http_date.hpp"
#include "responses.hpp"
#include "route_support.hpp"

namespace gavel::server {
namespace {

constexpr std::string_view kUploadPrefix = "/api/v1/uploads/";  // then the upload's id
constexpr const char* kVersion = "1.0.0";

template <class Body>
void tus_headers(http::response<Body>& res) {
  res.set("Tus-Resumable", kVersion);
  res.set(http::field::cache_control, "no-store");
}

std::optional<std::uint64_t> header_number(const RequestHeader& h, std::string_view name) {
  const auto v = h[name];
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
  return n;
}

Request as_request(const RequestHeader& header) { return Request(RequestHeader(header)); }

http::response<http::string_body> tus_error(const Request& req, Errc code, const Text& message) {
  auto res = error_message(req, code, message);
  tus_headers(res);
  return res;
}

// An upload's refusals carry the tus headers, so a tus client reads them
// as the protocol's; what the server could not do is answered as anywhere.
Reply from_upload_error(const Request& req, const Error& e) {
  const auto status = http_status(e.code);
  if (status == http::status::internal_server_error || status == http::status::service_unavailable)
    return from_error(req, e);
  return tus_error(req, e.code, e.text());
}

// Every tus request but OPTIONS names the protocol version it speaks.
std::optional<http::response<http::string_body>> check_version(const Request& req) {
  if (req["Tus-Resumable"] == kVersion) return std::nullopt;
  http::response<http::string_body> res{http::status::precondition_failed, req.version()};
  res.set("Tus-Version", kVersion);
  res.set(http::field::content_type, "text/plain");
  res.body() = "Tus-Resumable: 1.0.0 is required\n";  // for tus clients, not people
  res.prepare_payload();
  res.keep_alive(req.keep_alive());
  return res;
}

http::response<http::empty_body> options(Services& s, const Request& req) {
  http::response<http::empty_body> res{http::status::no_content, req.version()};
  res.set("Tus-Resumable", kVersion);
  res.set("Tus-Version", kVersion);
  res.set("Tus-Extension", "creation,termination,checksum,expiration");
  res.set("Tus-Checksum-Algorithm", "sha1");
  res.set("Tus-Max-Size", std::to_string(s.uploads.limits().max_size));
  res.keep_alive(req.keep_alive());
  return res;
}

Reply create(Services& s, const Request& req) {
  if (!req["Upload-Defer-Length"].empty())
    return tus_error(req, Errc::bad_input,
                     Text("Upload-Defer-Length is not supported", "Upload-Defer-Length는 지원하지 않습니다"));
  const auto length = header_number(req.base(), "Upload-Length");
  if (!length)
    return tus_error(req, Errc::bad_input,
                     Text("Upload-Length is required", "Upload-Length가 있어야 합니다"));
  if (*length > s.uploads.limits().max_size)
    return tus_error(req, Errc::too_large,
                     Text(fmt::format("the file is larger than the {:.3g} GiB upload limit",
                                      gib(s.uploads.limits().max_size)),
                          fmt::format("파일이 올릴 수 있는 크기({:.3g} GiB)보다 큽니다",
                                      gib(s.uploads.limits().max_size))));
  auto u = s.uploads.create(*length, std::string(req["Upload-Metadata"]));
  if (!u) return from_upload_error(req, u.error());
  http::response<http::empty_body> res{http::status::created, req.version()};
  tus_headers(res);
  res.set(http::field::location, fmt::format("{}{}", kUploadPrefix, u->id));
  res.set("Upload-Expires", format_http_date(static_cast<std::time_t>(u->expires)));
  res.set("Upload-Offset", "0");
  res.content_length(0);  // without it an HTTP/1.1 client would read until the connection closes
  res.keep_alive(req.keep_alive());
  return res;
}

Reply status(Services& s, const Request& req, const std::string& id) {
  auto u = s.uploads.info(id);
  if (!u) return from_upload_error(req, u.error());
  http::response<http::empty_body> res{http::status::ok, req.version()};
  tus_headers(res);
  res.set("Upload-Offset", std::to_string(u->offset));
  res.set("Upload-Length", std::to_string(u->length));
  res.set("Upload-Expires", format_http_date(static_cast<std::time_t>(u->expires)));
  if (!u->metadata.empty()) res.set("Upload-Metadata", u->metadata);
  if (req.method() != http::verb::head) res.content_length(0);
  res.keep_alive(req.keep_alive());
  return res;
}

// One PATCH's body, appended to its upload as it arrives (BodySink).
class UploadPatch final : public BodySink {
 public:
  UploadPatch(Services& s, const RequestHeader& header, UploadAppend append, std::uint64_t left)
      : services_(s), request_(as_request(header)), append_(std::move(append)), left_(left) {}

  std::uint64_t body_limit() const override { return left_; }

  Result<void> write(std::string_view chunk) override { return append_->write(chunk.data(), chunk.size()); }

  Reply finish() override {
    auto u = services_.uploads.finish(std::move(*append_), true);
    append_.reset();
    if (!u) return from_upload_error(request_, u.error());
    http::response<http::empty_body> res{http::status::no_content, request_.version()};
    tus_headers(res);
    res.set("Upload-Offset", std::to_string(u->offset));
    res.set("Upload-Expires", format_http_date(static_cast<std::time_t>(u->expires)));
    res.keep_alive(request_.keep_alive());
    return res;
  }

  Reply fail(const Error& why) override {
    // Keep what arrived (tus resumes from the stored offset; a chunk with
    // a checksum is undone), then answer whoever is still there.
    (void)services_.uploads.finish(std::move(*append_), false);
    append_.reset();
    request_.keep_alive(false);  // the rest of the body is not read: this connection ends
    if (why.code == Errc::too_large)
      return from_upload_error(request_, make_error(Errc::too_large, "more bytes than the upload has left",
                                                    "업로드에 남은 크기보다 많은 바이트를 보냈습니다"));
    return from_upload_error(request_, why);
  }

 private:
  Services& services_;
  Request request_;                     // the PATCH's header: version, keep-alive, language
  std::optional<UploadAppend> append_;  // until finish() or fail()
  const std::uint64_t left_;
};

}  // namespace

bool is_upload_patch(const RequestHeader& header) {
  return header.method() == http::verb::patch && header.target().starts_with(kUploadPrefix);
}

Reply uploads_routes(Services& s, const Request& req, std::string_view rest) {
  if (req.method() == http::verb::options) return options(s, req);
  if (auto wrong = check_version(req)) return std::move(*wrong);
  auto caller = require_clerk(s, req);
  if (auto* denied = std::get_if<Reply>(&caller)) return std::move(*denied);
  if (rest.empty()) {
    if (req.method() != http::verb::post) return method_not_allowed(req, "OPTIONS, POST");
    return create(s, req);
  }
  const std::string id(rest.substr(1));  // past the "/"
  if (!is_upload_id(id))
    return tus_error(req, Errc::not_found, Text("no such upload", "그런 업로드가 없습니다"));
  switch (req.method()) {
    case http::verb::head:
    case http::verb::get:
      return status(s, req, id);
    case http::verb::delete_: {
      if (auto r = s.uploads.remove(id); !r) return from_upload_error(req, r.error());
      http::response<http::empty_body> res{http::status::no_content, req.version()};
      tus_headers(res);
      res.keep_alive(req.keep_alive());
      return res;
    }
    default:
      return method_not_allowed(req, "HEAD, PATCH, DELETE");
  }
}

StreamStart begin_upload_patch(Services& s, const RequestHeader& header) {
  Request req = as_request(header);
  req.keep_alive(false);  // a refusal leaves the body unread: the connection must end
  if (auto wrong = check_version(req)) return std::move(*wrong);
  auto caller = require_clerk(s, req);
  if (auto* denied = std::get_if<Reply>(&caller)) return std::move(*denied);
  if (req[http::field::content_type] != "application/offset+octet-stream")
    return tus_error(req, Errc::unsupported_media_type,
                     "PATCH bodies are application/offset+octet-stream");  // for tus clients, not people
  const auto offset = header_number(header, "Upload-Offset");
  if (!offset)
    return tus_error(req, Errc::bad_input,
                     Text("Upload-Offset is required", "Upload-Offset이 있어야 합니다"));
  const std::string id(header.target().substr(kUploadPrefix.size()));
  auto u = s.uploads.info(id);
  if (!u) return from_upload_error(req, u.error());
  auto append = s.uploads.begin(id, *offset, std::string(header["Upload-Checksum"]));
  if (!append) return from_upload_error(req, append.error());
  return std::make_unique<UploadPatch>(s, header, std::move(*append), u->length - *offset);
}

}  // namespace gavel::server
