#pragma once
// Clerk and admin accounts: passwords hashed with Argon2id (libsodium).

#include <string>

#include "gavel/index/accounts.hpp"
#include "gavel/result.hpp"

namespace gavel::server {

constexpr std::size_t kMinPasswordLength = 10;

// Creates the account, or sets a new password when `replace` and it exists.
Result<void> add_account(index::Accounts& accounts, const std::string& username, const std::string& role,
                         const std::string& password, bool replace = false);

bool is_valid_username(const std::string& username);

}  // namespace gavel::server
