#include "client_address.hpp"

#include <algorithm>

namespace gavel::server {
namespace {

bool is_trusted(std::string_view address, const std::vector<std::string>& trusted) {
  return is_loopback(address) || std::find(trusted.begin(), trusted.end(), address) != trusted.end();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool is_loopback(std::string_view address) {
  return address == "127.0.0.1" || address == "::1" || address == "::ffff:127.0.0.1";
}

std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted) {
  if (!is_trusted(peer, trusted)) return peer;
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const auto hop = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (hop.empty()) continue;
    // Only an address is an address: a malformed hop ends the chain here.
    boost::system::error_code ec;
    const auto parsed = asio::ip::make_address(std::string(hop), ec);
    if (ec) break;
    const auto text = parsed.to_string();
    if (!is_trusted(text, trusted)) return text;
  }
  return peer;
}

}  // namespace gavel::server
