#include "store/time_anchor_store.hpp"

#include <cstdlib>

#include "core/json_writer.hpp"
#include "core/uuid.hpp"
#include "store/outbox.hpp"

namespace chillnode {

namespace {

// A wall clock step smaller than this since the last kernel anchor is not worth a new one.
constexpr std::int64_t KernelAnchorStepMs = 1000;

std::string anchorBody(const TimeAnchor& anchor, std::string_view unitId) {
  return JsonObjectWriter()
      .field("anchor_id", anchor.id)
      .field("unit_id", unitId)
      .field("source", anchorSourceName(anchor.source))
      .field("boot_id", anchor.bootId)
      .field("mono_ms", anchor.monoMs)
      .field("unit_wall_ms", anchor.unitWallMs)
      .field("unit_wall_synced", anchor.unitWallSynced)
      .field("reference_wall_ms", anchor.referenceWallMs)
      .field("uncertainty_ms", anchor.uncertaintyMs)
      .finish();
}

}  // namespace

std::string_view anchorSourceName(AnchorSource source) {
  return source == AnchorSource::Hq ? "hq" : "kernel";
}

std::string recordTimeAnchor(Database& db, TimeAnchor anchor, std::string_view unitId) {
  if (anchor.id.empty()) anchor.id = makeUuid();
  Transaction tx(db);
  auto insert = db.prepare(
      "INSERT INTO time_anchors (id, source, boot_id, mono_ms, unit_wall_ms, unit_wall_synced,"
      " reference_wall_ms, uncertainty_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, anchor.id).bind(2, anchorSourceName(anchor.source)).bind(3, anchor.bootId);
  insert.bind(4, anchor.monoMs).bind(5, anchor.unitWallMs).bind(6, std::int64_t{anchor.unitWallSynced ? 1 : 0});
  insert.bind(7, anchor.referenceWallMs).bind(8, anchor.uncertaintyMs);
  insert.run();
  Timestamp at;
  at.bootId = anchor.bootId;
  at.monoMs = anchor.monoMs;
  at.wallMs = anchor.unitWallMs;
  at.wallSynced = anchor.unitWallSynced;
  appendOutbox(db, anchor.id, "anchor", at, anchorBody(anchor, unitId));
  tx.commit();
  return anchor.id;
}

std::optional<TimeAnchor> latestTimeAnchor(Database& db, std::string_view bootId, AnchorSource source) {
  auto select = db.prepare(
      "SELECT id, mono_ms, unit_wall_ms, unit_wall_synced, reference_wall_ms, uncertainty_ms FROM time_anchors"
      " WHERE boot_id = ? AND source = ? ORDER BY mono_ms DESC LIMIT 1");
  select.bind(1, bootId).bind(2, anchorSourceName(source));
  if (!select.step()) return std::nullopt;
  TimeAnchor anchor;
  anchor.id = select.text(0);
  anchor.source = source;
  anchor.bootId = std::string(bootId);
  anchor.monoMs = select.integer(1);
  anchor.unitWallMs = select.integer(2);
  anchor.unitWallSynced = select.integer(3) != 0;
  anchor.referenceWallMs = select.integer(4);
  anchor.uncertaintyMs = select.integer(5);
  return anchor;
}

bool recordKernelAnchorIfDue(Database& db, std::string_view unitId, const Timestamp& now) {
  if (!now.wallSynced) return false;
  std::optional<TimeAnchor> last = latestTimeAnchor(db, now.bootId, AnchorSource::Kernel);
  if (last) {
    std::int64_t lastOffset = last->referenceWallMs - last->monoMs;
    std::int64_t offset = now.wallMs - now.monoMs;
    if (std::llabs(offset - lastOffset) <= KernelAnchorStepMs) return false;
  }
  TimeAnchor anchor;
  anchor.source = AnchorSource::Kernel;
  anchor.bootId = now.bootId;
  anchor.monoMs = now.monoMs;
  anchor.unitWallMs = now.wallMs;
  anchor.unitWallSynced = true;
  anchor.referenceWallMs = now.wallMs;
  recordTimeAnchor(db, anchor, unitId);
  return true;
}

}  // namespace chillnode
