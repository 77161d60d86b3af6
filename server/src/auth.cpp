#include "auth.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <ctime>
#include <stdexcept>

#include "gavel/server/accounts.hpp"

namespace gavel::server {
namespace {

// Argon2id at libsodium's "interactive" cost: ~64 MB and well under a
// second, paid once per login on the handler pool.
constexpr auto kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr auto kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    auto pair = header.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return {};
}

bool equal_in_constant_time(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

void init_crypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string random_token() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string token_hash(const std::string& token) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string hash_password(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), kOpsLimit, kMemLimit) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_password(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void burn_password_check() {
  static const std::string decoy = hash_password(random_token());
  (void)verify_password(decoy, "not the password");
}

std::optional<Caller> authenticate(index::Accounts& accounts, const Request& req) {
  std::string token;
  bool via_cookie = false;
  const auto authorization = req[http::field::authorization];
  if (authorization.substr(0, 7) == "Bearer ") {
    token = std::string(authorization.substr(7));
  } else {
    token = cookie_value(req[http::field::cookie], kSessionCookie);
    via_cookie = true;
  }
  if (token.empty() || token.size() > 128) return std::nullopt;
  const std::string hash = token_hash(token);
  auto session = accounts.session(hash, static_cast<double>(std::time(nullptr)));
  if (!session || !*session) return std::nullopt;
  return Caller{**session, hash, via_cookie};
}

bool passes_csrf(const Caller& caller, const Request& req) {
  if (!caller.via_cookie) return true;
  const std::string origin(req[http::field::origin]);
  if (!origin.empty()) {
    const std::string host(req[http::field::host]);
    if (origin != "http://" + host && origin != "https://" + host) return false;
  }
  return equal_in_constant_time(std::string(req["X-CSRF-Token"]), caller.session.csrf_token);
}

std::string session_cookie(const std::string& token, double max_age, bool secure) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie, token,
                     static_cast<long long>(max_age), secure ? "; Secure" : "");
}

long LoginThrottle::wait_for(std::deque<Clock::time_point>& failures, int limit, Clock::time_point now) {
  while (!failures.empty() && now - failures.front() >= window_) failures.pop_front();
  if (static_cast<int>(failures.size()) < limit) return 0;
  return std::max<long>(
      1, std::chrono::duration_cast<std::chrono::seconds>(failures.front() + window_ - now).count());
}

long LoginThrottle::retry_after(const std::string& username, const std::string& address,
                                Clock::time_point now) {
  std::lock_guard lock(mutex_);
  return std::max(wait_for(accounts_[username], per_account_, now),
                  wait_for(addresses_[address], per_address_, now));
}

void LoginThrottle::failed(const std::string& username, const std::string& address, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  // Bounded memory under a spray of names: forget the oldest entries.
  if (accounts_.size() > 10000) accounts_.clear();
  if (addresses_.size() > 10000) addresses_.clear();
  accounts_[username].push_back(now);
  addresses_[address].push_back(now);
}

void LoginThrottle::succeeded(const std::string& username) {
  std::lock_guard lock(mutex_);
  accounts_.erase(username);
}

bool is_valid_username(const std::string& username) {
  if (username.empty() || username.size() > 64) return false;
  for (unsigned char c : username)
    if (!(std::isalnum(c) || c == '.' || c == '_' || c == '-' || c >= 0x80)) return false;
  return true;
}

Result<void> add_account(index::Accounts& accounts, const std::string& username, const std::string& role,
                         const std::string& password, bool replace) {
  init_crypto();
  if (!is_valid_username(username))
    return make_error(Errc::bad_input, "a user name is letters, digits, '.', '_' or '-', at most 64",
                      "아이디는 글자, 숫자, '.', '_', '-'로 최대 64바이트까지 쓸 수 있습니다");
  if (role != "clerk" && role != "admin")
    return make_error(Errc::bad_input, "the role is clerk or admin",
                      "역할은 clerk(사무처) 또는 admin(관리자)입니다");
  if (password.size() < kMinPasswordLength)
    return make_error(Errc::bad_input,
                      fmt::format("the password needs at least {} characters", kMinPasswordLength),
                      fmt::format("비밀번호는 {}자 이상이어야 합니다", kMinPasswordLength));
  auto existing = accounts.account(username);
  if (!existing) return existing.error();
  if (*existing) {
    if (!replace)
      return make_error(Errc::conflict, fmt::format("user {} already exists", username),
                        fmt::format("{} 계정이 이미 있습니다", username));
    return accounts.set_password((*existing)->id, hash_password(password));
  }
  auto id = accounts.create_account(username, role, hash_password(password));
  if (!id) return id.error();
  return {};
}

}  // namespace gavel::server
