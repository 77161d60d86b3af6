// Search query builder and Korean tokenizer: any valid UTF-8 query builds an
// FTS5 expression SQLite accepts (a search never fails on what was typed).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "fts_query.hpp"
#include "gavel/index/store.hpp"

namespace {

gavel::index::Store& store() {
  static std::unique_ptr<gavel::index::Store> opened_store = [] {
    auto opened = gavel::index::open_sqlite_in_memory();
    if (!opened) std::abort();
    auto m = (*opened)->archive().create_meeting({"plenary", std::nullopt, std::nullopt, std::nullopt, 1,
                                                  "2026-11-13", "제1차 본회의 예산안 심사 budget"});
    if (!m) std::abort();
    return std::move(*opened);
  }();
  return *opened_store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)gavel::index::tokenize_for_search(text);
  if (!gavel::index::is_valid_utf8(text)) return 0;
  (void)gavel::index::build_match_expression(text);
  (void)gavel::index::build_phrase_expression(text);
  const auto words = gavel::index::query_words(text);
  const std::string sample = "제1차 본회의에서 예산안을 심사했다. The budget <b>&amp;</b> 2026";
  (void)gavel::index::highlight_words(sample, words, "<mark>", "</mark>");
  (void)gavel::index::snippet_words(sample, words, 8, "<mark>", "</mark>", "…");
  (void)gavel::index::highlight_words(text, words, "<mark>", "</mark>");
  (void)gavel::index::snippet_words(text, words, 4, "<mark>", "</mark>", "…");
  (void)gavel::index::match_words(text, words);
  gavel::index::SearchQuery q;
  q.text = std::string(text);
  auto r = store().search().search(q);
  if (!r) {
    std::fprintf(stderr, "search failed: %s: %s\n", std::string(gavel::to_string(r.error().code)).c_str(),
                 r.error().message.c_str());
    std::abort();
  }
  return 0;
}
