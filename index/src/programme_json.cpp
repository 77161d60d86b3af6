#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "gavel/index/programme_io.hpp"
#include "programme_validation.hpp"

namespace gavel::index {
namespace json = boost::json;
namespace {

// Thrown inside this file only, caught at the parse entry points: it
// carries the entry name and reason up through the nested readers.
struct Invalid {
  Text message;
};

// `where` is a JSON path ("agenda[2]", "meeting"), the same in both languages.
[[noreturn]] void fail(const Text& where, const Text& why) {
  throw Invalid{Text(fmt::format("{}: {}", where.en, why.en),
                     fmt::format("{}: {}", where.in(Language::ko), why.in(Language::ko)))};
}

const Text kStartMissing("start is missing", "시작 시각(start)이 없습니다");

const json::value* field(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() || it->value().is_null() ? nullptr : &it->value();
}

std::optional<double> read_time(const json::object& o, std::string_view key, const Text& where) {
  const json::value* v = field(o, key);
  if (!v) return std::nullopt;
  if (v->is_number()) {
    const double t = v->to_number<double>();
    if (!std::isfinite(t))
      fail(where, Text(fmt::format("{} is not a time", key), fmt::format("{} 값이 시각이 아닙니다", key)));
    return t;
  }
  if (v->is_string())
    if (auto t = parse_time(std::string_view(v->as_string()))) return t;
  fail(where, Text(fmt::format("{} is not a time (seconds or H:MM:SS)", key),
                   fmt::format("{} 값이 시각(초 또는 H:MM:SS)이 아닙니다", key)));
}

std::optional<std::string> read_text(const json::object& o, std::string_view key, const Text& where) {
  const json::value* v = field(o, key);
  if (!v) return std::nullopt;
  if (!v->is_string())
    fail(where, Text(fmt::format("{} must be text", key), fmt::format("{} 값은 문자열이어야 합니다", key)));
  return std::string(v->as_string());
}

std::optional<int> read_int(const json::object& o, std::string_view key, const Text& where) {
  const json::value* v = field(o, key);
  if (!v) return std::nullopt;
  if (v->is_int64() && v->as_int64() >= 0 && v->as_int64() < 1000000) return static_cast<int>(v->as_int64());
  if (v->is_uint64() && v->as_uint64() < 1000000) return static_cast<int>(v->as_uint64());
  fail(where,
       Text(fmt::format("{} must be a whole number", key), fmt::format("{} 값은 정수여야 합니다", key)));
}

const json::object& as_object(const json::value& v, const Text& where) {
  if (!v.is_object()) fail(where, Text("expected an object {...}", "객체 {...}여야 합니다"));
  return v.as_object();
}

AgendaItem read_agenda_item(const json::value& v, const Text& where) {
  const auto& o = as_object(v, where);
  AgendaItem item;
  item.no = read_int(o, "no", where).value_or(0);
  item.title = read_text(o, "title", where).value_or("");
  auto start = read_time(o, "start", where);
  if (!start) fail(where, kStartMissing);
  item.start = *start;
  item.end = read_time(o, "end", where);
  item.result = read_text(o, "result", where);
  return item;
}

SpeakerSegment read_speaker(const json::value& v, const Text& where) {
  const auto& o = as_object(v, where);
  SpeakerSegment s;
  s.name = read_text(o, "name", where).value_or("");
  s.role = read_text(o, "role", where);
  auto start = read_time(o, "start", where);
  if (!start) fail(where, kStartMissing);
  s.start = *start;
  s.end = read_time(o, "end", where);
  return s;
}

Recess read_recess(const json::value& v, const Text& where) {
  const auto& o = as_object(v, where);
  auto start = read_time(o, "start", where);
  auto end = read_time(o, "end", where);
  if (!start || !end)
    fail(where, Text("a recess needs start and end", "정회에는 시작(start)과 끝(end)이 모두 있어야 합니다"));
  return Recess{*start, *end};
}

MeetingFields read_meeting(const json::value& v) {
  const auto& o = as_object(v, "meeting");
  MeetingFields m;
  m.body = read_text(o, "body", "meeting").value_or("");
  if (!is_valid_body(m.body))
    fail("meeting", Text("body is plenary, standing or special",
                         "body는 plenary(본회의), standing(상임위원회), special(특별위원회) 중 "
                         "하나입니다"));
  m.committee = read_text(o, "committee", "meeting");
  m.session = read_int(o, "session", "meeting");
  m.session_kind = read_text(o, "session_kind", "meeting");
  if (m.session_kind && !is_valid_session_kind(*m.session_kind))
    fail("meeting", Text("session_kind is regular or extraordinary",
                         "session_kind는 regular(정례회) 또는 extraordinary(임시회)입니다"));
  m.number = read_int(o, "number", "meeting");
  m.date = read_text(o, "date", "meeting");
  if (m.date && !is_valid_date(*m.date))
    fail("meeting", Text("date is YYYY-MM-DD", "date는 YYYY-MM-DD 형식입니다"));
  m.title = read_text(o, "title", "meeting").value_or("");
  return m;
}

template <class T, class Reader>
std::vector<T> read_list(const json::value* v, const char* name, Reader reader) {
  std::vector<T> out;
  if (!v) return out;
  if (!v->is_array()) fail(name, Text("expected a list [...]", "목록 [...]이어야 합니다"));
  const auto& items = v->as_array();
  for (std::size_t i = 0; i < items.size(); ++i)
    out.push_back(reader(items[i], fmt::format("{}[{}]", name, i)));
  return out;
}

// Parses JSON, naming the line of a syntax error.
Result<json::value> parse_json(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a BOM from Windows editors
  json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    const auto line = 1 + std::count(text.begin(), text.begin() + std::min(used, text.size()), '\n');
    return make_error(Errc::bad_input, fmt::format("line {}: not valid JSON ({})", line, ec.message()),
                      fmt::format("{}번째 줄: 올바른 JSON이 아닙니다 ({})", line, ec.message()));
  }
  return parser.release();
}

Text json_entry(const char* list, std::size_t i) { return fmt::format("{}[{}]", list, i); }

}  // namespace

Result<Programme> parse_programme_json(std::string_view text, std::optional<double> duration) {
  auto doc = parse_json(text);
  if (!doc) return doc.error();
  Programme p;
  try {
    const auto& root = as_object(*doc, Text("the file", "파일"));
    if (const json::value* m = field(root, "meeting")) p.meeting = read_meeting(*m);
    p.agenda = read_list<AgendaItem>(field(root, "agenda"), "agenda", read_agenda_item);
    p.speakers = read_list<SpeakerSegment>(field(root, "speakers"), "speakers", read_speaker);
    p.recesses = read_list<Recess>(field(root, "recess"), "recess", read_recess);
  } catch (const Invalid& e) {
    return Error(Errc::bad_input, e.message);
  }
  if (auto ok = validate_programme(p, duration, json_entry); !ok) return ok.error();
  return p;
}

Result<std::vector<AgendaItem>> parse_agenda_items(std::string_view text, std::optional<double> duration) {
  auto doc = parse_json(text);
  if (!doc) return doc.error();
  Programme p;
  try {
    // Either a bare list or {"agenda": [...]}.
    const json::value* list = doc->is_object() ? field(doc->as_object(), "agenda") : &*doc;
    if (!list) throw Invalid{Text("expected a list of agenda items", "안건 목록이 없습니다")};
    p.agenda = read_list<AgendaItem>(list, "agenda", read_agenda_item);
  } catch (const Invalid& e) {
    return Error(Errc::bad_input, e.message);
  }
  if (auto ok = validate_programme(p, duration, json_entry); !ok) return ok.error();
  return p.agenda;
}

Result<std::vector<SpeakerSegment>> parse_speaker_segments(std::string_view text,
                                                           std::optional<double> duration) {
  auto doc = parse_json(text);
  if (!doc) return doc.error();
  Programme p;
  try {
    const json::value* list = doc->is_object() ? field(doc->as_object(), "speakers") : &*doc;
    if (!list) throw Invalid{Text("expected a list of speaker segments", "발언자 목록이 없습니다")};
    p.speakers = read_list<SpeakerSegment>(list, "speakers", read_speaker);
  } catch (const Invalid& e) {
    return Error(Errc::bad_input, e.message);
  }
  if (auto ok = validate_programme(p, duration, json_entry); !ok) return ok.error();
  return p.speakers;
}

std::string programme_to_json(const Programme& p) {
  json::object root;
  if (p.meeting) {
    const auto& m = *p.meeting;
    auto opt = [](const auto& v) { return v ? json::value(*v) : json::value(nullptr); };
    root["meeting"] = json::object{{"body", m.body},
                                   {"committee", opt(m.committee)},
                                   {"session", opt(m.session)},
                                   {"session_kind", opt(m.session_kind)},
                                   {"number", opt(m.number)},
                                   {"date", opt(m.date)},
                                   {"title", m.title}};
  }
  json::array agenda, speakers, recess;
  for (const auto& a : p.agenda) {
    json::object o{{"no", a.no}, {"title", a.title}, {"start", a.start}};
    o["end"] = a.end ? json::value(*a.end) : json::value(nullptr);
    if (a.result) o["result"] = *a.result;
    agenda.push_back(std::move(o));
  }
  for (const auto& s : p.speakers) {
    json::object o{{"name", s.name}, {"start", s.start}};
    o["role"] = s.role ? json::value(*s.role) : json::value(nullptr);
    o["end"] = s.end ? json::value(*s.end) : json::value(nullptr);
    speakers.push_back(std::move(o));
  }
  for (const auto& r : p.recesses) recess.push_back(json::object{{"start", r.start}, {"end", r.end}});
  root["agenda"] = std::move(agenda);
  root["speakers"] = std::move(speakers);
  root["recess"] = std::move(recess);
  return json::serialize(root) + "\n";
}

Result<Programme> parse_programme(std::string_view text, std::optional<double> duration) {
  const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first != std::string_view::npos && text[first] == '{') return parse_programme_json(text, duration);
  return parse_programme_csv(text, duration);
}

}  // namespace gavel::index
