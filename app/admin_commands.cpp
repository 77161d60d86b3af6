// `gavel user`, `gavel search` and `gavel agenda`: the index from the
// command line, for clerks and scripts.
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "gavel/index/programme_io.hpp"
#include "gavel/index/store.hpp"
#include "gavel/server/accounts.hpp"
#include "gavel/worker/data_dir.hpp"

namespace gavel::app {
namespace {

std::string read_password_from_terminal(const char* prompt) {
  fmt::print(stderr, "{}", prompt);
  termios old{};
  const bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (tty) tcsetattr(STDIN_FILENO, TCSANOW, &old);
  fmt::print(stderr, "\n");
  return password;
}

std::string clock_text(double seconds) {
  const long s = static_cast<long>(seconds);
  return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

std::string strip_marks(std::string text) {
  for (const char* tag : {"<mark>", "</mark>"})
    for (auto at = text.find(tag); at != std::string::npos; at = text.find(tag))
      text.erase(at, std::strlen(tag));
  return text;
}

}  // namespace

int run_user_add(const UserOptions& o) {
  auto store = open_store(worker::DataDir(o.data));
  if (!store) return 1;
  std::string password;
  if (o.password_stdin) {
    std::getline(std::cin, password);
  } else if (isatty(STDIN_FILENO)) {
    password = read_password_from_terminal("password: ");
    if (read_password_from_terminal("again: ") != password) {
      fmt::print(stderr, "error: the passwords differ\n");
      return 1;
    }
  } else {
    fmt::print(stderr, "error: no terminal to ask for a password; use --password-stdin\n");
    return 2;
  }
  if (auto r = server::add_account(store->accounts(), o.name, o.role, password, o.replace); !r) {
    fmt::print(stderr, "error: {}\n", r.error().message);
    return 1;
  }
  fmt::print("{} {} can now log in at /clerk\n", o.role, o.name);
  return 0;
}

int run_search(const SearchOptions& o) {
  auto store = open_store(worker::DataDir(o.data));
  if (!store) return 1;
  index::SearchQuery q;
  q.text = o.query;
  q.body = o.body;
  q.from = o.from;
  q.to = o.to;
  q.kind = o.kind;
  q.per_page = o.limit;
  if (q.kind && !index::is_valid_search_kind(*q.kind)) {
    fmt::print(stderr, "error: --kind is title, agenda, speaker or caption\n");
    return 2;
  }
  auto results = store->search().search(q);
  if (!results) {
    fmt::print(stderr, "error: {}\n", results.error().message);
    return 1;
  }
  if (results->hits.empty()) {
    fmt::print(stderr, "no hits for '{}'\n", o.query);
    return 0;
  }
  fmt::print("{:<8} {:<10} {:<8} {:<10} {}\n", "meeting", "date", "at", "kind", "text");
  for (const auto& h : results->hits)
    fmt::print("{:<8} {:<10} {:<8} {:<10} {}\n", h.meeting_id, h.meeting_date.value_or(""),
               clock_text(h.start), h.kind, strip_marks(h.snippet));
  return 0;
}

int run_agenda_import(const AgendaOptions& o) {
  auto store = open_store(worker::DataDir(o.data));
  if (!store) return 1;
  auto meeting = store->archive().meeting(o.meeting);
  if (!meeting || !*meeting) {
    fmt::print(stderr, "error: no meeting {}\n", o.meeting);
    return 1;
  }
  std::ifstream in(o.file, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "error: cannot read {}\n", o.file.string());
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto programme = index::parse_programme(text.str(), (*meeting)->duration);
  if (!programme) {
    fmt::print(stderr, "error: {}: {} (nothing was imported)\n", o.file.filename().string(),
               programme.error().message);
    return 1;
  }
  if (auto r = store->archive().replace_programme(o.meeting, programme->agenda, programme->speakers,
                                                  programme->recesses);
      !r) {
    fmt::print(stderr, "error: {}\n", r.error().message);
    return 1;
  }
  fmt::print("meeting {}: {} agenda items, {} speaker turns, {} recesses\n", o.meeting,
             programme->agenda.size(), programme->speakers.size(), programme->recesses.size());
  return 0;
}

int run_agenda_export(const AgendaOptions& o) {
  auto store = open_store(worker::DataDir(o.data));
  if (!store) return 1;
  auto meeting = store->archive().meeting(o.meeting);
  if (!meeting || !*meeting) {
    fmt::print(stderr, "error: no meeting {}\n", o.meeting);
    return 1;
  }
  index::Programme p;
  p.meeting = (*meeting)->fields;
  p.agenda = store->archive().agenda(o.meeting).value();
  p.speakers = store->archive().speakers(o.meeting).value();
  p.recesses = store->archive().recesses(o.meeting).value();
  fmt::print("{}", o.csv ? index::programme_to_csv(p) : index::programme_to_json(p));
  return 0;
}

}  // namespace gavel::app
