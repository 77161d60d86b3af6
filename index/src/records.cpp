#include "gavel/index/records.hpp"

#include <cstdio>

namespace gavel::index {

bool is_valid_body(const std::string& body) {
  return body == "plenary" || body == "standing" || body == "special";
}

bool is_valid_status(const std::string& status) {
  return status == "pending" || status == "processing" || status == "ready" || status == "failed";
}

bool is_public_status(const std::string& status) { return status == "ready" || status == "processing"; }

bool is_valid_session_kind(const std::string& kind) { return kind == "regular" || kind == "extraordinary"; }

bool is_valid_date(const std::string& date) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

}  // namespace gavel::index
