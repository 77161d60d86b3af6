#include "fts_query.hpp"

#include <algorithm>
#include <utility>

#include "korean_tokenizer.hpp"

namespace gavel::index {
namespace {

class CollectingSink final : public TokenSink {
 public:
  explicit CollectingSink(std::vector<std::string>& out) : out_(out) {}

  int on_token(std::string_view token, std::size_t /*begin*/, std::size_t /*end*/) override {
    out_.emplace_back(token);
    return 0;
  }

 private:
  std::vector<std::string>& out_;
};

// Cuts `text` after kMaxQueryCodepoints characters (an invalid byte counts
// as one), always on a sequence boundary.
std::string_view cap_codepoints(std::string_view text) {
  std::size_t pos = 0;
  for (std::size_t count = 0; pos < text.size() && count < kMaxQueryCodepoints; ++count) {
    pos += decode_utf8(text, pos).length;
  }
  return text.substr(0, pos);
}

std::vector<std::string_view> split_on_spaces(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  std::size_t word_start = 0;
  while (pos < text.size()) {
    const Utf8Char ch = decode_utf8(text, pos);
    if (ch.valid && is_space_codepoint(ch.codepoint)) {
      if (pos > word_start) {
        words.push_back(text.substr(word_start, pos - word_start));
      }
      word_start = pos + ch.length;
    }
    pos += ch.length;
  }
  if (pos > word_start) {
    words.push_back(text.substr(word_start));
  }
  return words;
}

// Token lists of the searchable words of a query, after both input caps.
// Shared by both builders so they always agree on what was searched for.
std::vector<std::vector<std::string>> query_word_tokens(std::string_view user_query) {
  std::vector<std::vector<std::string>> words;
  for (std::string_view word : split_on_spaces(cap_codepoints(user_query))) {
    if (words.size() == kMaxQueryWords) {
      break;
    }
    std::vector<std::string> tokens = tokenize_for_search(word);
    if (!tokens.empty()) {
      words.push_back(std::move(tokens));
    }
  }
  return words;
}

// Appends tokens as one FTS5 string ("..."). Tokens never contain '"'
// (ASCII punctuation is a separator), but doubling it keeps the quoting
// correct even if the tokenizer rules change.
void append_phrase(std::string& out, const std::vector<std::string>& tokens) {
  out += '"';
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0) {
      out += ' ';
    }
    for (char c : tokens[i]) {
      out += c;
      if (c == '"') {
        out += '"';
      }
    }
  }
  out += '"';
}

struct PositionedToken {
  std::string text;  // short terms (a bigram is 6 bytes) stay in the string
  std::size_t begin;
  std::size_t end;
};

class PositionedSink final : public TokenSink {
 public:
  explicit PositionedSink(std::vector<PositionedToken>& out) : out_(out) {}

  int on_token(std::string_view token, std::size_t begin, std::size_t end) override {
    out_.push_back({std::string(token), begin, end});
    return 0;
  }

 private:
  std::vector<PositionedToken>& out_;
};

// Appends text[from, to), the text of tokens [first, last], with the
// matches starting at those tokens marked (one running past `to` is marked
// up to there). Matches that overlap, as the bigrams of "하하" in "하하하"
// do, become one mark.
void append_marked(std::string& out, std::string_view text, std::size_t from, std::size_t to,
                   std::size_t first, std::size_t last, const std::vector<WordMatch>& matches,
                   std::string_view open, std::string_view close) {
  std::size_t at = from;
  for (std::size_t i = 0; i < matches.size();) {
    if (matches[i].first_token < first || matches[i].first_token > last || matches[i].begin < at) {
      ++i;
      continue;
    }
    const std::size_t begin = matches[i].begin;
    std::size_t end = std::min(matches[i].end, to);
    for (++i; i < matches.size() && matches[i].first_token <= last && matches[i].begin < end; ++i) {
      end = std::max(end, std::min(matches[i].end, to));
    }
    out.append(text.substr(at, begin - at));
    out.append(open);
    out.append(text.substr(begin, end - begin));
    out.append(close);
    at = end;
  }
  out.append(text.substr(at, to - at));
}

// The matches whose first token lies in a window of `size` tokens, as the
// window's start moves forward: what FTS5's snippet() scores a window by.
class Window {
 public:
  Window(const std::vector<WordMatch>& matches, std::size_t words, std::size_t size)
      : matches_(matches), seen_(words, 0), size_(size) {}

  // `start` never decreases from one call to the next.
  void move_to(std::size_t start) {
    for (; end_ < matches_.size() && matches_[end_].first_token < start + size_; ++end_) {
      if (seen_[matches_[end_].word]++ == 0) {
        ++distinct_;
      }
    }
    for (; begin_ < end_ && matches_[begin_].first_token < start; ++begin_) {
      if (--seen_[matches_[begin_].word] == 0) {
        --distinct_;
      }
    }
  }

  // Each different word 1000, each further occurrence 1.
  long score() const { return static_cast<long>(distinct_ * 1000 + (end_ - begin_) - distinct_); }

  // One past the last token of the window's last match.
  std::size_t last_end() const {
    const WordMatch& m = matches_[end_ - 1];
    return m.last_token + 1;
  }

 private:
  const std::vector<WordMatch>& matches_;
  std::vector<std::size_t> seen_;
  std::size_t size_;
  std::size_t begin_ = 0;  // the window holds matches [begin_, end_)
  std::size_t end_ = 0;
  std::size_t distinct_ = 0;
};

// Token positions that begin a sentence: the first, and any after a '.' or
// ':' and white space (FTS5's snippet() rule).
std::vector<std::size_t> sentence_starts(std::string_view text,
                                         const std::vector<std::pair<std::size_t, std::size_t>>& tokens) {
  std::vector<std::size_t> starts;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    std::size_t i = tokens[t].first;
    while (i > 0 &&
           (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n' || text[i - 1] == '\r')) {
      --i;
    }
    if (t == 0 || (i < tokens[t].first && i > 0 && (text[i - 1] == '.' || text[i - 1] == ':'))) {
      starts.push_back(t);
    }
  }
  return starts;
}

// First token of the `size`-token window FTS5's snippet() would show of a
// text of `tokens` (> size) tokens: for each match, the window starting at
// it, centred on the matches it holds, and the window starting at the
// match's sentence (worth 120 more at the text's start, else 100); the
// first best score wins. Both windows only move forward, so this is one
// pass however many matches a huge text has.
std::size_t best_window(std::string_view text, const TextMatches& found, std::size_t words,
                        std::size_t size) {
  const auto n = static_cast<long>(found.tokens.size());
  const std::vector<std::size_t> sentences = sentence_starts(text, found.tokens);
  Window at_match(found.matches, words, size);
  Window at_sentence(found.matches, words, size);
  long best_score = 0;
  std::size_t best = 0;
  std::size_t sentence = 0;
  for (const WordMatch& m : found.matches) {
    const std::size_t io = m.first_token;
    at_match.move_to(io);
    if (at_match.score() > best_score) {
      const auto first = static_cast<long>(io);
      const auto last = static_cast<long>(at_match.last_end());
      long adjusted = first - (static_cast<long>(size) - (last - first)) / 2;
      adjusted = std::max(0L, std::min(adjusted, n - static_cast<long>(size)));
      best_score = at_match.score();
      best = static_cast<std::size_t>(adjusted);
    }
    while (sentence + 1 < sentences.size() && sentences[sentence + 1] <= io) {
      ++sentence;
    }
    const std::size_t from = sentences[sentence];
    if (from < io) {
      at_sentence.move_to(from);
      const long score = at_sentence.score() + (from == 0 ? 120 : 100);
      if (score > best_score) {
        best_score = score;
        best = from;
      }
    }
  }
  return best;
}

}  // namespace

QueryWords query_words(std::string_view user_query) { return query_word_tokens(user_query); }

TextMatches match_words(std::string_view text, const QueryWords& words) {
  std::vector<PositionedToken> tokens;
  PositionedSink sink(tokens);
  scan_tokens(text, sink);
  TextMatches result;
  result.tokens.reserve(tokens.size());
  for (const auto& t : tokens) {
    result.tokens.emplace_back(t.begin, t.end);
  }
  for (std::size_t at = 0; at < tokens.size(); ++at) {
    for (std::size_t w = 0; w < words.size(); ++w) {
      const auto& terms = words[w];
      if (terms.empty() || terms.size() > tokens.size() - at) {
        continue;
      }
      bool equal = true;
      for (std::size_t i = 0; equal && i < terms.size(); ++i) {
        equal = tokens[at + i].text == terms[i];
      }
      if (equal) {
        const std::size_t last = at + terms.size() - 1;
        result.matches.push_back({w, at, last, tokens[at].begin, tokens[last].end});
      }
    }
  }
  return result;
}

std::string highlight_words(std::string_view text, const QueryWords& words, std::string_view open,
                            std::string_view close) {
  const TextMatches found = match_words(text, words);
  std::string out;
  append_marked(out, text, 0, text.size(), 0, found.tokens.size(), found.matches, open, close);
  return out;
}

std::string snippet_words(std::string_view text, const QueryWords& words, std::size_t max_tokens,
                          std::string_view open, std::string_view close, std::string_view ellipsis) {
  const TextMatches found = match_words(text, words);
  const std::size_t n = found.tokens.size();
  std::string out;
  if (n <= max_tokens || max_tokens == 0) {
    append_marked(out, text, 0, text.size(), 0, n, found.matches, open, close);
    return out;
  }
  const std::size_t start = best_window(text, found, words.size(), max_tokens);
  // A window at a sentence start may run past the end, as in FTS5.
  const std::size_t last = std::min(start + max_tokens, n) - 1;
  const std::size_t from = start == 0 ? 0 : found.tokens[start].first;
  const std::size_t to = last == n - 1 ? text.size() : found.tokens[last].second;
  if (start > 0) {
    out += ellipsis;
  }
  append_marked(out, text, from, to, start, last, found.matches, open, close);
  if (to < text.size()) {
    out += ellipsis;
  }
  return out;
}

std::vector<std::string> tokenize_for_search(std::string_view text) {
  std::vector<std::string> tokens;
  CollectingSink sink(tokens);
  scan_tokens(text, sink);
  return tokens;
}

bool is_valid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const Utf8Char ch = decode_utf8(text, pos);
    if (!ch.valid) {
      return false;
    }
    pos += ch.length;
  }
  return true;
}

std::string build_match_expression(std::string_view user_query) {
  std::string expression;
  for (const auto& tokens : query_word_tokens(user_query)) {
    if (!expression.empty()) {
      expression += ' ';  // Juxtaposed phrases are an implicit AND.
    }
    append_phrase(expression, tokens);
  }
  return expression;
}

std::string build_phrase_expression(std::string_view user_query) {
  std::vector<std::string> all_tokens;
  for (auto& tokens : query_word_tokens(user_query)) {
    for (auto& token : tokens) {
      all_tokens.push_back(std::move(token));
    }
  }
  if (all_tokens.empty()) {
    return {};
  }
  std::string expression;
  append_phrase(expression, all_tokens);
  return expression;
}

}  // namespace gavel::index
