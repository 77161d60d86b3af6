#include "gavel/server/channels.hpp"

#include <fmt/format.h>

#include "auth.hpp"

namespace gavel::server {
namespace {

constexpr std::size_t kMaxName = 100;
constexpr std::size_t kMaxCommittee = 200;

bool has_control_characters(const std::string& text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

Result<ChannelWithKey> found(index::Channels& channels, const std::string& name, std::string key) {
  auto channel = channels.channel(name);
  if (!channel) return channel.error();
  if (!*channel)
    return make_error(Errc::not_found, fmt::format("no channel is named {}", name),
                      fmt::format("{} 채널이 없습니다", name));
  return ChannelWithKey{std::move(**channel), std::move(key)};
}

}  // namespace

std::string stream_key_hash(const std::string& key) { return token_hash(key); }

Result<ChannelWithKey> add_channel(index::Channels& channels, const std::string& name,
                                   const std::string& body, const std::optional<std::string>& committee) {
  if (name.empty() || name.size() > kMaxName || has_control_characters(name))
    return make_error(Errc::bad_input, "a channel's name is 1 to 100 bytes of text, such as 본회의장",
                      "채널 이름은 1~100바이트의 글자입니다 (예: 본회의장)");
  if (committee && (committee->size() > kMaxCommittee || has_control_characters(*committee)))
    return make_error(Errc::bad_input, "the committee is at most 200 bytes of text",
                      "위원회 이름은 200바이트 이하의 글자입니다");
  init_crypto();
  std::string key = random_token();
  auto id = channels.create_channel(name, body, committee, stream_key_hash(key));
  if (!id) return id.error();
  return found(channels, name, std::move(key));
}

Result<ChannelWithKey> rotate_channel_key(index::Channels& channels, const std::string& name) {
  init_crypto();
  std::string key = random_token();
  auto changed = channels.set_channel_key(name, stream_key_hash(key));
  if (!changed) return changed.error();
  if (!*changed)
    return make_error(Errc::not_found, fmt::format("no channel is named {}", name),
                      fmt::format("{} 채널이 없습니다", name));
  return found(channels, name, std::move(key));
}

}  // namespace gavel::server
