#pragma once
// Clerk and admin accounts and their login sessions. Passwords arrive
// hashed; sessions are keyed by a hash of the cookie's token, so the store
// alone logs no one in. An interface (see archive.hpp); thread-safe.

#include <cstdint>
#include <optional>
#include <string>

#include "gavel/index/records.hpp"
#include "gavel/result.hpp"

namespace gavel::index {

class Accounts {
 public:
  virtual ~Accounts() = default;
  virtual Result<std::int64_t> create_account(const std::string& username, const std::string& role,
                                              const std::string& password_hash) = 0;
  virtual Result<std::optional<Account>> account(const std::string& username) = 0;
  // A new password ends every session the old one opened.
  virtual Result<void> set_password(std::int64_t account, const std::string& password_hash) = 0;
  virtual Result<std::int64_t> account_count() = 0;
  virtual Result<void> create_session(const std::string& token_hash, std::int64_t account,
                                      const std::string& csrf_token, double expires) = 0;
  // The session, when it exists and has not expired by `now` (Unix seconds).
  virtual Result<std::optional<Session>> session(const std::string& token_hash, double now) = 0;
  virtual Result<void> delete_session(const std::string& token_hash) = 0;
};

}  // namespace gavel::index
