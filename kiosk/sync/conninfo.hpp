#pragma once
// Connection strings for libpq, made safe to log.

#include <string>
#include <string_view>

namespace chillnode {

// Returns conninfo with every password replaced by "***": the password of a URI's user
// info (postgresql://unit:secret@host), a URI query's password=, and a key=value string's
// password (quoted or not). Text that cannot be parsed is replaced whole by a notice,
// because a guess could leak the password.
std::string redactConninfo(std::string_view conninfo);

// Returns message with every password of conninfo replaced by "***", both as written and,
// for a URI, percent-decoded. libpq quotes parts of the connection string in its errors (an
// invalid percent-encoding, for one), so its messages pass through here before they are
// logged or shown.
std::string redactPasswords(std::string message, std::string_view conninfo);

}  // namespace chillnode
