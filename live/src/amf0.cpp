#include "gavel/live/amf0.hpp"

#include <bit>
#include <cstring>

#include "big_endian.hpp"

// GCC 12 warns that a Value moved into a Result "may be used uninitialized"
// (a known false positive with variants holding containers, GCC bug 105562).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace gavel::live::amf0 {
namespace {

enum Marker : std::uint8_t {
  kNumber = 0x00,
  kBoolean = 0x01,
  kString = 0x02,
  kObject = 0x03,
  kNull = 0x05,
  kUndefined = 0x06,
  kEcmaArray = 0x08,
  kObjectEnd = 0x09,
  kStrictArray = 0x0A,
  kDate = 0x0B,
  kLongString = 0x0C,
};

constexpr int kMaxDepth = 16;

Error truncated() { return make_error(Errc::bad_input, "an AMF0 value is cut short"); }

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool done() const { return at_ >= bytes_.size(); }

  Result<Value> value(int depth) {
    if (depth > kMaxDepth) return make_error(Errc::bad_input, "AMF0 values nested too deep");
    auto marker = byte();
    if (!marker) return truncated();
    switch (*marker) {
      case kNumber: {
        auto d = number();
        if (!d) return truncated();
        return Value(*d);
      }
      case kBoolean: {
        auto b = byte();
        if (!b) return truncated();
        return Value(*b != 0);
      }
      case kString: {
        auto s = text(2);
        if (!s) return truncated();
        return Value(std::move(*s));
      }
      case kLongString: {
        auto s = text(4);
        if (!s) return truncated();
        return Value(std::move(*s));
      }
      case kNull:
      case kUndefined:
        return Value(Null{});
      case kEcmaArray:
        if (!skip(4)) return truncated();  // a count encoders get wrong; the end marker decides
        [[fallthrough]];
      case kObject:
        return object(depth);
      case kStrictArray: {
        auto count = uint(4);
        if (!count) return truncated();
        Array items;
        for (std::uint32_t i = 0; i < *count; ++i) {
          auto item = value(depth + 1);
          if (!item) return item.error();
          items.push_back(std::move(*item));
        }
        Value out;
        out.v = std::move(items);
        return out;
      }
      case kDate: {
        auto ms = number();
        if (!ms || !skip(2)) return truncated();  // the time zone, unused by everyone
        return Value(*ms);
      }
      default:
        return make_error(Errc::bad_input, "an AMF0 value of a type RTMP encoders do not send");
    }
  }

 private:
  Result<Value> object(int depth) {
    Object fields;
    for (;;) {
      auto key = text(2);
      if (!key) return truncated();
      if (key->empty()) {
        auto end = byte();
        if (!end) return truncated();
        if (*end != kObjectEnd) return make_error(Errc::bad_input, "an AMF0 object with an empty key");
        return Value(std::move(fields));
      }
      auto field = value(depth + 1);
      if (!field) return field.error();
      fields[std::move(*key)] = std::move(*field);
    }
  }

  std::optional<std::uint8_t> byte() {
    if (at_ + 1 > bytes_.size()) return std::nullopt;
    return static_cast<std::uint8_t>(bytes_[at_++]);
  }
  std::optional<std::uint32_t> uint(int size) {
    if (at_ + size > bytes_.size()) return std::nullopt;
    const auto v = static_cast<std::uint32_t>(read_be(bytes_, at_, size));
    at_ += size;
    return v;
  }
  std::optional<double> number() {
    if (at_ + 8 > bytes_.size()) return std::nullopt;
    const auto bits = read_be(bytes_, at_, 8);
    at_ += 8;
    return std::bit_cast<double>(bits);
  }
  std::optional<std::string> text(int length_size) {
    auto length = uint(length_size);
    if (!length || at_ + *length > bytes_.size()) return std::nullopt;
    std::string s(bytes_.substr(at_, *length));
    at_ += *length;
    return s;
  }
  bool skip(std::size_t n) {
    if (at_ + n > bytes_.size()) return false;
    at_ += n;
    return true;
  }

  std::string_view bytes_;
  std::size_t at_ = 0;
};

void put_key(const std::string& key, std::string& out) {
  append_be(key.size(), 2, out);
  out += key;
}

}  // namespace

Result<std::vector<Value>> decode(std::string_view bytes) {
  Reader reader(bytes);
  std::vector<Value> values;
  while (!reader.done()) {
    auto v = reader.value(0);
    if (!v) return v.error();
    values.push_back(std::move(*v));
  }
  return values;
}

void encode(const Value& value, std::string& out) {
  struct Encoder {
    std::string& out;
    void operator()(Null) const { out += static_cast<char>(kNull); }
    void operator()(double d) const {
      out += static_cast<char>(kNumber);
      append_be(std::bit_cast<std::uint64_t>(d), 8, out);
    }
    void operator()(bool b) const {
      out += static_cast<char>(kBoolean);
      out += static_cast<char>(b ? 1 : 0);
    }
    void operator()(const std::string& s) const {
      if (s.size() <= 0xffff) {
        out += static_cast<char>(kString);
        append_be(s.size(), 2, out);
      } else {
        out += static_cast<char>(kLongString);
        append_be(s.size(), 4, out);
      }
      out += s;
    }
    void operator()(const Object& o) const {
      out += static_cast<char>(kObject);
      for (const auto& [key, field] : o) {
        put_key(key, out);
        encode(field, out);
      }
      put_key("", out);
      out += static_cast<char>(kObjectEnd);
    }
    void operator()(const Array& a) const {
      out += static_cast<char>(kStrictArray);
      append_be(a.size(), 4, out);
      for (const auto& item : a) encode(item, out);
    }
  };
  std::visit(Encoder{out}, value.v);
}

std::string encode_all(const std::vector<Value>& values) {
  std::string out;
  for (const auto& v : values) encode(v, out);
  return out;
}

}  // namespace gavel::live::amf0
