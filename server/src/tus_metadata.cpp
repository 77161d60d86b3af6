#include "tus_metadata.hpp"

#include <sodium.h>

namespace gavel::server {

std::string base64_decode(std::string_view in) {
  std::string out(in.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(), in.size(),
                        nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return {};
  out.resize(len);
  return out;
}

std::optional<std::string> metadata_value(std::string_view metadata, std::string_view key) {
  while (!metadata.empty()) {
    const auto comma = metadata.find(',');
    auto pair = metadata.substr(0, comma);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto space = pair.find(' ');
    if (pair.substr(0, space) == key)
      return space == std::string_view::npos ? std::string() : base64_decode(pair.substr(space + 1));
    if (comma == std::string_view::npos) break;
    metadata.remove_prefix(comma + 1);
  }
  return std::nullopt;
}

}  // namespace gavel::server
