#include "site_url.hpp"

#include <algorithm>

namespace gavel::server {
namespace {

bool is_plain_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == ':' || c == '[' || c == ']';
  });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string site_origin(const Request& req, const RequestContext& ctx) {
  std::string scheme = ctx.secure ? "https" : "http";
  // A chain of proxies lists the first (client-facing) one first.
  const auto forwarded = trim(req["X-Forwarded-Proto"].substr(0, req["X-Forwarded-Proto"].find(',')));
  if (forwarded == "https" || forwarded == "http") scheme = std::string(forwarded);
  const auto host = trim(req[http::field::host]);
  return scheme + "://" + (is_plain_host(host) ? std::string(host) : std::string("localhost"));
}

}  // namespace gavel::server
