#pragma once
// The one error vocabulary of gavel: expected failures (a bad recording, an
// unknown id, an invalid argument) travel as values of Result<T>, carrying a
// stable machine code and a message a clerk can act on.

#include <boost/system/result.hpp>

#include <stdexcept>
#include <string>
#include <utility>

namespace gavel {

struct Error {
  // Two-argument only: a lone string must never convert to an Error, or
  // Result<std::string> could not tell a value from a failure.
  Error() = default;
  Error(std::string code_, std::string message_) : code(std::move(code_)), message(std::move(message_)) {}

  std::string code;     // stable, machine-readable: "not_found", "bad_input", ...
  std::string message;  // for a person; names the thing and the reason
};

template <class T>
using Result = boost::system::result<T, Error>;

inline Error make_error(std::string code, std::string message) {
  return Error{std::move(code), std::move(message)};
}

// Called by Result<T>::value() on an error (found by ADL): an unexpected
// error reaching value() is a bug, so it becomes an exception.
[[noreturn]] inline void throw_exception_from_error(Error const& e,
                                                    boost::source_location const&) {
  throw std::runtime_error(e.code + ": " + e.message);
}

}  // namespace gavel
