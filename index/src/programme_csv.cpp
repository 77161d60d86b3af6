#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <map>

#include "fts_query.hpp"
#include "gavel/index/programme_io.hpp"
#include "programme_validation.hpp"

namespace gavel::index {
namespace {

constexpr std::array<const char*, 8> kColumns = {"kind", "no",    "title", "name",
                                                 "role", "start", "end",   "result"};

// One CSV record per call (RFC 4180: quoted fields may hold commas, quotes
// and line breaks). Returns false at the end of input.
bool next_record(std::string_view text, std::size_t& pos, std::vector<std::string>& fields, int& line) {
  fields.clear();
  if (pos >= text.size()) return false;
  std::string field;
  bool quoted = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"' && pos < text.size() && text[pos] == '"') {
        field += '"';
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      ++line;
      break;
    } else if (c != '\r') {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return true;
}

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string time_field(std::optional<double> t) {
  if (!t) return "";
  return fmt::format("{}", *t);
}

}  // namespace

std::optional<double> parse_time(std::string_view text) {
  double total = 0;
  int parts = 0;
  while (true) {
    const auto colon = text.find(':');
    const auto piece = text.substr(0, colon);
    double v = 0;
    auto [end, ec] = std::from_chars(piece.data(), piece.data() + piece.size(), v);
    if (piece.empty() || ec != std::errc() || end != piece.data() + piece.size() || v < 0 ||
        !std::isfinite(v))
      return std::nullopt;
    if (++parts > 3) return std::nullopt;
    if (parts > 1 && v >= 60) return std::nullopt;  // minutes and seconds after a colon
    if (colon == std::string_view::npos) return total * 60 + v;
    if (v != std::floor(v)) return std::nullopt;  // only the last piece has a fraction
    total = total * 60 + v;
    text.remove_prefix(colon + 1);
  }
}

Result<Programme> parse_programme_csv(std::string_view text, std::optional<double> duration) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  // Excel's plain "CSV" is CP949 here; its bytes would reach the index and
  // every JSON export as invalid UTF-8.
  if (!is_valid_utf8(text))
    return make_error(Errc::bad_input, "the file is not UTF-8 text; save it as \"CSV UTF-8\"",
                      "파일이 UTF-8 텍스트가 아닙니다. 엑셀에서 \"CSV UTF-8\" 형식으로 저장해 주세요");
  std::size_t pos = 0;
  int line = 1;
  std::vector<std::string> fields;
  if (!next_record(text, pos, fields, line))
    return make_error(
        Errc::bad_input,
        "line 1: the file is empty; expected a header row: kind,no,title,name,role,start,end,result",
        "1번째 줄: 파일이 비어 있습니다. 첫 줄은 머리글 kind,no,title,name,role,start,end,result여야 "
        "합니다");
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < fields.size(); ++i) column[trim(fields[i])] = i;
  for (const char* required : {"kind", "start"})
    if (!column.count(required))
      return make_error(Errc::bad_input,
                        fmt::format("line 1: the header has no '{}' column (expected "
                                    "kind,no,title,name,role,start,end,result)",
                                    required),
                        fmt::format("1번째 줄: 머리글에 '{}' 열이 없습니다 (머리글은 "
                                    "kind,no,title,name,role,start,end,result)",
                                    required));

  Programme p;
  std::vector<int> lines_of_agenda, lines_of_speakers, lines_of_recesses;
  for (;;) {
    const int record_line = line;
    if (!next_record(text, pos, fields, line)) break;
    if (fields.size() == 1 && trim(fields[0]).empty()) continue;  // blank line
    auto get = [&](const char* name) -> std::string {
      auto it = column.find(name);
      return it != column.end() && it->second < fields.size() ? trim(fields[it->second]) : std::string();
    };
    const Text where = line_name(record_line);
    auto time = [&](const char* name, bool required) -> Result<std::optional<double>> {
      const std::string v = get(name);
      if (v.empty()) {
        if (required)
          return invalid_entry(
              where, Text(fmt::format("{} is missing", name), fmt::format("{} 값이 없습니다", name)));
        return std::optional<double>();
      }
      auto t = parse_time(v);
      if (!t)
        return invalid_entry(where,
                             Text(fmt::format("{} '{}' is not a time (seconds or H:MM:SS)", name, v),
                                  fmt::format("{} 값이 시각(초 또는 H:MM:SS)이 아닙니다: '{}'", name, v)));
      return t;
    };
    auto start = time("start", true);
    if (!start) return start.error();
    auto end = time("end", false);
    if (!end) return end.error();
    const std::string kind = get("kind");
    auto optional_text = [&](const char* name) {
      std::string v = get(name);
      return v.empty() ? std::nullopt : std::optional<std::string>(v);
    };
    if (kind == "agenda") {
      int no = 0;
      const std::string n = get("no");
      auto [e, ec] = std::from_chars(n.data(), n.data() + n.size(), no);
      // The same bound as the JSON importer, so every import exports again.
      if (ec != std::errc() || e != n.data() + n.size() || no >= 1000000)
        return invalid_entry(where, Text(fmt::format("no '{}' is not a whole number", n),
                                         fmt::format("번호(no)가 정수가 아닙니다: '{}'", n)));
      p.agenda.push_back({no, get("title"), **start, *end, optional_text("result")});
      lines_of_agenda.push_back(record_line);
    } else if (kind == "speaker") {
      p.speakers.push_back({get("name"), optional_text("role"), **start, *end});
      lines_of_speakers.push_back(record_line);
    } else if (kind == "recess") {
      if (!*end)
        return invalid_entry(where, Text("a recess needs an end", "정회에는 끝(end)이 있어야 합니다"));
      p.recesses.push_back({**start, **end});
      lines_of_recesses.push_back(record_line);
    } else {
      return invalid_entry(where,
                           Text(fmt::format("kind '{}' is not agenda, speaker or recess", kind),
                                fmt::format("kind가 agenda(안건), speaker(발언자), recess(정회) 중 하나가 "
                                            "아닙니다: '{}'",
                                            kind)));
    }
  }
  auto name = [&](const char* list, std::size_t i) {
    const auto& lines = std::string_view(list) == "agenda"     ? lines_of_agenda
                        : std::string_view(list) == "speakers" ? lines_of_speakers
                                                               : lines_of_recesses;
    return line_name(lines[i]);
  };
  if (auto ok = validate_programme(p, duration, name); !ok) return ok.error();
  return p;
}

std::string programme_to_csv(const Programme& p) {
  std::string out;
  for (std::size_t i = 0; i < kColumns.size(); ++i) out += (i ? "," : "") + std::string(kColumns[i]);
  out += "\r\n";
  for (const auto& a : p.agenda)
    out += fmt::format("agenda,{},{},,,{},{},{}\r\n", a.no, csv_field(a.title), a.start, time_field(a.end),
                       csv_field(a.result.value_or("")));
  for (const auto& s : p.speakers)
    out += fmt::format("speaker,,,{},{},{},{},\r\n", csv_field(s.name), csv_field(s.role.value_or("")),
                       s.start, time_field(s.end));
  for (const auto& r : p.recesses) out += fmt::format("recess,,,,,{},{},\r\n", r.start, r.end);
  return out;
}

}  // namespace gavel::index
