#include "sync/hq_schema.hpp"

#include <sodium.h>

namespace chillnode {

namespace {

constexpr const char* GroupRoles[] = {"chillnode_units", "chillnode_readers"};

// The script is plain PostgreSQL 12+ SQL. Unit roles may only INSERT into chillnode.events,
// and row-level security lets them insert rows of their own unit id only. Readers and the
// owner query the views. Bodies stay JSON in the table, and the views extract their fields.
constexpr const char* SchemaSql = R"sql(-- Chill Node HQ schema. Apply as the database owner:
--   chillnode hq schema | psql -v ON_ERROR_STOP=1 -d race
-- Running it again updates the functions and views and keeps every row.
BEGIN;

CREATE SCHEMA IF NOT EXISTS chillnode;

DO $roles$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'chillnode_units') THEN
    CREATE ROLE chillnode_units NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'chillnode_readers') THEN
    CREATE ROLE chillnode_readers NOLOGIN;
  END IF;
END
$roles$;

-- One row per outbox row of every unit. event_id is made on the unit, so a row sent twice
-- is stored once; (unit_id, epoch, seq) is unique too, and epoch changes when a unit's
-- database is created again, so a re-imaged unit's new sequence does not collide.
CREATE TABLE IF NOT EXISTS chillnode.events (
  event_id uuid PRIMARY KEY,
  unit_id text NOT NULL CHECK (unit_id ~ '^[A-Za-z0-9._-]{1,63}$'),
  epoch uuid NOT NULL,
  seq bigint NOT NULL CHECK (seq > 0),
  kind text NOT NULL CHECK (kind ~ '^[a-z_]{1,32}$'),
  schema_version integer NOT NULL CHECK (schema_version > 0),
  boot_id text NOT NULL,
  mono_ms bigint NOT NULL,
  wall_ms bigint NOT NULL,
  wall_synced boolean NOT NULL,
  body jsonb NOT NULL CHECK (jsonb_typeof(body) = 'object'),
  received_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_unit_epoch_seq UNIQUE (unit_id, epoch, seq)
);
CREATE INDEX IF NOT EXISTS events_kind ON chillnode.events (kind, unit_id);
CREATE INDEX IF NOT EXISTS events_anchors ON chillnode.events (unit_id, boot_id, mono_ms) WHERE kind = 'anchor';
CREATE INDEX IF NOT EXISTS events_voucher ON chillnode.events ((body ->> 'voucher_id')) WHERE kind = 'redemption';

-- Units: INSERT only. INSERT ... ON CONFLICT DO NOTHING without a conflict target and
-- without RETURNING needs no other privilege.
REVOKE ALL ON chillnode.events FROM PUBLIC;
GRANT USAGE ON SCHEMA chillnode TO chillnode_units, chillnode_readers;
GRANT INSERT ON chillnode.events TO chillnode_units;
GRANT SELECT ON chillnode.events TO chillnode_readers;
ALTER TABLE chillnode.events ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS units_insert_own_rows ON chillnode.events;
CREATE POLICY units_insert_own_rows ON chillnode.events FOR INSERT TO chillnode_units
  WITH CHECK (unit_id = current_user);
DROP POLICY IF EXISTS readers_read_all ON chillnode.events;
CREATE POLICY readers_read_all ON chillnode.events FOR SELECT TO chillnode_readers USING (true);

-- Field readers that return NULL for a missing or mistyped field instead of failing the
-- whole query, so one odd body cannot break a report.
CREATE OR REPLACE FUNCTION chillnode.json_bigint(j jsonb, key text) RETURNS bigint
  LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN jsonb_typeof(j -> key) = 'number' AND (j ->> key) ~ '^-?[0-9]{1,18}$'
               THEN (j ->> key)::bigint END $$;
CREATE OR REPLACE FUNCTION chillnode.json_bool(j jsonb, key text) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN jsonb_typeof(j -> key) = 'boolean' THEN (j ->> key)::boolean END $$;
CREATE OR REPLACE FUNCTION chillnode.unix_ms_time(ms bigint) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE AS
$$ SELECT to_timestamp(ms / 1000.0) $$;

-- Every event with its corrected time. A unit's wall clock can be years off until NTP
-- syncs (no battery clock), so for a row made while unsynchronized the time is taken from
-- the nearest time anchor of the same boot: the anchor's trusted time plus the monotonic
-- time between the two. NULL when that boot has no anchor yet.
CREATE OR REPLACE VIEW chillnode.timed_events AS
SELECT e.event_id, e.unit_id, e.epoch, e.seq, e.kind, e.schema_version, e.boot_id, e.mono_ms, e.wall_ms,
       e.wall_synced, e.body, e.received_at,
       chillnode.unix_ms_time(e.wall_ms) AS unit_time,
       CASE WHEN e.wall_synced THEN chillnode.unix_ms_time(e.wall_ms)
            ELSE chillnode.unix_ms_time(a.reference_wall_ms + e.mono_ms - a.mono_ms) END AS corrected_time,
       CASE WHEN e.wall_synced THEN 'unit_clock'
            WHEN a.reference_wall_ms IS NOT NULL THEN 'anchor_' || a.source END AS time_source
FROM chillnode.events e
LEFT JOIN LATERAL (
  SELECT chillnode.json_bigint(x.body, 'reference_wall_ms') AS reference_wall_ms,
         chillnode.json_bigint(x.body, 'mono_ms') AS mono_ms,
         x.body ->> 'source' AS source
  FROM chillnode.events x
  WHERE x.kind = 'anchor' AND x.unit_id = e.unit_id AND x.boot_id = e.boot_id
    AND chillnode.json_bigint(x.body, 'reference_wall_ms') IS NOT NULL
  ORDER BY abs(x.mono_ms - e.mono_ms)
  LIMIT 1
) a ON NOT e.wall_synced;

CREATE OR REPLACE VIEW chillnode.time_anchors AS
SELECT body ->> 'anchor_id' AS anchor_id, unit_id, body ->> 'source' AS source, boot_id,
       chillnode.json_bigint(body, 'mono_ms') AS mono_ms,
       chillnode.unix_ms_time(chillnode.json_bigint(body, 'unit_wall_ms')) AS unit_time,
       chillnode.json_bool(body, 'unit_wall_synced') AS unit_wall_synced,
       chillnode.unix_ms_time(chillnode.json_bigint(body, 'reference_wall_ms')) AS reference_time,
       chillnode.json_bigint(body, 'reference_wall_ms') - chillnode.json_bigint(body, 'unit_wall_ms')
         AS unit_clock_error_ms,
       chillnode.json_bigint(body, 'uncertainty_ms') AS uncertainty_ms,
       event_id, epoch, seq, received_at
FROM chillnode.events WHERE kind = 'anchor';

CREATE OR REPLACE VIEW chillnode.checkins AS
SELECT body ->> 'checkin_id' AS checkin_id, unit_id, body ->> 'bib' AS bib, body ->> 'method' AS method,
       corrected_time AS checked_in_at, unit_time, time_source, event_id, epoch, seq, received_at
FROM chillnode.timed_events WHERE kind = 'checkin';

CREATE OR REPLACE VIEW chillnode.visits AS
SELECT body ->> 'visit_id' AS visit_id, body ->> 'checkin_id' AS checkin_id, unit_id, body ->> 'bib' AS bib,
       body ->> 'method' AS method, corrected_time AS visited_at, unit_time, time_source,
       event_id, epoch, seq, received_at
FROM chillnode.timed_events WHERE kind = 'visit';

CREATE OR REPLACE VIEW chillnode.session_transitions AS
SELECT body ->> 'transition_id' AS transition_id, body ->> 'session_id' AS session_id, unit_id,
       NULLIF(body ->> 'from', '') AS from_state, body ->> 'to' AS to_state, body ->> 'reason' AS reason,
       NULLIF(body ->> 'staff_id', '') AS staff_id, chillnode.json_bigint(body, 'bay') AS bay,
       chillnode.json_bigint(body, 'planned_ms') AS planned_ms,
       chillnode.json_bigint(body, 'session_ms') AS session_ms,
       corrected_time AS changed_at, unit_time, time_source, event_id, epoch, seq, received_at
FROM chillnode.timed_events WHERE kind = 'session_transition';

-- One row per session with its latest state and the times it started and ended.
CREATE OR REPLACE VIEW chillnode.sessions AS
SELECT s.body ->> 'session_id' AS session_id, s.unit_id, s.body ->> 'bib' AS bib,
       s.body ->> 'station' AS station, s.corrected_time AS created_at, s.unit_time AS created_unit_time,
       latest.to_state AS state, latest.bay, latest.planned_ms, latest.session_ms,
       (SELECT min(t.changed_at) FROM chillnode.session_transitions t
         WHERE t.session_id = s.body ->> 'session_id' AND t.to_state = 'running') AS started_at,
       (SELECT max(t.changed_at) FROM chillnode.session_transitions t
         WHERE t.session_id = s.body ->> 'session_id'
           AND t.to_state IN ('completed', 'stopped_early', 'expired', 'interrupted')) AS ended_at,
       s.event_id, s.epoch, s.seq, s.received_at
FROM chillnode.timed_events s
LEFT JOIN LATERAL (
  SELECT t.to_state, t.bay, t.planned_ms, t.session_ms FROM chillnode.session_transitions t
  WHERE t.session_id = s.body ->> 'session_id' AND t.unit_id = s.unit_id AND t.epoch = s.epoch
  ORDER BY t.seq DESC LIMIT 1
) latest ON true
WHERE s.kind = 'session';

CREATE OR REPLACE VIEW chillnode.intake_answers AS
SELECT body ->> 'intake_id' AS intake_id, unit_id, body ->> 'bib' AS bib, body ->> 'station' AS station,
       body ->> 'decision' AS decision, body -> 'answers' AS answers, body ->> 'consent_version' AS consent_version,
       corrected_time AS answered_at, unit_time, time_source, event_id, epoch, seq, received_at
FROM chillnode.timed_events WHERE kind = 'intake';

CREATE OR REPLACE VIEW chillnode.intake_overrides AS
SELECT body ->> 'override_id' AS override_id, body ->> 'intake_id' AS intake_id, unit_id, body ->> 'bib' AS bib,
       body ->> 'station' AS station, body ->> 'staff_id' AS staff_id,
       corrected_time AS overridden_at, unit_time, time_source, event_id, epoch, seq, received_at
FROM chillnode.timed_events WHERE kind = 'intake_override';

-- Return-to-run surveys: kind is 'before' (soreness), 'after' (readiness) or 'follow_up';
-- answers maps each question id to its 0 to 10 or yes/no value. Units send only the surveys
-- of runners who consented to sharing them.
CREATE OR REPLACE VIEW chillnode.surveys AS
SELECT body ->> 'survey_id' AS survey_id, unit_id, body ->> 'bib' AS bib, body ->> 'session_id' AS session_id,
       body ->> 'kind' AS survey_kind, body -> 'answers' AS answers,
       corrected_time AS answered_at, unit_time, time_source, event_id, epoch, seq, received_at
FROM chillnode.timed_events WHERE kind = 'survey';

CREATE OR REPLACE VIEW chillnode.consents AS
SELECT body ->> 'consent_id' AS consent_id, unit_id, body ->> 'bib' AS bib, body ->> 'text_version' AS text_version,
       corrected_time AS consented_at, unit_time, time_source, event_id, epoch, seq, received_at
FROM chillnode.timed_events WHERE kind = 'consent';

CREATE OR REPLACE VIEW chillnode.vouchers AS
SELECT body ->> 'voucher_id' AS voucher_id, body ->> 'offer_id' AS offer_id, body ->> 'sponsor_id' AS sponsor_id,
       body ->> 'bib' AS bib, body ->> 'session_id' AS session_id, unit_id, body ->> 'key_id' AS key_id,
       to_timestamp(chillnode.json_bigint(body, 'issued_at')) AS issued_unit_time,
       corrected_time AS issued_at,
       to_timestamp(chillnode.json_bigint(body, 'expires_at')) AS expires_at,
       time_source, event_id, epoch, seq, received_at
FROM chillnode.timed_events WHERE kind = 'voucher';

CREATE OR REPLACE VIEW chillnode.redemptions AS
SELECT body ->> 'redemption_id' AS redemption_id, body ->> 'voucher_id' AS voucher_id,
       body ->> 'offer_id' AS offer_id, body ->> 'issuing_unit' AS issuing_unit, body ->> 'key_id' AS key_id,
       to_timestamp(chillnode.json_bigint(body, 'issued_at')) AS issued_unit_time,
       unit_id, body ->> 'result' AS result,
       corrected_time AS redeemed_at, unit_time, time_source, event_id, epoch, seq, received_at
FROM chillnode.timed_events WHERE kind = 'redemption';

-- A sponsor unit's bib checks: after a Valid redemption the runner's bib was scanned and
-- compared with the voucher's keyed bib hash. matched = false means the voucher was earned
-- by someone else (passed to a friend). The bib itself never leaves the unit.
CREATE OR REPLACE VIEW chillnode.bib_checks AS
SELECT body ->> 'bib_check_id' AS bib_check_id, body ->> 'redemption_id' AS redemption_id,
       body ->> 'voucher_id' AS voucher_id, body ->> 'offer_id' AS offer_id, unit_id,
       chillnode.json_bool(body, 'matched') AS matched,
       corrected_time AS checked_at, unit_time, time_source, event_id, epoch, seq, received_at
FROM chillnode.timed_events WHERE kind = 'bib_check';

-- Each redemption with the latest bib check of it, if any; bib_matched = false lists the
-- vouchers redeemed by someone other than the runner who earned them.
CREATE OR REPLACE VIEW chillnode.redemption_bib_checks AS
SELECT r.redemption_id, r.voucher_id, r.offer_id, r.unit_id, r.result, r.redeemed_at,
       c.matched AS bib_matched, c.checked_at AS bib_checked_at
FROM chillnode.redemptions r
LEFT JOIN LATERAL (
  SELECT b.matched, b.checked_at FROM chillnode.bib_checks b
  WHERE b.redemption_id = r.redemption_id AND b.unit_id = r.unit_id
  ORDER BY b.seq DESC LIMIT 1
) c ON true;

-- Single use across units: among the redemptions a sponsor unit accepted ('valid'), the
-- earliest of each voucher is honoured and every later one is flagged (two units that
-- redeemed the same voucher while offline). Earliest means the corrected time, else the
-- unit's own clock; ties go to the lower unit id, then sequence. Redemptions the unit
-- itself refused are listed as refused_at_unit.
CREATE OR REPLACE VIEW chillnode.redemption_ranking AS
SELECT r.*,
       CASE WHEN r.result = 'valid' THEN
         row_number() OVER (PARTITION BY r.voucher_id, r.result = 'valid'
                            ORDER BY coalesce(r.redeemed_at, r.unit_time), r.unit_id, r.seq)
       END AS valid_rank,
       CASE WHEN r.result <> 'valid' THEN 'refused_at_unit'
            WHEN row_number() OVER (PARTITION BY r.voucher_id, r.result = 'valid'
                                    ORDER BY coalesce(r.redeemed_at, r.unit_time), r.unit_id, r.seq) = 1
              THEN 'honoured'
            ELSE 'flagged' END AS hq_verdict
FROM chillnode.redemptions r;

-- Return-to-run data, one row per session: the runner's shared survey answers about it
-- (soreness before, readiness after, the follow-up 12 to 96 hours later), the voucher it
-- earned, and that voucher's honoured redemption with the time from issue to redemption.
CREATE OR REPLACE VIEW chillnode.return_to_run AS
SELECT s.session_id, s.unit_id, s.bib, s.station, s.state, s.started_at, s.ended_at, s.session_ms,
       (SELECT chillnode.json_bigint(v.answers, 'soreness') FROM chillnode.surveys v
         WHERE v.session_id = s.session_id AND v.survey_kind = 'before'
         ORDER BY v.answered_at DESC NULLS LAST LIMIT 1) AS soreness_before,
       (SELECT chillnode.json_bigint(v.answers, 'readiness') FROM chillnode.surveys v
         WHERE v.session_id = s.session_id AND v.survey_kind = 'after'
         ORDER BY v.answered_at DESC NULLS LAST LIMIT 1) AS readiness_after,
       f.answers AS follow_up_answers, f.answered_at AS follow_up_at,
       vo.voucher_id, vo.offer_id, vo.issued_at, r.unit_id AS redeemed_at_unit, r.redeemed_at,
       r.redeemed_at - vo.issued_at AS time_to_redemption
FROM chillnode.sessions s
LEFT JOIN LATERAL (
  SELECT v.answers, v.answered_at FROM chillnode.surveys v
  WHERE v.session_id = s.session_id AND v.survey_kind = 'follow_up'
  ORDER BY v.answered_at DESC NULLS LAST LIMIT 1
) f ON true
LEFT JOIN LATERAL (
  SELECT v.voucher_id, v.offer_id, v.issued_at FROM chillnode.vouchers v
  WHERE v.session_id = s.session_id ORDER BY v.issued_at LIMIT 1
) vo ON true
LEFT JOIN LATERAL (
  SELECT x.unit_id, x.redeemed_at FROM chillnode.redemption_ranking x
  WHERE x.voucher_id = vo.voucher_id AND x.hq_verdict = 'honoured' LIMIT 1
) r ON true;

-- Missing sequence numbers per unit and epoch: rows HQ has not received (still on the unit,
-- or quarantined there). Rows after the highest received one cannot show here.
CREATE OR REPLACE VIEW chillnode.sequence_gaps AS
SELECT unit_id, epoch, seq + 1 AS first_missing, next_seq - 1 AS last_missing, next_seq - seq - 1 AS missing
FROM (SELECT unit_id, epoch, seq, lead(seq) OVER (PARTITION BY unit_id, epoch ORDER BY seq) AS next_seq
      FROM chillnode.events) s
WHERE next_seq > seq + 1
UNION ALL
SELECT unit_id, epoch, 1, min(seq) - 1, min(seq) - 1
FROM chillnode.events GROUP BY unit_id, epoch HAVING min(seq) > 1;

-- Per unit and epoch: rows received, highest sequence, last arrival.
CREATE OR REPLACE VIEW chillnode.unit_progress AS
SELECT unit_id, epoch, count(*) AS events, max(seq) AS max_seq, max(received_at) AS last_received_at
FROM chillnode.events GROUP BY unit_id, epoch;

GRANT SELECT ON ALL TABLES IN SCHEMA chillnode TO chillnode_readers;
REVOKE ALL ON ALL TABLES IN SCHEMA chillnode FROM chillnode_units;
GRANT INSERT ON chillnode.events TO chillnode_units;

COMMIT;
)sql";

bool isRoleCharacter(char c) {
  bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  return alnum || c == '-' || c == '_' || c == '.';
}

}  // namespace

std::string hqSchemaSql() {
  return SchemaSql;
}

std::optional<std::string> checkHqUnitName(const std::string& name) {
  if (name.empty() || name.size() > 63) return "must be 1 to 63 characters long";
  for (char c : name) {
    if (!isRoleCharacter(c)) return "may contain only letters, digits, '-', '_' and '.'";
  }
  if (name.starts_with("pg_")) return "must not start with \"pg_\", which PostgreSQL reserves";
  for (const char* group : GroupRoles) {
    if (name == group) return "is the name of a chillnode group role";
  }
  return std::nullopt;
}

std::string hqAddUnitSql(const std::string& name, const std::string& password) {
  // The name passed checkHqUnitName, so it needs no escaping inside double quotes, and the
  // generated password has only letters and digits.
  std::string passwordSql = password.empty() ? ":'password'" : "'" + password + "'";
  std::string sql;
  sql += "-- Unit " + name + ": may log in and insert rows of its own unit id only.\n";
  if (password.empty()) sql += "-- Run with: psql -v ON_ERROR_STOP=1 -v password=... -f this-file.sql\n";
  sql += "CREATE ROLE \"" + name + "\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE CONNECTION LIMIT 4\n";
  sql += "  PASSWORD " + passwordSql + " IN ROLE chillnode_units;\n";
  sql += "-- The unit's config ([unit] id must be \"" + name + "\"):\n";
  sql += "-- [hq]\n";
  sql += "-- url = \"postgresql://" + name + ":" + (password.empty() ? "PASSWORD" : password) +
         "@HQ-HOST:5432/DATABASE\"\n";
  return sql;
}

std::string generateHqPassword() {
  static constexpr char Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string password;
  for (int i = 0; i < 24; ++i) password += Alphabet[randombytes_uniform(sizeof Alphabet - 1)];
  return password;
}

}  // namespace chillnode
