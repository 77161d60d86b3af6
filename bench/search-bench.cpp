// Search benchmark: builds a synthetic council archive through the public
// store interfaces, then times a fixed mix of queries.
//
//   search_bench [--dir DIR] [--meetings N] [--reps N] [--keep] [--no-queries]
//   search_bench --progress-writer DIR    (for the HTTP mode of search-bench.sh)
//
// --progress-writer plays a transcode worker beside the server: it claims a
// job on the archive in DIR and reports its progress ten times a second (a
// real worker reports once a second per job), until SIGTERM.
//
// The archive: N meetings (default 10,000), each with 30 agenda items,
// 20 speaker segments and 100 caption cues of Korean council talk generated
// from word lists with a skewed (Zipf-like) word frequency, so a word such
// as 예산 matches a large share of all cues while a few phrases are rare.
// Everything is seeded: two runs build the same archive.
//
// Reported: build time; database size against the raw text size (titles,
// agenda titles, speaker names and roles, caption text); and, per query and
// per query kind, p50/p95/p99 latency of SearchIndex::search (ranking plus
// snippets for the page) over --reps rounds after one warm-up round.
#include <fmt/format.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gavel/index/store.hpp"

namespace {

namespace fs = std::filesystem;
using gavel::index::AgendaItem;
using gavel::index::CaptionCue;
using gavel::index::MeetingFields;
using gavel::index::SearchQuery;
using gavel::index::SpeakerSegment;
using gavel::index::Store;
using Clock = std::chrono::steady_clock;

constexpr int kAgendaPerMeeting = 30;
constexpr int kSpeakersPerMeeting = 20;
constexpr int kCuesPerMeeting = 100;

// ---- word lists ----

struct Weighted {
  std::string_view text;
  double weight;
};

// Nouns of council talk, most frequent first. The weights fall off roughly
// as 1/rank, which is how word frequencies in real transcripts behave.
constexpr Weighted kNouns[] = {
    {"예산", 30},        {"사업", 24},          {"주민", 18},        {"조례", 16},    {"의원", 14},
    {"위원장", 12},      {"계획", 11},          {"행정", 10},        {"교통", 8},     {"복지", 8},
    {"교육", 8},         {"환경", 7},           {"도시계획", 6},     {"안건", 6},     {"시설", 6},
    {"주민참여예산", 3}, {"일부개정조례안", 3}, {"행정사무감사", 4}, {"의사일정", 4}, {"추경", 4},
    {"본예산", 3},       {"결산", 3},           {"도로", 3},         {"주차장", 3},   {"버스", 3},
    {"지하철", 2},       {"청년", 3},           {"노인", 2},         {"아동", 2},     {"보육", 2},
    {"일자리", 3},       {"기업", 2},           {"소상공인", 2},     {"전통시장", 2}, {"관광", 2},
    {"문화", 2},         {"체육", 2},           {"공원", 2},         {"하천", 1},     {"상수도", 1},
    {"하수도", 1},       {"폐기물", 1},         {"재활용", 1},       {"미세먼지", 1}, {"에너지", 1},
    {"주택", 2},         {"재개발", 1},         {"재건축", 1},       {"안전", 3},     {"재난", 1},
    {"소방", 1},         {"방범", 1},           {"CCTV", 1.5},       {"가로등", 0.8}, {"보건", 1},
    {"감염병", 0.7},     {"병원", 1},           {"학교", 2},         {"급식", 1},     {"도서관", 1},
    {"평생교육", 0.6},   {"다문화", 0.5},       {"장애인", 1},       {"여성", 1},     {"가족", 1},
    {"공무원", 1.5},     {"조직", 1},           {"인사", 1},         {"감사", 2},     {"예비비", 0.5},
    {"기금", 1},         {"채무", 0.6},         {"세입", 0.8},       {"세출", 0.8},   {"지방세", 0.7},
    {"보조금", 1},       {"민간위탁", 0.7},     {"용역", 1},         {"협약", 0.7},   {"공모", 0.6},
    {"홍보", 0.8},       {"축제", 0.6},         {"행사", 0.8},       {"위원회", 2},   {"집행부", 1.5},
    {"시장", 2},         {"부시장", 0.6},       {"국장", 1},         {"과장", 1},     {"실장", 1},
    {"의장", 1.5},       {"질의", 3},           {"답변", 3},         {"상정", 1.5},   {"가결", 1},
    {"원안", 1},         {"수정안", 0.6},       {"심사", 1.5},       {"보고", 1.5},   {"자료", 2},
    {"현황", 2},         {"대책", 1.5},         {"개선", 1.5},       {"지원", 2},     {"확대", 1.5},
    {"2024년도", 1},     {"2025년도", 1.5},     {"2026년도", 2},     {"내년도", 1},   {"올해", 1.5},
    {"교통약자", 0.5},   {"공공시설", 0.8},     {"어린이집", 0.6},   {"전기차", 0.5}, {"충전", 0.6},
    {"자전거", 0.5},     {"보행자", 0.5},       {"횡단보도", 0.4},   {"스쿨존", 0.3}, {"택시", 0.6},
};

// Rare phrases: one cue in roughly ten thousand carries one.
constexpr std::string_view kRare[] = {"예산낭비신고센터", "수소충전소", "드론배송"};

constexpr std::string_view kParticles[] = {"의", "에", "에 대해", "을",   "를",   "은",   "는", "이",
                                           "가", "과", "와",      "관련", "으로", "에서", "도", ""};

constexpr std::string_view kOpeners[] = {
    "존경하는 위원장님,", "네,",           "다음은", "그러면", "이어서", "의장님,",
    "위원님 말씀처럼",    "말씀드린 대로", "먼저",   "끝으로"};

constexpr std::string_view kPredicates[] = {
    "질의하겠습니다.",
    "답변드리겠습니다.",
    "말씀해 주시기 바랍니다.",
    "검토하고 있습니다.",
    "추진하겠습니다.",
    "필요하다고 생각합니다.",
    "상정합니다.",
    "원안대로 가결되었음을 선포합니다.",
    "이의 없으십니까?",
    "확인해 보겠습니다.",
    "부족한 상황입니다.",
    "보고드리겠습니다.",
    "자료를 제출해 주십시오.",
    "개선하도록 하겠습니다.",
    "어떻게 보십니까?",
    "심도 있게 논의하겠습니다.",
    "문제가 있습니다.",
    "잘 알겠습니다.",
};

constexpr std::string_view kSurnames[] = {"김", "이", "박", "최", "정", "강", "조", "윤", "장", "임",
                                          "한", "오", "서", "신", "권", "황", "안", "송", "류", "홍"};
constexpr std::string_view kGiven[] = {"민수", "영희", "철수", "지훈", "서연", "현우", "수진", "동현",
                                       "미경", "성호", "은정", "재원", "혜진", "상철", "유나", "태식"};
constexpr std::string_view kRoles[] = {"의원",   "위원장",       "의장",     "부의장",
                                       "위원",   "기획조정실장", "교통국장", "복지국장",
                                       "교육감", "시장",         "환경국장", "도시계획과장"};

constexpr std::string_view kStanding[] = {"기획행정위원회", "문화복지위원회", "산업경제위원회",
                                          "건설교통위원회", "교육위원회",     "환경도시위원회"};
constexpr std::string_view kSpecial[] = {"예산결산특별위원회", "윤리특별위원회", "행정사무조사특별위원회",
                                         "도시재생특별위원회"};

constexpr std::string_view kTopics[] = {
    "주민참여예산",     "공공시설 개방 및 이용",
    "도시계획",         "교통약자 이동편의 증진",
    "청년 기본",        "노인복지",
    "아동친화도시",     "CCTV 설치 및 운영",
    "미세먼지 저감",    "주차장 설치 및 관리",
    "전통시장 육성",    "평생교육 진흥",
    "공무원 정원",      "지방세 감면",
    "재난안전 관리",    "폐기물 관리",
    "도서관 운영",      "자전거 이용 활성화",
    "장애인 복지",      "학교급식 지원",
    "사회적경제 육성",  "문화예술 진흥",
    "하천 관리",        "공원녹지",
    "주택 임대차 지원",
};

class Text {
 public:
  explicit Text(std::uint64_t seed) : rng_(seed) {
    std::vector<double> weights;
    for (const auto& n : kNouns) weights.push_back(n.weight);
    nouns_ = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
  }

  template <class T, std::size_t N>
  const T& pick(const T (&list)[N]) {
    return list[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng_)];
  }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  std::string_view noun() { return kNouns[nouns_(rng_)].text; }

  // One caption cue: an opener now and then, two to four noun phrases, a
  // predicate. About 30 syllables, like a line of real-time captioning.
  std::string cue() {
    std::string s;
    if (chance(0.3)) s += pick(kOpeners), s += ' ';
    const int phrases = between(2, 4);
    for (int i = 0; i < phrases; ++i) {
      if (chance(1e-4)) {
        s += pick(kRare);
      } else {
        s += noun();
        if (chance(0.3)) s += ' ', s += noun();
      }
      const std::string_view particle = pick(kParticles);
      if (particle == "관련") s += ' ';
      s += particle;
      s += ' ';
    }
    s += pick(kPredicates);
    return s;
  }

  std::string agenda_title(int year) {
    const std::string_view topic = pick(kTopics);
    switch (between(0, 7)) {
      case 0:
      case 1:
        return fmt::format("인천광역시 {} 조례 일부개정조례안", topic);
      case 2:
        return fmt::format("인천광역시 {} 조례안", topic);
      case 3:
        return fmt::format("{}년도 인천광역시 일반회계 {}", year,
                           chance(0.5) ? "세입세출예산안" : "추가경정예산안");
      case 4:
        return fmt::format("{} 관련 청원", topic);
      case 5:
        return fmt::format("{} 계획 변경 의견청취안", topic);
      case 6:
        return chance(0.5) ? std::string("행정사무감사 결과보고서 채택의 건")
                           : std::string("의사일정 변경의 건");
      default:
        return fmt::format("{} 기본계획 동의안", topic);
    }
  }

 private:
  std::mt19937_64 rng_;
  std::discrete_distribution<std::size_t> nouns_;
};

struct MeetingData {
  MeetingFields fields;
  std::vector<AgendaItem> agenda;
  std::vector<SpeakerSegment> speakers;
  std::vector<CaptionCue> cues;
  std::uint64_t raw_bytes = 0;
};

// Meeting i of n: dates run from 2018 to the end of 2026 in order (meetings
// are mostly ingested as they happen), bodies and committees mixed.
MeetingData make_meeting(Text& t, int i, int n) {
  MeetingData m;
  const int day = static_cast<int>(static_cast<std::int64_t>(i) * 9 * 365 / n);
  const int year = 2018 + day / 365;
  const int month = 1 + (day % 365) / 31 % 12;
  const int dom = 1 + (day % 365) % 31 % 28;
  const int session = 240 + i / 60;
  const int number = 1 + i % 7;
  const int kind = t.between(0, 19);
  m.fields.date = fmt::format("{:04}-{:02}-{:02}", year, month, dom);
  m.fields.session = session;
  m.fields.session_kind = t.chance(0.3) ? "regular" : "extraordinary";
  m.fields.number = number;
  const char* meeting_kind = *m.fields.session_kind == "regular" ? "정례회" : "임시회";
  if (kind < 6) {
    m.fields.body = "plenary";
    m.fields.title = fmt::format("제{}회 인천광역시의회 {} 제{}차 본회의", session, meeting_kind, number);
  } else if (kind < 17) {
    m.fields.body = "standing";
    m.fields.committee = std::string(t.pick(kStanding));
    m.fields.title = fmt::format("제{}회 {} 제{}차 회의", session, *m.fields.committee, number);
  } else {
    m.fields.body = "special";
    m.fields.committee = std::string(t.pick(kSpecial));
    m.fields.title = fmt::format("제{}회 {} 제{}차 회의", session, *m.fields.committee, number);
  }
  m.raw_bytes += m.fields.title.size();

  double at = 0;
  for (int no = 1; no <= kAgendaPerMeeting; ++no) {
    const double length = t.between(60, 600);
    std::optional<std::string> result;
    if (t.chance(0.7)) result = t.chance(0.9) ? "가결" : "부결";
    m.agenda.push_back({no, t.agenda_title(year + t.between(0, 1)), at, at + length, result});
    m.raw_bytes += m.agenda.back().title.size();
    at += length;
  }
  const double duration = at;
  for (int s = 0; s < kSpeakersPerMeeting; ++s) {
    const std::string_view role = t.pick(kRoles);
    std::string name = std::string(t.pick(kSurnames));
    name += t.chance(0.5) ? std::string(role) : std::string(t.pick(kGiven));
    const double start = duration * s / kSpeakersPerMeeting;
    m.speakers.push_back({name, std::string(role), start, start + duration / kSpeakersPerMeeting});
    m.raw_bytes += name.size() + role.size();
  }
  for (int c = 0; c < kCuesPerMeeting; ++c) {
    const double start = duration * c / kCuesPerMeeting;
    m.cues.push_back({start, start + 4.5, t.cue()});
    m.raw_bytes += m.cues.back().text.size();
  }
  return m;
}

template <class T>
T check(gavel::Result<T> r, std::string_view what) {
  if (!r) {
    fmt::print(stderr, "{}: {}\n", what, r.error().message);
    std::exit(1);
  }
  if constexpr (!std::is_void_v<T>) return std::move(*r);
}

std::unique_ptr<Store> open_store(const fs::path& file) {
  return check(gavel::index::open_sqlite(file), "open");
}

// ---- queries ----

struct Query {
  std::string kind;  // what sort of text was typed
  std::string label;
  SearchQuery q;
};

std::vector<Query> query_mix() {
  const std::vector<std::pair<std::string, std::vector<std::string>>> texts = {
      {"two-syllable", {"예산", "조례", "의장", "교통"}},
      {"compound", {"주민참여예산", "일부개정조례안"}},
      {"multi-word", {"2026 예산", "도시 계획"}},
      {"latin/number", {"CCTV"}},
      {"rare", {"수소충전소"}},
      {"no-match", {"양자컴퓨터"}},
  };
  std::vector<Query> out;
  for (const auto& [kind, words] : texts) {
    for (const auto& w : words) {
      SearchQuery plain;
      plain.text = w;
      out.push_back({kind, w, plain});
      SearchQuery standing = plain;
      standing.body = "standing";
      out.push_back({kind, w + " [body=standing]", standing});
      SearchQuery range = plain;
      range.from = "2025-01-01";
      range.to = "2025-06-30";
      out.push_back({kind, w + " [2025-01..06]", range});
      SearchQuery page2 = plain;
      page2.page = 2;
      out.push_back({kind, w + " [page 2]", page2});
    }
  }
  return out;
}

// CPU time of this thread: what a search costs apart from waiting for a
// core the other processes on a shared machine hold.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

void print_row(std::string_view label, const std::vector<double>& ms, const std::vector<double>& cpu,
               std::string_view extra) {
  fmt::print("  {:<34} {:>5} {:>8.2f} {:>8.2f} {:>8.2f} {:>8.2f} | {:>8.2f} {:>8.2f}  {}\n", label, ms.size(),
             percentile(ms, 50), percentile(ms, 95), percentile(ms, 99),
             *std::max_element(ms.begin(), ms.end()), percentile(cpu, 50), percentile(cpu, 95), extra);
}

struct Options {
  fs::path dir;
  int meetings = 10000;
  int reps = 20;
  bool keep = false;
  bool queries = true;
  fs::path progress_writer;  // set: play a worker on this archive instead
};

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        fmt::print(stderr, "{} needs a value\n", a);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--dir")
      o.dir = value();
    else if (a == "--meetings")
      o.meetings = std::stoi(value());
    else if (a == "--reps")
      o.reps = std::stoi(value());
    else if (a == "--keep")
      o.keep = true;
    else if (a == "--no-queries")
      o.queries = false;
    else if (a == "--progress-writer")
      o.progress_writer = value();
    else {
      fmt::print(stderr,
                 "usage: search_bench [--dir DIR] [--meetings N] [--reps N] [--keep] [--no-queries]\n"
                 "       search_bench --progress-writer DIR\n");
      std::exit(2);
    }
  }
  return o;
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::atomic<bool> stopping{false};

// A worker's writes while the server searches: progress and lease renewal
// of one claimed job, ten times a second, until SIGTERM or SIGINT.
int write_progress(const fs::path& dir) {
  std::signal(SIGTERM, [](int) { stopping = true; });
  std::signal(SIGINT, [](int) { stopping = true; });
  auto store = open_store(dir / "gavel.db");
  auto& jobs = store->jobs();
  const auto job = check(jobs.enqueue_transcode(1), "enqueue_transcode");
  const std::string owner = fmt::format("search-bench:{}", ::getpid());
  check(jobs.claim_job(owner, 60, job), "claim_job");
  int reports = 0;
  for (; !stopping; ++reports) {
    check(jobs.report_job(job, owner, (reports % 1000) / 1000.0, 12.5, 100, 60), "report_job");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  check(jobs.finish_job(job, owner, "cancelled", std::nullopt), "finish_job");
  fmt::print("progress writer: {} reports\n", reports);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse_options(argc, argv);
  if (!o.progress_writer.empty()) return write_progress(o.progress_writer);
  const bool own_dir = o.dir.empty();
  if (own_dir) o.dir = fs::temp_directory_path() / fmt::format("gavel-search-bench-{}", ::getpid());
  fs::create_directories(o.dir);
  const fs::path db = o.dir / "gavel.db";
  const bool reuse = fs::exists(db);

  std::uint64_t raw_bytes = 0;
  if (reuse) {
    fmt::print("reusing {} (build figures not measured)\n", db.string());
  } else {
    fmt::print("building {} meetings into {}\n", o.meetings, db.string());
    auto store = open_store(db);
    auto& archive = store->archive();
    Text text(20261113);
    const auto t0 = Clock::now();
    double generating = 0;
    for (int i = 0; i < o.meetings; ++i) {
      const auto g0 = Clock::now();
      MeetingData m = make_meeting(text, i, o.meetings);
      generating += seconds_since(g0);
      raw_bytes += m.raw_bytes;
      const auto id = check(archive.create_meeting(m.fields), "create_meeting");
      check(archive.replace_programme(id, m.agenda, m.speakers, {}), "replace_programme");
      check(store->captions().replace_captions(id, "ko", m.cues), "replace_captions");
      // Published, as a packaged meeting is: search holds public meetings only.
      check(archive.set_status(id, "ready", std::nullopt, 3600.0), "set_status");
      if ((i + 1) % 1000 == 0)
        fmt::print("  {:>6} meetings  {:7.1f} s\n", i + 1, seconds_since(t0) - generating);
    }
    store.reset();  // closing the last connection checkpoints the WAL into the file
    const double build = seconds_since(t0) - generating;
    const auto size = fs::file_size(db);
    fmt::print(
        "\nbuild: {} meetings, {} agenda items, {} speaker segments, {} caption cues in {:.1f} s"
        " ({:.0f} cues/s; text generation, {:.1f} s, not counted)\n",
        o.meetings, o.meetings * kAgendaPerMeeting, o.meetings * kSpeakersPerMeeting,
        o.meetings * kCuesPerMeeting, build, o.meetings * kCuesPerMeeting / build, generating);
    fmt::print("size: database {:.1f} MB, raw text {:.1f} MB, ratio {:.2f}x\n", size / 1e6, raw_bytes / 1e6,
               static_cast<double>(size) / static_cast<double>(raw_bytes));
  }

  if (!o.queries) {
    fmt::print("\narchive kept in {}\n", o.dir.string());
    return 0;
  }
  auto store = open_store(db);
  const std::vector<Query> queries = query_mix();
  std::vector<std::vector<double>> ms(queries.size()), cpu(queries.size());
  std::vector<std::string> shape(queries.size());
  for (int round = -1; round < o.reps; ++round) {  // round -1 warms the cache
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const auto t0 = Clock::now();
      const double c0 = thread_cpu_ms();
      auto r = check(store->search().search(queries[i].q), "search");
      const double elapsed = seconds_since(t0) * 1000;
      const double used = thread_cpu_ms() - c0;
      if (round < 0) {
        shape[i] = fmt::format("{} hits{}{}", r.hits.size(), r.has_more ? ", more" : "",
                               r.hits.empty() ? "" : ", first: " + r.hits.front().kind);
      } else {
        ms[i].push_back(elapsed);
        cpu[i].push_back(used);
      }
    }
  }

  fmt::print(
      "\nlatency of SearchIndex::search, ms ({} rounds after one warm-up; cpu: this thread's CPU time)\n",
      o.reps);
  fmt::print("  {:<34} {:>5} {:>8} {:>8} {:>8} {:>8} | {:>8} {:>8}\n", "query", "n", "p50", "p95", "p99",
             "max", "cpu p50", "cpu p95");
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> by_kind;
  std::vector<std::string> kind_order;
  std::vector<double> all, all_cpu;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    print_row(queries[i].label, ms[i], cpu[i], shape[i]);
    auto& [k, kc] = by_kind[queries[i].kind];
    if (k.empty()) kind_order.push_back(queries[i].kind);
    k.insert(k.end(), ms[i].begin(), ms[i].end());
    kc.insert(kc.end(), cpu[i].begin(), cpu[i].end());
    all.insert(all.end(), ms[i].begin(), ms[i].end());
    all_cpu.insert(all_cpu.end(), cpu[i].begin(), cpu[i].end());
  }
  fmt::print("\nby kind of query\n");
  for (const auto& kind : kind_order) print_row(kind, by_kind[kind].first, by_kind[kind].second, "");
  print_row("overall", all, all_cpu, "");

  store.reset();
  if (own_dir && !o.keep)
    fs::remove_all(o.dir);
  else
    fmt::print("\narchive kept in {}\n", o.dir.string());
  return 0;
}
