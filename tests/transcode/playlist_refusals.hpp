#pragma once
// The media playlists every reader of packaged media (clips, the podcast
// file) refuses before reading any media, checked through each reader:
// `refusal(text)` writes `text` as the rendition's playlist and returns the
// reader's error.

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "gavel/result.hpp"

namespace gavel::test {

inline void expect_bad_media_playlists_refused(const std::function<Error(const std::string&)>& refusal) {
  EXPECT_EQ(refusal("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:6,\ns.m4s\n").code, Errc::not_ready)
      << "unfinished";
  const auto no_extinf = refusal("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\ns.m4s\n#EXT-X-ENDLIST\n");
  EXPECT_EQ(no_extinf.code, Errc::bad_input);
  EXPECT_NE(no_extinf.message.find("line 3"), std::string::npos) << no_extinf.message;
  const auto byte_range =
      refusal("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\",BYTERANGE=\"9@0\"\n#EXTINF:6,\ns.m4s\n#EXT-X-ENDLIST\n");
  EXPECT_EQ(byte_range.message, "byte-range init segments are not supported");
  EXPECT_EQ(refusal("#EXTM3U\n#EXT-X-MAP:URI=\"../init.mp4\"\n#EXTINF:6,\ns.m4s\n#EXT-X-ENDLIST\n").code,
            Errc::bad_input);
}

}  // namespace gavel::test
