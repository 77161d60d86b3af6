#include "gavel/index/programme_io.hpp"

#include "programme_validation.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace gavel::index {
namespace json = boost::json;
namespace {

// Thrown inside this file only, caught at the parse entry points: it
// carries the entry name and reason up through the nested readers.
struct Invalid {
  std::string message;
};

[[noreturn]] void fail(const std::string& where, const std::string& why) {
  throw Invalid{fmt::format("{}: {}", where, why)};
}

const json::value* field(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() || it->value().is_null() ? nullptr : &it->value();
}

std::optional<double> read_time(const json::object& o, std::string_view key, const std::string& where) {
  const json::value* v = field(o, key);
  if (!v) return std::nullopt;
  if (v->is_number()) {
    const double t = v->to_number<double>();
    if (!std::isfinite(t)) fail(where, fmt::format("{} is not a time", key));
    return t;
  }
  if (v->is_string())
    if (auto t = parse_time(std::string_view(v->as_string()))) return t;
  fail(where, fmt::format("{} is not a time (seconds or H:MM:SS)", key));
}

std::optional<std::string> read_text(const json::object& o, std::string_view key, const std::string& where) {
  const json::value* v = field(o, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) fail(where, fmt::format("{} must be text", key));
  return std::string(v->as_string());
}

std::optional<int> read_int(const json::object& o, std::string_view key, const std::string& where) {
  const json::value* v = field(o, key);
  if (!v) return std::nullopt;
  if (v->is_int64() && v->as_int64() >= 0 && v->as_int64() < 1000000) return static_cast<int>(v->as_int64());
  if (v->is_uint64() && v->as_uint64() < 1000000) return static_cast<int>(v->as_uint64());
  fail(where, fmt::format("{} must be a whole number", key));
}

const json::object& as_object(const json::value& v, const std::string& where) {
  if (!v.is_object()) fail(where, "expected an object {...}");
  return v.as_object();
}

AgendaItem read_agenda_item(const json::value& v, const std::string& where) {
  const auto& o = as_object(v, where);
  AgendaItem item;
  item.no = read_int(o, "no", where).value_or(0);
  item.title = read_text(o, "title", where).value_or("");
  auto start = read_time(o, "start", where);
  if (!start) fail(where, "start is missing");
  item.start = *start;
  item.end = read_time(o, "end", where);
  item.result = read_text(o, "result", where);
  return item;
}

SpeakerSegment read_speaker(const json::value& v, const std::string& where) {
  const auto& o = as_object(v, where);
  SpeakerSegment s;
  s.name = read_text(o, "name", where).value_or("");
  s.role = read_text(o, "role", where);
  auto start = read_time(o, "start", where);
  if (!start) fail(where, "start is missing");
  s.start = *start;
  s.end = read_time(o, "end", where);
  return s;
}

Recess read_recess(const json::value& v, const std::string& where) {
  const auto& o = as_object(v, where);
  auto start = read_time(o, "start", where);
  auto end = read_time(o, "end", where);
  if (!start || !end) fail(where, "a recess needs start and end");
  return Recess{*start, *end};
}

MeetingFields read_meeting(const json::value& v) {
  const auto& o = as_object(v, "meeting");
  MeetingFields m;
  m.body = read_text(o, "body", "meeting").value_or("");
  if (!is_valid_body(m.body)) fail("meeting", "body is plenary, standing or special");
  m.committee = read_text(o, "committee", "meeting");
  m.session = read_int(o, "session", "meeting");
  m.session_kind = read_text(o, "session_kind", "meeting");
  if (m.session_kind && !is_valid_session_kind(*m.session_kind))
    fail("meeting", "session_kind is regular or extraordinary");
  m.number = read_int(o, "number", "meeting");
  m.date = read_text(o, "date", "meeting");
  if (m.date && !is_valid_date(*m.date)) fail("meeting", "date is YYYY-MM-DD");
  m.title = read_text(o, "title", "meeting").value_or("");
  return m;
}

template <class T, class Reader>
std::vector<T> read_list(const json::value* v, const char* name, Reader reader) {
  std::vector<T> out;
  if (!v) return out;
  if (!v->is_array()) fail(name, "expected a list [...]");
  const auto& items = v->as_array();
  for (std::size_t i = 0; i < items.size(); ++i) out.push_back(reader(items[i], fmt::format("{}[{}]", name, i)));
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
    return make_error("bad_input", fmt::format("line {}: not valid JSON ({})", line, ec.message()));
  }
  return parser.release();
}

std::string json_entry(const char* list, std::size_t i) { return fmt::format("{}[{}]", list, i); }

}  // namespace

Result<Programme> parse_programme_json(std::string_view text, std::optional<double> duration) {
  auto doc = parse_json(text);
  if (!doc) return doc.error();
  Programme p;
  try {
    const auto& root = as_object(*doc, "the file");
    if (const json::value* m = field(root, "meeting")) p.meeting = read_meeting(*m);
    p.agenda = read_list<AgendaItem>(field(root, "agenda"), "agenda", read_agenda_item);
    p.speakers = read_list<SpeakerSegment>(field(root, "speakers"), "speakers", read_speaker);
    p.recesses = read_list<Recess>(field(root, "recess"), "recess", read_recess);
  } catch (const Invalid& e) {
    return make_error("bad_input", e.message);
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
    if (!list) throw Invalid{"expected a list of agenda items"};
    p.agenda = read_list<AgendaItem>(list, "agenda", read_agenda_item);
  } catch (const Invalid& e) {
    return make_error("bad_input", e.message);
  }
  if (auto ok = validate_programme(p, duration, json_entry); !ok) return ok.error();
  return p.agenda;
}

Result<std::vector<SpeakerSegment>> parse_speaker_segments(std::string_view text, std::optional<double> duration) {
  auto doc = parse_json(text);
  if (!doc) return doc.error();
  Programme p;
  try {
    const json::value* list = doc->is_object() ? field(doc->as_object(), "speakers") : &*doc;
    if (!list) throw Invalid{"expected a list of speaker segments"};
    p.speakers = read_list<SpeakerSegment>(list, "speakers", read_speaker);
  } catch (const Invalid& e) {
    return make_error("bad_input", e.message);
  }
  if (auto ok = validate_programme(p, duration, json_entry); !ok) return ok.error();
  return p.speakers;
}

std::string programme_to_json(const Programme& p) {
  json::object root;
  if (p.meeting) {
    const auto& m = *p.meeting;
    auto opt = [](const auto& v) { return v ? json::value(*v) : json::value(nullptr); };
    root["meeting"] = json::object{{"body", m.body},       {"committee", opt(m.committee)},
                                   {"session", opt(m.session)}, {"session_kind", opt(m.session_kind)},
                                   {"number", opt(m.number)},   {"date", opt(m.date)},
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
