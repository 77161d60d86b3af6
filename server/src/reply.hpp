#pragma once
// What a route answers, ready for the connection to send: a message built
// in memory, or an open file to send after its header. Either way the
// reply knows its status, so the access log and the metrics never read it
// back out of the bytes on the wire.

#include <cstdint>
#include <memory>
#include <variant>

#include "beast.hpp"
#include "file_growth.hpp"
#include "gavel/unique_fd.hpp"

namespace gavel::server {

// An open file to send after `header`: `length` bytes from `offset`.
class FileReply {
 public:
  FileReply(http::response<http::empty_body> header, unique_fd fd, std::uint64_t offset, std::uint64_t length)
      : header_(std::move(header)), fd_(std::move(fd)), offset_(offset), length_(length) {}

  http::response<http::empty_body>& header() { return header_; }
  const http::response<http::empty_body>& header() const { return header_; }
  int fd() const { return fd_.get(); }  // borrowed: the reply keeps it open
  std::uint64_t offset() const { return offset_; }
  std::uint64_t length() const { return length_; }
  bool keep_alive() const { return header_.keep_alive(); }
  // Null for a finished file.
  const std::shared_ptr<const FileGrowth>& growth() const { return growth_; }
  void set_growth(std::shared_ptr<const FileGrowth> g) { growth_ = std::move(g); }

 private:
  http::response<http::empty_body> header_;
  unique_fd fd_;
  std::uint64_t offset_ = 0;
  std::uint64_t length_ = 0;
  std::shared_ptr<const FileGrowth> growth_;
};

class Reply {
 public:
  // The status is taken from the message as it is wrapped.
  template <class Body, class Fields>
  Reply(
      http::response<Body, Fields>&& message)  // NOLINT(google-explicit-constructor): routes return messages
      : status_(message.result_int()), body_(http::message_generator(std::move(message))) {}
  Reply(FileReply file)  // NOLINT(google-explicit-constructor)
      : status_(file.header().result_int()), body_(std::move(file)) {}

  unsigned status() const { return status_; }
  // Exactly one of these is non-null.
  http::message_generator* message() { return std::get_if<http::message_generator>(&body_); }
  FileReply* file() { return std::get_if<FileReply>(&body_); }

 private:
  unsigned status_;
  std::variant<http::message_generator, FileReply> body_;
};

}  // namespace gavel::server
