#pragma once
// The untrusted text of tus headers: Upload-Metadata's base64 values and
// Upload-Checksum's digest.

#include <optional>
#include <string>
#include <string_view>

namespace gavel::server {

// Standard base64 (with padding); empty for text that is not.
std::string base64_decode(std::string_view in);

// "filename ZmlsZS5tcDQ=,meeting MQ==" -> the decoded value of `key`; an
// empty string for a key without a value; nothing for a key not there.
std::optional<std::string> metadata_value(std::string_view metadata, std::string_view key);

}  // namespace gavel::server
