#pragma once
// Live channels: one per room that broadcasts. A channel is named once and
// keeps its stream key's hash; the ingest finds the channel a publisher
// means by the hash of the key it presents. An interface (see
// archive.hpp); thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gavel/index/records.hpp"
#include "gavel/result.hpp"

namespace gavel::index {

class Channels {
 public:
  virtual ~Channels() = default;
  // Fails with `conflict` when the name (or, by a one-in-2^128 chance, the
  // key) is taken, and `bad_input` for a body that is not one.
  virtual Result<std::int64_t> create_channel(const std::string& name, const std::string& body,
                                              const std::optional<std::string>& committee,
                                              const std::string& key_hash) = 0;
  // Every channel, by name.
  virtual Result<std::vector<Channel>> channels() = 0;
  virtual Result<std::optional<Channel>> channel(const std::string& name) = 0;
  virtual Result<std::optional<Channel>> channel_for_key(const std::string& key_hash) = 0;
  // The old key stops working at once; false when there is no such channel.
  virtual Result<bool> set_channel_key(const std::string& name, const std::string& key_hash) = 0;
};

}  // namespace gavel::index
