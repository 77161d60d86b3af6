#pragma once
// Text for XML documents (the Atom and podcast feeds): escaping, and the
// two date formats feeds use; and the UTC timestamp feeds and open-data
// exports are stamped with.

#include <string>
#include <string_view>

namespace gavel::server {

// Escapes markup characters (& < > " ') for text and attribute values,
// drops characters XML 1.0 forbids (C0 controls but tab and newlines) and
// replaces bytes that are not UTF-8 with U+FFFD, so whatever a clerk typed
// cannot make the document ill-formed.
std::string xml_escape(std::string_view text);

// SQLite's "YYYY-MM-DDTHH:MM:SSZ" (or a bare YYYY-MM-DD) as RFC 3339 for
// Atom; "1970-01-01T00:00:00Z" for anything else.
std::string rfc3339(std::string_view timestamp);
// The same as RFC 822 (four-digit year) for RSS, e.g.
// "Fri, 13 Nov 2026 09:30:00 +0000".
std::string rfc822(std::string_view timestamp);
// Now, as "YYYY-MM-DDTHH:MM:SSZ" (UTC), the form the two above take.
std::string now_utc();

}  // namespace gavel::server
