#pragma once
// Time anchors: a trusted wall time paired with the unit's boot id and monotonic time. HQ
// adds the monotonic difference to the nearest anchor of the same boot to correct the time of
// records made while the unit's wall clock was wrong (a Raspberry Pi has no battery clock).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "store/database.hpp"

namespace chillnode {

enum class AnchorSource {
  Kernel,  // the kernel reported the wall clock synchronized (NTP), so that clock is the reference
  Hq,      // the HQ server's now(), read over the sync connection
};

std::string_view anchorSourceName(AnchorSource source);

struct TimeAnchor {
  std::string id;  // UUID, also the event id of its outbox row
  AnchorSource source = AnchorSource::Kernel;
  std::string bootId;
  std::int64_t monoMs = 0;           // the unit's CLOCK_BOOTTIME at the reference moment
  std::int64_t unitWallMs = 0;       // the unit's wall clock at that moment
  bool unitWallSynced = false;
  std::int64_t referenceWallMs = 0;  // the trusted Unix time in ms at that moment
  std::int64_t uncertaintyMs = 0;    // for HQ anchors, half the query's round trip
};

// Stores the anchor and its "anchor" outbox row in one transaction and returns its id (made
// here when anchor.id is empty). Throws StoreError.
std::string recordTimeAnchor(Database& db, TimeAnchor anchor, std::string_view unitId);

// Returns the newest anchor of this boot from this source.
std::optional<TimeAnchor> latestTimeAnchor(Database& db, std::string_view bootId, AnchorSource source);

// Records a kernel anchor when now is synchronized and this boot has none yet, or when the
// wall clock moved by more than 1 s against the monotonic clock since the last one (NTP
// stepped it). Returns true when an anchor was recorded. Throws StoreError.
bool recordKernelAnchorIfDue(Database& db, std::string_view unitId, const Timestamp& now);

}  // namespace chillnode
