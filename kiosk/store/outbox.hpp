#pragma once
// The outbox: every record HQ needs gets a row here in the same transaction as the record.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "store/database.hpp"

namespace chillnode {

// Schema version of the JSON bodies written by this program, per kind.
constexpr int OutboxSchemaVersion = 1;

// Appends one outbox row inside the caller's open transaction and returns its sequence
// number. eventId must be unique (a UUID made on the unit); body is a JSON object.
std::int64_t appendOutbox(Database& db, std::string_view eventId, std::string_view kind,
                          const Timestamp& at, std::string_view body);

std::int64_t countPendingOutbox(Database& db);

}  // namespace chillnode
