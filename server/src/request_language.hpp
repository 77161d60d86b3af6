#pragma once
// The language a request asks for, from its Accept-Language header: the
// page sends the language it shows, so the server's messages match it.
// Korean when nothing it speaks is asked for.

#include <string_view>

#include "gavel/text.hpp"

namespace gavel::server {

// "en-US,en;q=0.9,ko;q=0.8" -> en; "ko-KR" -> ko; "fr", "" or garbage -> ko.
// The highest q among ko and en wins; on a tie, the one named first.
Language language_from_header(std::string_view accept_language);

}  // namespace gavel::server
