#pragma once
// Every failure gavel reports, as one type. The API's `error.code` is the
// name `to_string` gives (stable: clients and pages branch on it); the
// server maps each code to an HTTP status in one place (route_support.cpp).

#include <ostream>
#include <string_view>

namespace gavel {

enum class Errc {
  // The request or its input is wrong: the caller can fix it.
  bad_input,     // a value out of range, a malformed field or file
  bad_path,      // a path that leaves its root or names no file
  bad_request,   // HTTP that cannot be answered (no Host, bad framing)
  plain_http,    // TLS spoken to a plain-HTTP port
  http_version,  // neither HTTP/1.1 nor HTTP/1.0
  headers_too_large,
  body_too_large,          // a declared body past the server's limit
  bad_checksum_algorithm,  // tus Upload-Checksum with an algorithm not offered
  checksum_mismatch,       // tus: the chunk's bytes do not match its checksum
  too_large,               // past an upload's or a body's limit
  unsupported_media_type,  // a body in a type the route does not read
  method_not_allowed,
  not_found,
  not_available,  // exists, but not for this caller (a failed meeting, to the public)
  conflict,       // already there (a user name, an upload's offset)
  stale,          // If-Match names a version that is no longer current
  // Who is asking.
  unauthorized,       // not logged in
  forbidden,          // logged in, not allowed
  csrf,               // a cookie-authenticated write without its token
  bad_credentials,    // wrong user name or password
  too_many_attempts,  // logins from one address, throttled
  // The media.
  empty,              // a file with no bytes
  not_media,          // no audio or video gavel can read
  unsupported_codec,  // a stream no decoder here reads
  truncated,          // a recording cut off before its end
  changed,            // a file changed under the reader
  not_ready,          // not packaged yet
  uncached,           // a cache was asked for something it does not hold
  decoder_failed,
  encoder_failed,
  encoder_missing,
  filter_failed,
  bad_output,
  export_failed,
  // Jobs and their lifetime.
  cancelled,  // the job was cancelled or taken over
  stopped,    // the process is stopping
  // The machine.
  disk_full,
  write_failed,
  io,
  busy,      // try again later (the database is locked, every clip slot is taken)
  database,  // SQLite reported something unexpected
  unhealthy,
  listen_failed,
  internal,
};

// The code's stable name in the API (`"not_found"`).
constexpr std::string_view to_string(Errc code) {
  switch (code) {
    case Errc::bad_input:
      return "bad_input";
    case Errc::bad_path:
      return "bad_path";
    case Errc::bad_request:
      return "bad_request";
    case Errc::plain_http:
      return "plain_http";
    case Errc::http_version:
      return "http_version";
    case Errc::headers_too_large:
      return "headers_too_large";
    case Errc::body_too_large:
      return "body_too_large";
    case Errc::bad_checksum_algorithm:
      return "bad_checksum_algorithm";
    case Errc::checksum_mismatch:
      return "checksum_mismatch";
    case Errc::too_large:
      return "too_large";
    case Errc::unsupported_media_type:
      return "unsupported_media_type";
    case Errc::method_not_allowed:
      return "method_not_allowed";
    case Errc::not_found:
      return "not_found";
    case Errc::not_available:
      return "not_available";
    case Errc::conflict:
      return "conflict";
    case Errc::stale:
      return "stale";
    case Errc::unauthorized:
      return "unauthorized";
    case Errc::forbidden:
      return "forbidden";
    case Errc::csrf:
      return "csrf";
    case Errc::bad_credentials:
      return "bad_credentials";
    case Errc::too_many_attempts:
      return "too_many_attempts";
    case Errc::empty:
      return "empty";
    case Errc::not_media:
      return "not_media";
    case Errc::unsupported_codec:
      return "unsupported_codec";
    case Errc::truncated:
      return "truncated";
    case Errc::changed:
      return "changed";
    case Errc::not_ready:
      return "not_ready";
    case Errc::uncached:
      return "uncached";
    case Errc::decoder_failed:
      return "decoder_failed";
    case Errc::encoder_failed:
      return "encoder_failed";
    case Errc::encoder_missing:
      return "encoder_missing";
    case Errc::filter_failed:
      return "filter_failed";
    case Errc::bad_output:
      return "bad_output";
    case Errc::export_failed:
      return "export_failed";
    case Errc::cancelled:
      return "cancelled";
    case Errc::stopped:
      return "stopped";
    case Errc::disk_full:
      return "disk_full";
    case Errc::write_failed:
      return "write_failed";
    case Errc::io:
      return "io";
    case Errc::busy:
      return "busy";
    case Errc::database:
      return "database";
    case Errc::unhealthy:
      return "unhealthy";
    case Errc::listen_failed:
      return "listen_failed";
    case Errc::internal:
      return "internal";
  }
  return "internal";
}

// For test failure messages and logs.
inline std::ostream& operator<<(std::ostream& out, Errc code) { return out << to_string(code); }

}  // namespace gavel
