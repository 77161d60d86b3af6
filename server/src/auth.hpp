#pragma once
// Who is asking: session cookies (or bearer tokens) resolved against the
// index, CSRF checks for cookie-authenticated writes, and the login
// throttle. Only hashes of tokens are ever stored.

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "beast.hpp"
#include "gavel/index/accounts.hpp"

namespace gavel::server {

struct Caller {
  index::Session session;
  std::string token_hash;
  bool via_cookie = false;  // cookies ride along cross-site requests; bearer tokens do not
};

constexpr const char* kSessionCookie = "gavel_session";
constexpr double kSessionSeconds = 12 * 3600;

// libsodium must be initialised once before any of the below.
void init_crypto();
std::string random_token();  // 32 random bytes, base64url
std::string token_hash(const std::string& token);
std::string hash_password(const std::string& password);  // Argon2id, libsodium's string format
bool verify_password(const std::string& hash, const std::string& password);
// Spends the time a real verification would, so unknown names are not
// told apart from wrong passwords by the clock.
void burn_password_check();

std::optional<Caller> authenticate(index::Accounts& accounts, const Request& req);

// A cookie-authenticated write must carry the session's CSRF token in
// X-CSRF-Token, and, if the browser sent an Origin, come from this host.
bool passes_csrf(const Caller& caller, const Request& req);

std::string session_cookie(const std::string& token, double max_age, bool secure);

// Counts failed logins per account and per address in a sliding window.
class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  LoginThrottle(int per_account = 5, int per_address = 20,
                std::chrono::seconds window = std::chrono::minutes(15))
      : per_account_(per_account), per_address_(per_address), window_(window) {}

  // Seconds until another try is allowed; 0 when allowed now.
  long retry_after(const std::string& username, const std::string& address,
                   Clock::time_point now = Clock::now());
  void failed(const std::string& username, const std::string& address, Clock::time_point now = Clock::now());
  void succeeded(const std::string& username);

 private:
  long wait_for(std::deque<Clock::time_point>& failures, int limit, Clock::time_point now);

  const int per_account_;
  const int per_address_;
  const std::chrono::seconds window_;
  std::mutex mutex_;  // guards the maps
  std::map<std::string, std::deque<Clock::time_point>> accounts_;
  std::map<std::string, std::deque<Clock::time_point>> addresses_;
};

}  // namespace gavel::server
