#pragma once
// A meeting's programme — agenda, speakers, recesses — as the files clerks
// exchange: JSON in the shape of corpus/agenda.json, and CSV. A file is
// refused whole, with the line (CSV) or entry (JSON) and the reason.

#include <optional>
#include <string>
#include <string_view>

#include "gavel/index/records.hpp"
#include "gavel/result.hpp"

namespace gavel::index {

struct Programme {
  std::optional<MeetingFields> meeting;  // JSON's "meeting" object, when present
  std::vector<AgendaItem> agenda;
  std::vector<SpeakerSegment> speakers;
  std::vector<Recess> recesses;
};

// `duration`: the meeting's length when known; times past it are refused.
Result<Programme> parse_programme_json(std::string_view text, std::optional<double> duration);
// Columns: kind,no,title,name,role,start,end,result (header row required);
// kind is agenda | speaker | recess; times in seconds or H:MM:SS.
Result<Programme> parse_programme_csv(std::string_view text, std::optional<double> duration);
// Picks the parser by the first non-blank character ('{' is JSON).
Result<Programme> parse_programme(std::string_view text, std::optional<double> duration);

std::string programme_to_json(const Programme& p);
std::string programme_to_csv(const Programme& p);

// Agenda or speakers alone, as PUT /agenda and PUT /speakers take them: a
// JSON array of items.
Result<std::vector<AgendaItem>> parse_agenda_items(std::string_view json, std::optional<double> duration);
Result<std::vector<SpeakerSegment>> parse_speaker_segments(std::string_view json,
                                                           std::optional<double> duration);
// Recesses alone (PUT /recesses): a JSON list of {start, end}, or
// {"recess": [...]}.
Result<std::vector<Recess>> parse_recesses(std::string_view json, std::optional<double> duration);

// Seconds from "754", "754.5", "12:34" or "1:02:34.5".
std::optional<double> parse_time(std::string_view text);

}  // namespace gavel::index
