#pragma once
// A small XML 1.0 reader for tests: tells a well-formed document from an
// ill-formed one (nesting, quoting, references, characters, one root) and
// gives back the element tree to look inside. No DTDs, no validation.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gavel::test {

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;  // references resolved
  std::vector<XmlElement> children;
  std::string text;  // character data directly inside, references resolved

  const XmlElement* child(std::string_view n) const {
    for (const auto& c : children)
      if (c.name == n) return &c;
    return nullptr;
  }
  std::vector<const XmlElement*> all(std::string_view n) const {
    std::vector<const XmlElement*> out;
    for (const auto& c : children)
      if (c.name == n) out.push_back(&c);
    return out;
  }
  std::string attr(const std::string& n) const {
    auto it = attributes.find(n);
    return it == attributes.end() ? std::string() : it->second;
  }
  std::string child_text(std::string_view n) const {
    const auto* c = child(n);
    return c ? c->text : std::string();
  }
};

namespace xml_detail {

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  std::variant<XmlElement, std::string> document() {
    if (auto e = check_characters(); !e.empty()) return e;
    if (starts("<?xml")) {
      const auto end = s_.find("?>", pos_);
      if (end == std::string_view::npos) return fail("unterminated XML declaration");
      pos_ = end + 2;
    }
    if (!misc()) return error_;
    if (!starts("<")) return fail("no root element");
    XmlElement root;
    if (!element(root)) return error_;
    if (!misc()) return error_;
    if (pos_ != s_.size()) return fail("content after the root element");
    return root;
  }

 private:
  std::string check_characters() {
    for (std::size_t i = 0; i < s_.size();) {
      const auto c = static_cast<unsigned char>(s_[i]);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        return "control character at byte " + std::to_string(i);
      std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
      if (n == 0 || i + n > s_.size()) return "invalid UTF-8 at byte " + std::to_string(i);
      for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s_[i + k]) & 0xC0) != 0x80)
          return "invalid UTF-8 at byte " + std::to_string(i);
      i += n;
    }
    return {};
  }

  std::string fail(const std::string& why) {
    error_ = why + " (at byte " + std::to_string(pos_) + ")";
    return error_;
  }
  bool failed(const std::string& why) {
    fail(why);
    return false;
  }
  bool starts(std::string_view p) const { return s_.substr(pos_, p.size()) == p; }
  void spaces() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  static bool name_char(char c, bool first) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || u >= 0x80) return true;
    return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
  }
  bool name(std::string& out) {
    const auto start = pos_;
    while (pos_ < s_.size() && name_char(s_[pos_], pos_ == start)) ++pos_;
    if (pos_ == start) return failed("expected a name");
    out = std::string(s_.substr(start, pos_ - start));
    return true;
  }
  // Comments, processing instructions and white space.
  bool misc() {
    for (;;) {
      spaces();
      if (starts("<!--")) {
        if (!comment()) return false;
      } else if (starts("<?")) {
        const auto end = s_.find("?>", pos_);
        if (end == std::string_view::npos) return failed("unterminated processing instruction");
        pos_ = end + 2;
      } else {
        return true;
      }
    }
  }
  bool comment() {
    const auto end = s_.find("-->", pos_ + 4);
    if (end == std::string_view::npos) return failed("unterminated comment");
    if (s_.substr(pos_ + 4, end - pos_ - 4).find("--") != std::string_view::npos)
      return failed("'--' in a comment");
    pos_ = end + 3;
    return true;
  }
  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  bool reference(std::string& out) {
    const auto end = s_.find(';', pos_);
    if (end == std::string_view::npos || end - pos_ > 12) return failed("'&' that starts no reference");
    const auto ref = s_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = end + 1;
    if (ref == "amp")
      out += '&';
    else if (ref == "lt")
      out += '<';
    else if (ref == "gt")
      out += '>';
    else if (ref == "quot")
      out += '"';
    else if (ref == "apos")
      out += '\'';
    else if (ref.size() > 1 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      const auto digits = ref.substr(hex ? 2 : 1);
      if (digits.empty()) return failed("empty character reference");
      std::uint32_t cp = 0;
      for (char c : digits) {
        int d = c >= '0' && c <= '9'          ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (d < 0 || cp > 0x10FFFF) return failed("bad character reference");
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      }
      const bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                           (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
      if (!allowed) return failed("character reference to a forbidden character");
      append_utf8(out, cp);
    } else {
      return failed("unknown entity &" + std::string(ref) + ";");
    }
    return true;
  }
  bool attribute_value(std::string& out) {
    if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) return failed("unquoted attribute value");
    const char quote = s_[pos_++];
    for (;;) {
      if (pos_ >= s_.size()) return failed("unterminated attribute value");
      const char c = s_[pos_];
      if (c == quote) {
        ++pos_;
        return true;
      }
      if (c == '<') return failed("'<' in an attribute value");
      if (c == '&') {
        if (!reference(out)) return false;
        continue;
      }
      out += c;
      ++pos_;
    }
  }
  bool element(XmlElement& e) {
    ++pos_;  // '<'
    if (!name(e.name)) return false;
    for (;;) {
      const auto before = pos_;
      spaces();
      if (starts("/>")) {
        pos_ += 2;
        return true;
      }
      if (starts(">")) {
        ++pos_;
        break;
      }
      if (pos_ == before) return failed("expected white space before an attribute");
      std::string attr, value;
      if (!name(attr)) return false;
      spaces();
      if (!starts("=")) return failed("attribute without '='");
      ++pos_;
      spaces();
      if (!attribute_value(value)) return false;
      if (!e.attributes.emplace(attr, value).second) return failed("attribute '" + attr + "' given twice");
    }
    for (;;) {
      if (pos_ >= s_.size()) return failed("element <" + e.name + "> is not closed");
      if (starts("</")) {
        pos_ += 2;
        std::string closing;
        if (!name(closing)) return false;
        if (closing != e.name) return failed("</" + closing + "> closes <" + e.name + ">");
        spaces();
        if (!starts(">")) return failed("malformed end tag");
        ++pos_;
        return true;
      }
      if (starts("<!--")) {
        if (!comment()) return false;
      } else if (starts("<![CDATA[")) {
        const auto end = s_.find("]]>", pos_);
        if (end == std::string_view::npos) return failed("unterminated CDATA section");
        e.text += s_.substr(pos_ + 9, end - pos_ - 9);
        pos_ = end + 3;
      } else if (starts("<?")) {
        const auto end = s_.find("?>", pos_);
        if (end == std::string_view::npos) return failed("unterminated processing instruction");
        pos_ = end + 2;
      } else if (starts("<")) {
        e.children.emplace_back();
        if (!element(e.children.back())) return false;
      } else if (starts("&")) {
        if (!reference(e.text)) return false;
      } else {
        if (starts("]]>")) return failed("']]>' in character data");
        e.text += s_[pos_++];
      }
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace xml_detail

// The root element, or why `text` is not well-formed XML.
inline std::variant<XmlElement, std::string> parse_xml(std::string_view text) {
  return xml_detail::Reader(text).document();
}

}  // namespace gavel::test
