#pragma once
// AMF0, the value encoding of RTMP's commands ("connect", "publish") and
// stream metadata: numbers, booleans, strings, objects, null. Enough of it
// to read what encoders send and to write the replies they wait for.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "gavel/result.hpp"

namespace gavel::live::amf0 {

struct Value;
using Object = std::map<std::string, Value>;
using Array = std::vector<Value>;

struct Null {};

// Objects and ECMA arrays both read as Object; dates as their number of
// milliseconds; undefined as Null.
struct Value {
  std::variant<Null, double, bool, std::string, Object, Array> v;

  Value() = default;
  Value(double d) : v(d) {}  // NOLINT(google-explicit-constructor): commands are written as value lists
  Value(bool b) : v(b) {}    // NOLINT(google-explicit-constructor)
  Value(std::string s) : v(std::move(s)) {}    // NOLINT(google-explicit-constructor)
  Value(const char* s) : v(std::string(s)) {}  // NOLINT(google-explicit-constructor)
  Value(Object o) : v(std::move(o)) {}         // NOLINT(google-explicit-constructor)
  Value(Null n) : v(n) {}                      // NOLINT(google-explicit-constructor)

  const std::string* string() const { return std::get_if<std::string>(&v); }
  const double* number() const { return std::get_if<double>(&v); }
  const Object* object() const { return std::get_if<Object>(&v); }
};

// Every value in `bytes`, in order. Fails with `bad_input` on a truncated
// or unknown value, or nesting deeper than 16.
Result<std::vector<Value>> decode(std::string_view bytes);
// Appends `value` to `out`.
void encode(const Value& value, std::string& out);
std::string encode_all(const std::vector<Value>& values);

}  // namespace gavel::live::amf0
