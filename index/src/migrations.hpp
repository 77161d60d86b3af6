#pragma once
// The schema's history: migration N is applied once, in order, in its own
// transaction, and recorded in PRAGMA user_version.

#include <vector>

namespace gavel::index {

struct Migration {
  int version;
  const char* sql;
};

const std::vector<Migration>& migrations();

}  // namespace gavel::index
