#pragma once
// The one error vocabulary of gavel: expected failures (a bad recording, an
// unknown id, an invalid argument) travel as values of Result<T>, carrying a
// stable machine code and a message a clerk can act on.

#include <boost/system/result.hpp>
#include <stdexcept>
#include <string>
#include <utility>

#include "gavel/errc.hpp"
#include "gavel/text.hpp"

namespace gavel {

struct Error {
  // Two-argument only: a lone string must never convert to an Error, or
  // Result<std::string> could not tell a value from a failure.
  Error() = default;
  Error(Errc code_, std::string message_) : code(code_), message(std::move(message_)) {}
  Error(Errc code_, Text text) : code(code_), message(std::move(text.en)), message_ko(std::move(text.ko)) {}

  // The message in a page's language (English where no Korean was written).
  const std::string& message_in(Language lang) const {
    return lang == Language::ko && !message_ko.empty() ? message_ko : message;
  }
  Text text() const { return Text(message, message_ko); }

  Errc code = Errc::internal;  // what went wrong, for code to branch on (errc.hpp)
  std::string message;         // for a person, in English; names the thing and the reason
  std::string message_ko;      // the same in Korean; empty where not yet written
};

template <class T>
using Result = boost::system::result<T, Error>;

inline Error make_error(Errc code, std::string message) { return Error{code, std::move(message)}; }

// English and Korean: what a clerk or citizen may read in a page.
inline Error make_error(Errc code, std::string en, std::string ko) {
  return Error{code, Text(std::move(en), std::move(ko))};
}

// Called by Result<T>::value() on an error (found by ADL): an unexpected
// error reaching value() is a bug, so it becomes an exception.
[[noreturn]] inline void throw_exception_from_error(Error const& e, boost::source_location const&) {
  throw std::runtime_error(std::string(to_string(e.code)) + ": " + e.message);
}

}  // namespace gavel
