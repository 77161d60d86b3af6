#pragma once
// Live channels as a clerk sets them up: a name, the body its meetings
// belong to, and a stream key made here, shown once and then kept only as
// a hash (like a login session's token). The encoder in the room is given
// the key inside the RTMP or SRT URL.

#include <optional>
#include <string>

#include "gavel/index/channels.hpp"
#include "gavel/result.hpp"

namespace gavel::server {

struct ChannelWithKey {
  index::Channel channel;
  std::string key;  // the only time it is known in the clear
};

// Fails with `bad_input` (a name that is empty, longer than 100 bytes or
// holds control characters; a body that is not one; a committee over 200
// bytes) or `conflict` (the name is taken).
Result<ChannelWithKey> add_channel(index::Channels& channels, const std::string& name,
                                   const std::string& body, const std::optional<std::string>& committee);
// A new key; the old one stops working at once. `not_found` for no such channel.
Result<ChannelWithKey> rotate_channel_key(index::Channels& channels, const std::string& name);
// What the store keeps of a key, and what a publisher's key is looked up by.
std::string stream_key_hash(const std::string& key);

}  // namespace gavel::server
