#include "fts_query.hpp"

#include "korean_tokenizer.hpp"

#include <utility>

namespace gavel::index {
namespace {

class CollectingSink final : public TokenSink {
public:
    explicit CollectingSink(std::vector<std::string>& out) : out_(out) {}

    int on_token(std::string_view token, std::size_t /*begin*/,
                 std::size_t /*end*/) override {
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
    for (std::size_t count = 0;
         pos < text.size() && count < kMaxQueryCodepoints; ++count) {
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
std::vector<std::vector<std::string>> query_word_tokens(
    std::string_view user_query) {
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

}  // namespace

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
