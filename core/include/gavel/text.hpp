#pragma once
// Words a person reads, in the languages gavel's pages speak. Korean is the
// archive's first language; English is the switch. A message is written
// with its translation where it is made, so the server can answer in the
// language a request asks for (Accept-Language) without a lookup table
// that drifts from the code.

#include <string>
#include <string_view>
#include <utility>

namespace gavel {

enum class Language { ko, en };

struct Text {
  Text() = default;
  // English only (a message not yet translated): Korean readers get it too.
  Text(std::string en_) : en(std::move(en_)) {}  // NOLINT(google-explicit-constructor)
  Text(const char* en_) : en(en_) {}             // NOLINT(google-explicit-constructor)
  Text(std::string en_, std::string ko_) : en(std::move(en_)), ko(std::move(ko_)) {}

  // The text in `lang`; English where no Korean was written.
  const std::string& in(Language lang) const { return lang == Language::ko && !ko.empty() ? ko : en; }
  bool empty() const { return en.empty() && ko.empty(); }

  std::string en;
  std::string ko;
};

// Joins texts with a separator, language by language.
inline Text join(const Text& a, const Text& b, std::string_view sep = "; ") {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return Text(a.en + std::string(sep) + b.en, a.in(Language::ko) + std::string(sep) + b.in(Language::ko));
}

// "ko" or "en", as stored and as the API names languages.
inline std::string_view language_code(Language lang) { return lang == Language::ko ? "ko" : "en"; }

}  // namespace gavel
