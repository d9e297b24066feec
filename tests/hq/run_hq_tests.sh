#!/usr/bin/env bash
# Black-box tests of the HQ sync: a private PostgreSQL server on 127.0.0.1, the HQ schema
# from `chillnode hq schema`, unit roles from `chillnode hq add-unit`, and units made of a
# config and a SQLite database each. After every scenario a checker compares HQ with the
# unit: HQ rows = distinct event ids = the unit's outbox rows less quarantined ones, sequence
# gaps at the quarantined rows only, and every other outbox row acknowledged.
# The typed_views scenario runs the kiosk, so it needs an X server in DISPLAY.
# Usage: run_hq_tests.sh CHILLNODE CHILLNODE_HQTEST [SCENARIO...]
set -uo pipefail
chillnode=$1
hqtest=$2
shift 2
only=("$@")
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=pg_server.sh
source "$here/pg_server.sh"

work=$(mktemp -d /tmp/chillnode-hqtest.XXXXXX)
background=()
cleanup() {
  local pid
  for pid in "${background[@]}"; do kill -9 "$pid" 2>/dev/null; done
  pg_stop
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
failures=()

fail() {
  echo "    FAILED: $*"
  scenario_ok=0
}

hq_sql() {
  pg_admin -d race -c "$1"
}

# Waits until a TCP port on 127.0.0.1 accepts connections, for up to 10 s.
wait_port() {
  local i
  for i in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Usage: make_unit NAME [PORT] [EXTRA_TOML]. Creates the unit's HQ role and its config.
declare -A unit_password
make_unit() {
  local name=$1 port=${2:-$pg_port} extra=${3:-}
  local dir="$work/units/$name"
  mkdir -p "$dir"
  if [ -z "${unit_password[$name]:-}" ]; then
    local sql
    sql=$("$chillnode" hq add-unit "$name") || return 1
    unit_password[$name]=$(sed -n "s/.*PASSWORD '\([A-Za-z0-9]*\)'.*/\1/p" <<<"$sql")
    pg_admin -d race <<<"$sql" >/dev/null || return 1
  fi
  cat >"$dir/unit.toml" <<TOML
[unit]
id = "$name"
$extra
[database]
path = "$dir/unit.db"

[hq]
url = "postgresql://$name:${unit_password[$name]}@127.0.0.1:$port/race"
sslmode = "disable"
batch_size = 50
TOML
  # The url contains the unit's password, so the unit rejects a config that others can read.
  chmod 600 "$dir/unit.toml"
}

unit_db() { echo "$work/units/$1/unit.db"; }
unit_config() { echo "$work/units/$1/unit.toml"; }
unit_url() { echo "postgresql://$1:${unit_password[$1]}@127.0.0.1:${2:-$pg_port}/race"; }

sync_once() {
  "$chillnode" --config "$(unit_config "$1")" sync --once
}

outbox() {
  sqlite3 "$(unit_db "$1")" "$2"
}

# The checker. Usage: check_unit NAME [QUARANTINED]
check_unit() {
  local name=$1 quarantined=${2:-0}
  local outbox_rows unacked hq_rows hq_distinct gaps epochs max_seq held
  outbox_rows=$(outbox "$name" "SELECT count(*) FROM outbox")
  unacked=$(outbox "$name" "SELECT count(*) FROM outbox WHERE sent_at_ms IS NULL")
  held=$(outbox "$name" "SELECT count(*) FROM outbox WHERE quarantined_at_ms IS NOT NULL")
  hq_rows=$(hq_sql "SELECT count(*) FROM chillnode.events WHERE unit_id = '$name'")
  hq_distinct=$(hq_sql "SELECT count(DISTINCT event_id) FROM chillnode.events WHERE unit_id = '$name'")
  gaps=$(hq_sql "SELECT count(*) FROM chillnode.sequence_gaps WHERE unit_id = '$name'")
  epochs=$(hq_sql "SELECT count(DISTINCT epoch) FROM chillnode.events WHERE unit_id = '$name'")
  max_seq=$(hq_sql "SELECT coalesce(max(seq), 0) FROM chillnode.events WHERE unit_id = '$name'")
  local expected=$((outbox_rows - quarantined))
  [ "$outbox_rows" -gt 0 ] || fail "$name: the outbox is empty, so the scenario tested nothing"
  [ "$hq_rows" -eq "$expected" ] || fail "$name: HQ has $hq_rows rows, expected $expected (outbox $outbox_rows, $quarantined quarantined)"
  [ "$hq_distinct" -eq "$hq_rows" ] || fail "$name: HQ has $hq_rows rows but $hq_distinct distinct event ids"
  [ "$unacked" -eq "$quarantined" ] || fail "$name: $unacked outbox rows are not acknowledged, expected $quarantined"
  [ "$held" -eq "$quarantined" ] || fail "$name: $held outbox rows are quarantined, expected $quarantined"
  [ "$epochs" -le 1 ] || fail "$name: HQ has $epochs epochs for one database"
  # The outbox numbers its rows 1 to N with none missing, so HQ's gaps must be exactly the
  # quarantined rows below the highest row sent. A quarantined row after it cannot show.
  local unit_max_seq unit_seqs expected_gaps hq_gaps gap_total
  unit_seqs=$(outbox "$name" "SELECT count(*) || ' ' || min(seq) || ' ' || max(seq) FROM outbox")
  [ "$unit_seqs" = "$outbox_rows 1 $outbox_rows" ] || fail "$name: the outbox seqs are not 1..$outbox_rows: $unit_seqs"
  unit_max_seq=$(outbox "$name" "SELECT coalesce(max(seq), 0) FROM outbox WHERE quarantined_at_ms IS NULL")
  [ "$max_seq" -eq "$unit_max_seq" ] || fail "$name: HQ's highest seq is $max_seq, the outbox's highest sent one is $unit_max_seq"
  expected_gaps=$(outbox "$name" "SELECT seq FROM outbox WHERE quarantined_at_ms IS NOT NULL AND seq < $unit_max_seq
                                  ORDER BY seq" | tr '\n' ' ')
  hq_gaps=$(hq_sql "SELECT generate_series(first_missing, last_missing) AS s FROM chillnode.sequence_gaps
                    WHERE unit_id = '$name' ORDER BY s" | tr '\n' ' ')
  [ "$hq_gaps" = "$expected_gaps" ] || fail "$name: HQ's sequence gaps list '$hq_gaps', the quarantined rows below seq $unit_max_seq are '$expected_gaps'"
  gap_total=$(hq_sql "SELECT coalesce(sum(missing), 0) FROM chillnode.sequence_gaps WHERE unit_id = '$name'")
  [ "$gap_total" -eq "$(wc -w <<<"$expected_gaps")" ] || fail "$name: HQ's gaps add up to $gap_total missing rows, expected $(wc -w <<<"$expected_gaps")"
  [ "$gaps" -le "$quarantined" ] || fail "$name: HQ shows $gaps gap ranges for $quarantined quarantined rows"
  # The same event ids on both sides. HQ prints UUIDs with dashes, and voucher ids have none.
  local unit_ids hq_ids
  unit_ids=$(outbox "$name" "SELECT replace(lower(event_id), '-', '') FROM outbox WHERE quarantined_at_ms IS NULL" |
    LC_ALL=C sort | md5sum)
  hq_ids=$(hq_sql "SELECT replace(event_id::text, '-', '') FROM chillnode.events WHERE unit_id = '$name'" |
    LC_ALL=C sort | md5sum)
  [ "$unit_ids" = "$hq_ids" ] || fail "$name: the event ids at HQ differ from the outbox's"
  echo "    checked $name: $outbox_rows outbox rows, $hq_rows at HQ, $quarantined quarantined"
}

pending() {
  outbox "$1" "SELECT count(*) FROM outbox WHERE sent_at_ms IS NULL AND quarantined_at_ms IS NULL"
}

# Waits up to $2 seconds until unit $1 has nothing pending.
wait_drained() {
  local deadline=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$deadline" ]; do
    [ "$(pending "$1")" -eq 0 ] && return 0
    sleep 0.2
  done
  return 1
}

# Starts `chillnode sync` (the sync thread) for unit $1 in the background and sets sync_pid.
start_sync_thread() {
  "$chillnode" --config "$(unit_config "$1")" sync >"$work/$1.sync.out" 2>"$work/$1.sync.err" &
  sync_pid=$!
  background+=("$sync_pid")
}

stop_sync_thread() {
  kill -TERM "$sync_pid" 2>/dev/null
  wait "$sync_pid" 2>/dev/null
}

start_proxy() {
  proxy_port=$("$hqtest" free-port)
  "$hqtest" proxy "$proxy_port" "$pg_port" "$@" 2>>"$work/proxy.log" &
  proxy_pid=$!
  background+=("$proxy_pid")
  wait_port "$proxy_port"
}

stop_proxy() {
  kill -TERM "$proxy_pid" 2>/dev/null
  wait "$proxy_pid" 2>/dev/null
}

#### Scenarios, most important first.

scenario_same_batch_twice() {
  make_unit dup1
  "$hqtest" make-records "$(unit_db dup1)" dup1 120 || fail "make-records failed"
  local out
  out=$(sync_once dup1) || fail "sync --once failed: $out"
  [[ "$out" == "12"[0-9]" rows sent to HQ (0 quarantined, 0 pending)" ]] || fail "unexpected summary: $out"
  local before after resent
  before=$(hq_sql "SELECT count(*) FROM chillnode.events")
  resent=$("$hqtest" resend-all "$(unit_db dup1)" dup1 "$(unit_url dup1)") || fail "resend-all failed: $resent"
  after=$(hq_sql "SELECT count(*) FROM chillnode.events")
  [[ "$resent" == *"0 new at HQ" ]] || fail "resending every batch inserted rows: $resent"
  [ "$before" -eq "$after" ] || fail "HQ grew from $before to $after rows on a resend"
  check_unit dup1
}

scenario_hq_down_then_up() {
  make_unit down1
  pg_ctl_run -m fast stop >/dev/null
  "$hqtest" make-records "$(unit_db down1)" down1 80 || fail "make-records failed"
  local out err
  out=$("$chillnode" --config "$(unit_config down1)" sync --once 2>"$work/down1.err")
  local status=$?
  err=$(cat "$work/down1.err")
  [ "$status" -eq 1 ] || fail "sync --once with HQ down exited $status, expected 1"
  [[ "$err" == *"HQ is not reachable"* ]] || fail "unclear error with HQ down: $err"
  [[ "$out" == "0 rows sent to HQ (0 quarantined, 80 pending)" ]] || fail "unexpected summary: $out"
  start_sync_thread down1
  sleep 3
  pg_ctl_run -w -t 60 start >/dev/null || fail "the server did not start again"
  wait_drained down1 70 || fail "the sync thread did not send the backlog within 70 s of HQ coming up"
  stop_sync_thread
  grep -q "HQ is not reachable" "$work/down1.sync.err" || fail "the sync thread logged no error while HQ was down"
  grep -q "postgresql://down1:\*\*\*@" "$work/down1.sync.err" || fail "the sync thread did not log the redacted url"
  if grep -q "${unit_password[down1]}" "$work/down1.sync.err"; then fail "the password appears in the log"; fi
  check_unit down1
}

scenario_role_isolation() {
  make_unit iso1
  make_unit iso2
  "$hqtest" make-records "$(unit_db iso2)" iso2 10 || fail "make-records failed"
  sync_once iso2 >/dev/null || fail "sync of iso2 failed"
  local as_iso1=(psql "$(unit_url iso1)" -v ON_ERROR_STOP=1 -qAtX)
  local statement message
  local -a statements=(
    "UPDATE chillnode.events SET kind = 'x' WHERE unit_id = 'iso2'"
    "DELETE FROM chillnode.events WHERE unit_id = 'iso2'"
    "SELECT count(*) FROM chillnode.events"
    "SELECT count(*) FROM chillnode.checkins"
    "TRUNCATE chillnode.events"
    "INSERT INTO chillnode.events (event_id, unit_id, epoch, seq, kind, schema_version, boot_id, mono_ms, wall_ms,
       wall_synced, body) VALUES (gen_random_uuid(), 'iso2', gen_random_uuid(), 999, 'checkin', 1, 'b', 1, 1, true, '{}')"
    "INSERT INTO chillnode.events (event_id, unit_id, epoch, seq, kind, schema_version, boot_id, mono_ms, wall_ms,
       wall_synced, body) VALUES (gen_random_uuid(), 'iso1', gen_random_uuid(), 1, 'checkin', 1, 'b', 1, 1, true, '{}')
       ON CONFLICT (event_id) DO UPDATE SET kind = 'x'"
  )
  for statement in "${statements[@]}"; do
    if message=$("${as_iso1[@]}" -c "$statement" 2>&1); then
      fail "iso1 was allowed: $statement"
    elif [[ "$message" != *"permission denied"* && "$message" != *"row-level security"* ]]; then
      fail "iso1 was refused for another reason: $message"
    fi
  done
  check_unit iso2
}

# HQ rejects the rows at seq 1, 32, 63 and 64, and good rows follow each, so sequence_gaps
# must show three ranges: one before the first row HQ has, one single row and one of two.
scenario_quarantine() {
  make_unit quar1
  local columns="event_id, kind, schema_version, boot_id, mono_ms, wall_ms, wall_synced, body"
  "$hqtest" make-records "$(unit_db quar1)" quar1 0 || fail "make-records could not create the database"
  outbox quar1 "INSERT INTO outbox ($columns) VALUES ('not-a-uuid', 'checkin', 1, 'b', 1, 1, 0, '{}')"
  "$hqtest" make-records "$(unit_db quar1)" quar1 30 || fail "make-records failed"
  outbox quar1 "INSERT INTO outbox ($columns)
                VALUES ('00000000-0000-4000-8000-00000000abcd', 'checkin', 1, 'b', 1, 1, 0, '{\"unterminated')"
  "$hqtest" make-records "$(unit_db quar1)" quar1 30 || fail "make-records failed"
  outbox quar1 "INSERT INTO outbox ($columns)
                VALUES ('00000000-0000-4000-8000-00000000abce', 'Not A Kind', 1, 'b', 1, 1, 0, '{}'),
                       ('00000000-0000-4000-8000-00000000abcf', 'checkin', 1, 'b', 1, 1, 0, '[1, 2]')"
  "$hqtest" make-records "$(unit_db quar1)" quar1 30 || fail "make-records failed"
  local out
  out=$(sync_once quar1) || fail "sync --once failed: $out"
  [[ "$out" == *"(4 quarantined, 0 pending)" ]] || fail "unexpected summary: $out"
  local held reasons
  held=$(outbox quar1 "SELECT seq FROM outbox WHERE quarantined_at_ms IS NOT NULL ORDER BY seq" | tr '\n' ' ')
  [ "$held" = "1 32 63 64 " ] || fail "the quarantined rows are '$held', expected '1 32 63 64 '"
  reasons=$(outbox quar1 "SELECT quarantine_reason FROM outbox WHERE quarantined_at_ms IS NOT NULL ORDER BY seq" |
    tr '\n' '|')
  [[ "$reasons" == "22P02"*"|22P02"*"|23514"*"|23514"*"|" ]] || fail "quarantine reasons lack the SQLSTATE: $reasons"
  # The ranges themselves, besides the seqs they cover that check_unit compares.
  local ranges
  ranges=$(hq_sql "SELECT first_missing || '-' || last_missing || ':' || missing FROM chillnode.sequence_gaps
                   WHERE unit_id = 'quar1' ORDER BY first_missing" | tr '\n' ' ')
  [ "$ranges" = "1-1:1 32-32:1 63-64:2 " ] || fail "sequence_gaps shows '$ranges', expected '1-1:1 32-32:1 63-64:2 '"
  check_unit quar1 4
}

scenario_proxy_cuts() {
  make_unit cut1
  start_proxy --cut-min-ms 50 --cut-max-ms 400 --seed 11
  make_unit cut1 "$proxy_port"
  sed -i 's/^batch_size = .*/batch_size = 10/' "$(unit_config cut1)"
  "$hqtest" make-records "$(unit_db cut1)" cut1 1500 || fail "make-records failed"
  start_sync_thread cut1
  # Cuts fall at random moments, so records keep coming until one has cut a statement.
  for _ in 1 2 3 4 5 6; do
    "$hqtest" make-records "$(unit_db cut1)" cut1 400 --pause-ms 5 || fail "make-records failed"
    sleep 1
    grep -q "connection to HQ was lost" "$work/cut1.sync.err" && break
  done
  stop_sync_thread
  stop_proxy
  local cuts
  cuts=$(grep -o "stopped after [0-9]* cuts" "$work/proxy.log" | tail -n 1)
  echo "    proxy $cuts; the sync thread sent $(hq_sql "SELECT count(*) FROM chillnode.events WHERE unit_id = 'cut1'") rows meanwhile, $(pending cut1) left"
  grep -q "connection to HQ was lost" "$work/cut1.sync.err" || fail "no cut landed during a statement"
  make_unit cut1
  local out
  out=$(sync_once cut1) || fail "final sync --once failed: $out"
  check_unit cut1
}

scenario_restart_immediate() {
  make_unit rst1
  # A backlog the sync thread takes seconds to send in batches of 10, and the restart as soon
  # as the first batches went, so it lands mid-sync however fast or loaded the machine is.
  local total=30000
  "$hqtest" make-records "$(unit_db rst1)" rst1 "$total" || fail "make-records failed"
  sed -i 's/^batch_size = .*/batch_size = 10/' "$(unit_config rst1)"
  local before
  before=$(pending rst1)
  start_sync_thread rst1
  local left=$before
  for _ in $(seq 200); do
    left=$(pending rst1)
    [ "$left" -lt "$before" ] && break
    sleep 0.05
  done
  pg_ctl_run -m immediate -w -t 60 restart >/dev/null || fail "the server did not restart"
  echo "    restarted HQ with $left rows pending"
  [ "$left" -gt 0 ] || fail "the backlog was sent before the restart, so the restart tested nothing"
  wait_drained rst1 70 || fail "the sync thread did not finish within 70 s of the restart"
  stop_sync_thread
  check_unit rst1
}

scenario_reply_lost() {
  make_unit lost1
  start_proxy
  make_unit lost1 "$proxy_port"
  "$hqtest" make-records "$(unit_db lost1)" lost1 30 || fail "make-records failed"
  hq_sql "CREATE FUNCTION chillnode.slow_insert() RETURNS trigger LANGUAGE plpgsql AS
          \$\$ BEGIN PERFORM pg_sleep(1.5); RETURN NULL; END \$\$;
          CREATE TRIGGER slow_insert AFTER INSERT ON chillnode.events
          FOR EACH STATEMENT EXECUTE FUNCTION chillnode.slow_insert()" >/dev/null
  sed -i 's/^batch_size = .*/batch_size = 100/' "$(unit_config lost1)"
  sync_once lost1 >"$work/lost1.out" 2>"$work/lost1.err" &
  local sync=$!
  # The cut must land while the server runs the insert (held 1.5 s by the trigger), so that
  # it commits after the reply's way back is gone. A fixed delay misses that on a loaded machine.
  local tries=0
  until [ "$(hq_sql "SELECT count(*) FROM pg_stat_activity
                     WHERE state = 'active' AND query LIKE 'INSERT INTO chillnode.events%'")" -gt 0 ]; do
    tries=$((tries + 1))
    [ "$tries" -le 400 ] || break
    sleep 0.05
  done
  kill -USR1 "$proxy_pid"
  wait "$sync"
  local status=$?
  sleep 2
  hq_sql "DROP TRIGGER slow_insert ON chillnode.events; DROP FUNCTION chillnode.slow_insert()" >/dev/null
  local at_hq unsent
  at_hq=$(hq_sql "SELECT count(*) FROM chillnode.events WHERE unit_id = 'lost1'")
  unsent=$(pending lost1)
  echo "    after the cut: $at_hq rows committed at HQ, $unsent pending on the unit"
  [ "$status" -ne 0 ] || fail "sync --once reported success though its reply was cut"
  [ "$at_hq" -gt 0 ] && [ "$unsent" -gt 0 ] || fail "the cut did not land between commit and reply"
  local out
  out=$(sync_once lost1) || fail "sync after the lost reply failed: $out"
  stop_proxy
  check_unit lost1
}

# Prints milliseconds since the epoch from the system clock, which the local server reads too.
epoch_ms() {
  local micros=${EPOCHREALTIME/./}
  echo $((micros / 1000))
}

# Sleeps until epoch_ms reaches $1.
sleep_until_ms() {
  local left=$(($1 - $(epoch_ms)))
  [ "$left" -gt 0 ] && sleep "$(printf '%d.%03d' $((left / 1000)) $((left % 1000)))"
  return 0
}

# Prints the number of the writer's rows. A runner checked in again is stored as a visit.
writer_rows() {
  outbox kill1 "SELECT count(*) FROM outbox WHERE kind IN ('checkin', 'visit')"
}

# Kills the sync thread of unit kill1. The kill counts as mid-sync when the process was alive,
# rows reached HQ this round, rows were still pending, and the last batch HQ committed began
# less than 500 ms before the kill. Once drained, the thread waits 5 s before it looks again.
kill_sync_counted() {
  local killed_at at_hq last_ms left
  killed_at=$(epoch_ms)
  if ! kill -9 "$sync_pid" 2>/dev/null; then
    wait "$sync_pid" 2>/dev/null
    return
  fi
  wait "$sync_pid" 2>/dev/null
  left=$(pending kill1)
  IFS='|' read -r at_hq last_ms < <(hq_sql "SELECT count(*), coalesce(round(extract(epoch FROM max(received_at)) * 1000), 0)
                                           FROM chillnode.events WHERE unit_id = 'kill1'")
  if [ "$at_hq" -gt "$round_hq_before" ] && [ "$left" -gt 0 ] && [ $((killed_at - last_ms)) -lt 500 ]; then
    mid_sync=$((mid_sync + 1))
  fi
}

# Kills the writer and counts the kill as mid-write when the process was alive and had
# stored some but not all of its check-ins.
kill_writer_counted() {
  local alive=0 written
  kill -9 "$writer" 2>/dev/null && alive=1
  wait "$writer" 2>/dev/null
  written=$(($(writer_rows) - round_writer_rows_before))
  if [ "$alive" -eq 1 ] && [ "$written" -gt 0 ] && [ "$written" -lt "$per_round" ]; then
    mid_write=$((mid_write + 1))
  fi
}

scenario_sigkill() {
  make_unit kill1
  # Batches of 5 rows, each held 20 ms at HQ, cap the sync at 250 rows a second, so the
  # backlog keeps it busy for most of each round however fast the machine is.
  sed -i 's/^batch_size = .*/batch_size = 5/' "$(unit_config kill1)"
  hq_sql "CREATE FUNCTION chillnode.paced_insert() RETURNS trigger LANGUAGE plpgsql AS
          \$\$ BEGIN PERFORM pg_sleep(0.02); RETURN NULL; END \$\$;
          CREATE TRIGGER paced_insert AFTER INSERT ON chillnode.events
          FOR EACH STATEMENT EXECUTE FUNCTION chillnode.paced_insert()" >/dev/null
  "$hqtest" make-records "$(unit_db kill1)" kill1 300 || fail "make-records failed"
  local rounds=50 per_round=300 round writer started sync_ms write_ms
  local round_hq_before round_writer_rows_before mid_sync=0 mid_write=0
  RANDOM=5
  for round in $(seq "$rounds"); do
    round_hq_before=$(hq_sql "SELECT count(*) FROM chillnode.events WHERE unit_id = 'kill1'")
    round_writer_rows_before=$(writer_rows)
    # Each process gets its own moment, 0 to 2 s after both started.
    sync_ms=$((RANDOM % 2000))
    write_ms=$((RANDOM % 2000))
    started=$(epoch_ms)
    start_sync_thread kill1
    "$hqtest" make-records "$(unit_db kill1)" kill1 "$per_round" --pause-ms 5 >/dev/null 2>&1 &
    writer=$!
    if [ "$sync_ms" -le "$write_ms" ]; then
      sleep_until_ms $((started + sync_ms))
      kill_sync_counted
      sleep_until_ms $((started + write_ms))
      kill_writer_counted
    else
      sleep_until_ms $((started + write_ms))
      kill_writer_counted
      sleep_until_ms $((started + sync_ms))
      kill_sync_counted
    fi
  done
  hq_sql "DROP TRIGGER paced_insert ON chillnode.events; DROP FUNCTION chillnode.paced_insert()" >/dev/null
  echo "    $rounds rounds of SIGKILL: $mid_sync kills hit the sync thread mid-sync, $mid_write hit a writer mid-write"
  # Two runs on a loaded 2-core machine counted 30 and 31 kills mid-sync and 49 mid-write.
  # On an idle one the writer is faster, but its 300 pauses of 5 ms still span 1.5 s of the 2.
  [ "$mid_sync" -ge 15 ] || fail "only $mid_sync of $rounds kills landed during a sync, expected at least 15"
  [ "$mid_write" -ge 20 ] || fail "only $mid_write of $rounds kills landed during a write, expected at least 20"
  local out
  out=$(sync_once kill1) || fail "final sync --once failed: $out"
  check_unit kill1
}

scenario_twenty_units() {
  local i pids=()
  for i in $(seq -w 1 20); do
    make_unit "many$i"
    "$hqtest" make-records "$(unit_db "many$i")" "many$i" 200 >/dev/null &
    pids+=($!)
  done
  wait "${pids[@]}"
  pids=()
  for i in $(seq -w 1 20); do
    sync_once "many$i" >"$work/many$i.out" 2>&1 &
    pids+=($!)
  done
  local pid
  for pid in "${pids[@]}"; do wait "$pid" || fail "a unit's sync --once failed"; done
  for i in $(seq -w 1 20); do check_unit "many$i"; done
}

scenario_clock_2019() {
  make_unit clock1
  local now_ms offset start_ms end_ms
  now_ms=$(($(date +%s%N) / 1000000))
  offset=$((1546300800000 - now_ms))  # the unit's clock reads 2019-01-01
  start_ms=$now_ms
  "$hqtest" make-records "$(unit_db clock1)" clock1 20 --pause-ms 50 --wall-offset-ms "$offset" --unsynced ||
    fail "make-records failed"
  end_ms=$(($(date +%s%N) / 1000000))
  "$hqtest" sync-once "$(unit_db clock1)" clock1 "$(unit_url clock1)" --wall-offset-ms "$offset" --unsynced >/dev/null ||
    fail "sync-once failed"
  local wrong uncorrected
  wrong=$(hq_sql "SELECT count(*) FROM chillnode.checkins WHERE unit_id = 'clock1' AND unit_time >= '2020-01-01'")
  uncorrected=$(hq_sql "SELECT count(*) FROM chillnode.checkins WHERE unit_id = 'clock1' AND (time_source IS DISTINCT FROM 'anchor_hq'
    OR checked_in_at NOT BETWEEN to_timestamp(($start_ms - 2000) / 1000.0) AND to_timestamp(($end_ms + 2000) / 1000.0))")
  [ "$wrong" -eq 0 ] || fail "$wrong check-ins were not recorded with the 2019 clock"
  [ "$uncorrected" -eq 0 ] || fail "$uncorrected check-ins were not corrected to within 2 s of the real time"
  local error_years
  error_years=$(hq_sql "SELECT round(avg(unit_clock_error_ms) / 31557600000.0) FROM chillnode.time_anchors
                        WHERE unit_id = 'clock1' AND source = 'hq'")
  echo "    anchors say the unit clock was $error_years years behind"
  check_unit clock1
}

scenario_voucher_twice() {
  local key="$work/booth.key" public
  public=$("$chillnode" keys generate --id booth-a --out "$key" | sed -n '/\[\[vouchers.public_keys\]\]/,$p')
  local sponsor="role = \"sponsor\"
[vouchers]
sponsor = \"juice\"
$public
[[offers]]
id = \"smoothie\"
sponsor = \"juice\"
title = \"Free smoothie\"
valid_until = 2099-12-31T18:00:00Z
stations = [\"cryo\"]
stock = 10
"
  make_unit stallA "$pg_port" "$sponsor"
  make_unit stallB "$pg_port" "$sponsor"
  local code
  code=$("$hqtest" make-voucher "$key" smoothie booth-a)
  # stallB redeems first but its id sorts after stallA's, so a ranking by unit id or by arrival
  # at HQ would honour stallA. The pause keeps the two redemption times 300 ms apart.
  # make-voucher hashes bib B1. At stallB someone else shows the voucher: exit 9, still valid.
  local status=0
  "$chillnode" --config "$(unit_config stallB)" redeem "$code" --bib B2 >/dev/null || status=$?
  [ "$status" -eq 9 ] || fail "stallB exited $status, expected 9 (valid, different runner) offline"
  sleep 0.3
  "$chillnode" --config "$(unit_config stallA)" redeem "$code" --bib B1 >/dev/null ||
    fail "stallA did not accept the voucher offline"
  # The later redemption reaches HQ first.
  sync_once stallA >/dev/null || fail "sync of stallA failed"
  sync_once stallB >/dev/null || fail "sync of stallB failed"
  local verdicts
  verdicts=$(hq_sql "SELECT unit_id || ':' || hq_verdict || ':' || valid_rank FROM chillnode.redemption_ranking
                     WHERE unit_id IN ('stallA', 'stallB') ORDER BY unit_id" | tr '\n' ' ')
  [ "$verdicts" = "stallA:flagged:2 stallB:honoured:1 " ] ||
    fail "ranking is '$verdicts', expected stallB honoured (it redeemed first) and stallA flagged"
  local arrival
  arrival=$(hq_sql "SELECT string_agg(unit_id, ' ' ORDER BY received_at, unit_id) FROM chillnode.redemptions
                    WHERE unit_id IN ('stallA', 'stallB')")
  [ "$arrival" = "stallA stallB" ] || fail "the later redemption did not reach HQ first: arrival order '$arrival'"
  local checks
  checks=$(hq_sql "SELECT unit_id || ':' || bib_matched FROM chillnode.redemption_bib_checks
                   WHERE unit_id IN ('stallA', 'stallB') ORDER BY unit_id" | tr '\n' ' ')
  [ "$checks" = "stallA:true stallB:false " ] || fail "bib checks are '$checks', expected stallA true, stallB false"
  check_unit stallA
  check_unit stallB
}

# Each wrong setting fails with its own plain message and leaves every row pending.
scenario_bad_settings() {
  make_unit bad1
  make_unit bad2
  "$hqtest" make-records "$(unit_db bad1)" bad1 5 || fail "make-records failed"
  local config status err
  config=$(unit_config bad1)
  local -a cases=(
    "s/:${unit_password[bad1]}@/:wrong@/|HQ rejected this unit's login"
    "s/^sslmode = .*/sslmode = \"verify-full\"/|the TLS connection to HQ failed"
    "s/^url = \"postgresql:\/\/bad1:${unit_password[bad1]}@/url = \"postgresql:\/\/bad2:${unit_password[bad2]}@/|the HQ login must be the role named \"bad1\""
  )
  local entry edit expected
  for entry in "${cases[@]}"; do
    edit=${entry%%|*}
    expected=${entry#*|}
    make_unit bad1
    sed -i "$edit" "$config"
    "$chillnode" --config "$config" sync --once >/dev/null 2>"$work/bad1.err"
    status=$?
    err=$(cat "$work/bad1.err")
    [ "$status" -eq 1 ] || fail "sync --once exited $status after '$edit', expected 1"
    [[ "$err" == *"$expected"* ]] || fail "after '$edit' the error was: $err"
    if grep -q -e "${unit_password[bad1]}" -e "${unit_password[bad2]}" "$work/bad1.err"; then
      fail "a password appears in the error"
    fi
  done
  [ "$(hq_sql "SELECT count(*) FROM chillnode.events WHERE unit_id = 'bad1'")" -eq 0 ] || fail "rows reached HQ"
  [ "$(outbox bad1 "SELECT count(*) FROM outbox WHERE sent_at_ms IS NOT NULL")" -eq 0 ] ||
    fail "rows were marked sent although every attempt failed"
  make_unit bad1
  sync_once bad1 >/dev/null || fail "sync with the right settings failed"
  check_unit bad1
}

# Runs query $2 on unit $1's SQLite database and prints each row as fields joined by '|'.
unit_row() {
  sqlite3 -batch -noheader "$(unit_db "$1")" "$2"
}

# Prints SQL that turns timestamptz expression $1 into epoch milliseconds as text, the form
# of a unit's wall_ms.
epoch_ms_sql() {
  echo "coalesce(round(extract(epoch FROM $1) * 1000)::bigint::text, 'null')"
}

# A booth kiosk runs one plunge session by script: check-in, intake, a soreness score with
# consent to share, the session, a readiness score and a voucher. A sponsor unit redeems the
# voucher and both sync. Then the columns of HQ's sessions, session_transitions, surveys,
# consents, vouchers and redemptions views are compared with the units' own rows.
scenario_typed_views() {
  [ -n "${DISPLAY:-}" ] || { fail "no DISPLAY: the kiosk needs an X server (scripts/test starts Xvfb)"; return; }
  local key="$work/booth1.key" public
  public=$("$chillnode" keys generate --id booth-a --out "$key" | sed -n '/\[\[vouchers.public_keys\]\]/,$p')
  local offer='[[offers]]
id = "smoothie"
sponsor = "juice"
title = "Free smoothie"
valid_until = 2099-12-31T18:00:00Z
stations = ["plunge"]
stock = 10
'
  make_unit booth1 "$pg_port" "[camera]
kind = \"folder\"
source = \"$work/no-camera\"
[display]
renderer = \"software\"
idle_timeout_s = 60
[vouchers]
signing_key = \"$key\"
[[stations]]
id = \"plunge\"
bays = 1
default_s = 4
max_s = 20
$offer"
  make_unit stall1 "$pg_port" "role = \"sponsor\"
[vouchers]
sponsor = \"juice\"
$public
$offer"
  printf 'Bib #,First Name,Last Name\n7522,Noemie,Nunez\n' >"$work/roster.csv"
  "$chillnode" --config "$(unit_config booth1)" roster import "$work/roster.csv" >/dev/null || fail "roster import failed"
  {
    echo "wait_screen attract 10"
    echo "tap attract.keypad"
    echo "wait_screen keypad 5"
    echo "type 7522"
    echo "tap keypad.ok"
    echo "wait_screen welcome 5"
    echo "tap welcome.choose"
    echo "wait_screen choose 5"
    echo "tap choose.plunge"
    echo "wait_screen intake 5"
    echo "tap intake.agree"
    for _ in $(seq 7); do echo "tap intake.no"; done
    echo "wait_screen called 5"
    echo "tap survey.6"
    echo "tap survey.share_yes"
    echo "tap called.start"
    echo "wait_screen running 5"
    echo "wait_screen over 20"
    echo "tap survey.9"
    echo "tap over.voucher"
    echo "wait_screen voucher 5"
    echo "tap voucher.done"
    echo "wait_screen attract 5"
    echo "quit"
  } >"$work/booth1.script"
  if ! SDL_AUDIODRIVER=dummy timeout 180 "$chillnode" --config "$(unit_config booth1)" --window 800x480 \
      --autotest "$work/booth1.script" >"$work/booth1.kiosk.log" 2>&1; then
    tail -n 20 "$work/booth1.kiosk.log"
    fail "the scripted kiosk run failed"
    return
  fi
  local code
  code=$(unit_row booth1 "SELECT code FROM vouchers")
  [ -n "$code" ] || { fail "the session issued no voucher"; return; }
  "$chillnode" --config "$(unit_config stall1)" redeem "$code" >/dev/null || fail "stall1 did not accept the voucher"
  sync_once booth1 >/dev/null || fail "sync of booth1 failed"
  sync_once stall1 >/dev/null || fail "sync of stall1 failed"

  local kinds
  kinds=$(outbox booth1 "SELECT group_concat(kind || ':' || n, ' ') FROM (SELECT kind, count(*) AS n FROM outbox
                         WHERE kind IN ('session', 'session_transition', 'survey', 'consent', 'voucher')
                         GROUP BY kind ORDER BY kind)")
  [ "$kinds" = "consent:1 session:1 session_transition:4 survey:2 voucher:1" ] ||
    fail "booth1's outbox has $kinds, expected one consent, session and voucher, four transitions and two surveys"
  [ "$(unit_row booth1 "SELECT group_concat(coalesce(from_state, '') || '>' || to_state, ' ') FROM session_transitions")" = \
    ">queued queued>called called>running running>completed" ] || fail "the session did not go queued, called, running, completed"

  # Sessions: ids, bib, station, bay, state, planned and actual duration, and the times.
  local unit hq
  # HQ's creation time is the first transition's, which the unit takes shortly before it
  # stores created_wall_ms, so the unit side reads it from session_transitions.
  unit=$(unit_row booth1 "SELECT s.id, s.bib, 'booth1', s.station, s.bay, s.state, s.planned_ms,
                                 s.end_mono_ms - s.start_mono_ms, t.wall_ms, s.start_wall_ms, s.end_wall_ms
                          FROM sessions s JOIN session_transitions t ON t.session_id = s.id AND t.from_state IS NULL")
  hq=$(hq_sql "SELECT session_id, bib, unit_id, station, bay, state, planned_ms, session_ms, $(epoch_ms_sql created_unit_time),
                      $(epoch_ms_sql started_at), $(epoch_ms_sql ended_at) FROM chillnode.sessions
               WHERE unit_id = 'booth1'")
  # started_at and ended_at are corrected times, so they may differ from the unit's clock by
  # the anchor's error. Everything before them must match exactly.
  [ "$(cut -d'|' -f1-9 <<<"$hq")" = "$(cut -d'|' -f1-9 <<<"$unit")" ] ||
    fail "chillnode.sessions has '$hq', the unit has '$unit'"
  [[ "$unit" == *"|plunge|0|completed|4000|"* ]] || fail "the unit's session is not a completed 4 s plunge session: $unit"
  local field
  for field in 10 11; do
    [ $(($(cut -d'|' -f"$field" <<<"$hq") - $(cut -d'|' -f"$field" <<<"$unit"))) -le 1000 ] &&
      [ $(($(cut -d'|' -f"$field" <<<"$unit") - $(cut -d'|' -f"$field" <<<"$hq"))) -le 1000 ] ||
      fail "chillnode.sessions field $field is $(cut -d'|' -f"$field" <<<"$hq"), the unit's is $(cut -d'|' -f"$field" <<<"$unit")"
  done
  echo "    session: $hq"

  unit=$(unit_row booth1 "SELECT id, session_id, coalesce(from_state, ''), to_state, reason, staff_id, wall_ms
                          FROM session_transitions ORDER BY rowid")
  hq=$(hq_sql "SELECT transition_id, session_id, coalesce(from_state, ''), to_state, reason, coalesce(staff_id, ''),
                      $(epoch_ms_sql unit_time) FROM chillnode.session_transitions
               WHERE unit_id = 'booth1' ORDER BY seq")
  [ "$hq" = "$unit" ] || fail "chillnode.session_transitions has '$hq', the unit has '$unit'"

  # Surveys, shared because the runner consented: kind, session, answers and time.
  unit=$(unit_row booth1 "SELECT id, bib, session_id, kind, wall_ms FROM surveys WHERE shared = 1 ORDER BY rowid")
  hq=$(hq_sql "SELECT survey_id, bib, session_id, survey_kind, $(epoch_ms_sql unit_time) FROM chillnode.surveys
               WHERE unit_id = 'booth1' ORDER BY seq")
  [ "$hq" = "$unit" ] || fail "chillnode.surveys has '$hq', the unit has '$unit'"
  local id answers same
  while IFS='|' read -r id answers; do
    same=$(hq_sql "SELECT answers = '$answers'::jsonb FROM chillnode.surveys WHERE survey_id = '$id'")
    [ "$same" = "t" ] || fail "survey $id: HQ's answers differ from the unit's $answers"
  done < <(unit_row booth1 "SELECT id, answers FROM surveys")
  [ "$(hq_sql "SELECT string_agg(survey_kind || ':' || answers::text, ' ' ORDER BY seq) FROM chillnode.surveys
                   WHERE unit_id = 'booth1'")" = \
    'before:{"soreness": 6} after:{"readiness": 9}' ] || fail "HQ's surveys are not a soreness of 6 and a readiness of 9"
  unit=$(unit_row booth1 "SELECT id, bib, text_version, wall_ms FROM runner_consent WHERE consent = 1")
  hq=$(hq_sql "SELECT consent_id, bib, text_version, $(epoch_ms_sql unit_time) FROM chillnode.consents
               WHERE unit_id = 'booth1'")
  [ "$hq" = "$unit" ] || fail "chillnode.consents has '$hq', the unit has '$unit'"

  # The voucher and its redemption at the sponsor unit.
  unit=$(unit_row booth1 "SELECT id, offer_id, 'juice', bib, session_id, unit_id, key_id, issued_at * 1000,
                                 expires_at * 1000 FROM vouchers")
  hq=$(hq_sql "SELECT voucher_id, offer_id, sponsor_id, bib, session_id, unit_id, key_id, $(epoch_ms_sql issued_unit_time),
                      $(epoch_ms_sql expires_at) FROM chillnode.vouchers
               WHERE unit_id = 'booth1'")
  [ "$hq" = "$unit" ] || fail "chillnode.vouchers has '$hq', the unit has '$unit'"
  [ "$(cut -d'|' -f5 <<<"$hq")" = "$(hq_sql "SELECT session_id FROM chillnode.sessions WHERE unit_id = 'booth1'")" ] ||
    fail "the voucher does not name the session"
  unit=$(unit_row stall1 "SELECT id, voucher_id, offer_id, issuing_unit, key_id, issued_at * 1000, unit_id, result, wall_ms
                          FROM redemptions")
  hq=$(hq_sql "SELECT redemption_id, voucher_id, offer_id, issuing_unit, key_id, $(epoch_ms_sql issued_unit_time), unit_id,
                      result, $(epoch_ms_sql unit_time) FROM chillnode.redemptions
               WHERE unit_id = 'stall1'")
  [ "$hq" = "$unit" ] || fail "chillnode.redemptions has '$hq', the unit has '$unit'"
  [[ "$hq" == *"|booth-a|"*"|stall1|valid|"* ]] || fail "the redemption is not stall1's valid one of booth-a's voucher: $hq"
  [ "$(hq_sql "SELECT count(*) FROM chillnode.redemptions r JOIN chillnode.vouchers v USING (voucher_id)
                 WHERE r.unit_id = 'stall1' AND v.unit_id = 'booth1'")" -eq 1 ] ||
    fail "HQ cannot join the redemption to its voucher"

  # Corrected times exist and lie within 2 s of the unit's clock, which is also HQ's clock here.
  local view other
  for view in "sessions created_at created_unit_time" "surveys answered_at unit_time" \
      "vouchers issued_at issued_unit_time" "redemptions redeemed_at unit_time"; do
    read -r view field other <<<"$view"
    [ "$(hq_sql "SELECT count(*) FROM chillnode.$view WHERE unit_id IN ('booth1', 'stall1') AND ($field IS NULL
                   OR abs(extract(epoch FROM $field - $other)) > 2)")" -eq 0 ] ||
      fail "chillnode.$view.$field is missing or more than 2 s from $other"
  done

  # The return-to-run row joins the session with its surveys, voucher and redemption.
  local joined expected
  joined=$(hq_sql "SELECT session_id, bib, station, soreness_before, readiness_after, voucher_id, redeemed_at_unit,
                          time_to_redemption = redeemed_at - issued_at AND time_to_redemption > interval '0'
                   FROM chillnode.return_to_run WHERE unit_id = 'booth1'")
  expected=$(hq_sql "SELECT s.session_id, s.bib, s.station, 6, 9, v.voucher_id, 'stall1', true
                     FROM chillnode.sessions s JOIN chillnode.vouchers v USING (session_id)
                     WHERE s.unit_id = 'booth1'")
  [ -n "$joined" ] && [ "$joined" = "$expected" ] ||
    fail "chillnode.return_to_run has '$joined', expected '$expected'"
  check_unit booth1
  check_unit stall1
}

# Writes into folder $1 a test CA, a second unrelated CA, a server certificate for 127.0.0.1
# and localhost, one for another host name, and a client certificate for the unit role $2.
make_certificates() {
  local dir=$1 unit=$2 name
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  mkdir -p "$dir"
  for name in ca other-ca; do
    openssl req -x509 "${ec[@]}" -keyout "$dir/$name.key" -out "$dir/$name.crt" -days 2 -subj "/CN=Chill Node test $name" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null || return 1
  done
  # The test CA signs both server certificates.
  local host
  for name in server:IP:127.0.0.1,DNS:localhost other-host:DNS:other-host.invalid; do
    host=${name#*:}
    name=${name%%:*}
    openssl req -new "${ec[@]}" -keyout "$dir/$name.key" -out "$dir/$name.csr" -subj "/CN=$name" 2>/dev/null || return 1
    openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
      -out "$dir/$name.crt" -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$host") \
      2>/dev/null || return 1
  done
  # PostgreSQL's cert login takes the role name from the client certificate's CN.
  openssl req -new "${ec[@]}" -keyout "$dir/$unit.key" -out "$dir/$unit.csr" -subj "/CN=$unit" 2>/dev/null || return 1
  openssl x509 -req -in "$dir/$unit.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
    -out "$dir/$unit.crt" -extfile <(printf 'extendedKeyUsage=clientAuth\n') 2>/dev/null || return 1
  chmod 600 "$dir"/*.key
}

# Turns TLS on at the server with the files from make_certificates in $1. The role $2 may
# log in only over TLS with a client certificate. Every other line stays as pg_start wrote it.
pg_tls_on() {
  local dir=$1 unit=$2 name i
  pg_as_user mkdir -p "$pg_dir/tls"
  for name in ca.crt server.crt server.key other-host.crt other-host.key; do
    cp "$dir/$name" "$pg_dir/tls/$name"
    chown "$pg_user" "$pg_dir/tls/$name"
  done
  chmod 600 "$pg_dir/tls/server.key" "$pg_dir/tls/other-host.key"
  cp "$pg_dir/data/pg_hba.conf" "$work/pg_hba.conf.plain"
  pg_as_user tee "$pg_dir/data/pg_hba.conf" >/dev/null <<HBA
local all all trust
host all hqadmin 127.0.0.1/32 trust
hostssl race $unit 127.0.0.1/32 cert
host all $unit 127.0.0.1/32 reject
host all all 127.0.0.1/32 scram-sha-256
HBA
  pg_admin -d postgres -c "ALTER SYSTEM SET ssl = on" -c "ALTER SYSTEM SET ssl_cert_file = '$pg_dir/tls/server.crt'" \
    -c "ALTER SYSTEM SET ssl_key_file = '$pg_dir/tls/server.key'" -c "ALTER SYSTEM SET ssl_ca_file = '$pg_dir/tls/ca.crt'" ||
    return 1
  pg_ctl_run reload >/dev/null || return 1
  for i in $(seq 50); do
    [ "$(pg_admin -d postgres -c "SHOW ssl")" = "on" ] && return 0
    sleep 0.1
  done
  return 1
}

# Makes the server present certificate $1 (server or other-host) to new connections.
pg_server_certificate() {
  local file="$pg_dir/tls/$1" i
  pg_admin -d postgres -c "ALTER SYSTEM SET ssl_cert_file = '$file.crt'" -c "ALTER SYSTEM SET ssl_key_file = '$file.key'" ||
    return 1
  pg_ctl_run reload >/dev/null || return 1
  for i in $(seq 50); do
    [ "$(pg_admin -d postgres -c "SHOW ssl_cert_file")" = "$file.crt" ] && return 0
    sleep 0.1
  done
  return 1
}

# Restores pg_start's pg_hba.conf and turns TLS off again.
pg_tls_off() {
  pg_as_user tee "$pg_dir/data/pg_hba.conf" <"$work/pg_hba.conf.plain" >/dev/null
  pg_admin -d postgres -c "ALTER SYSTEM RESET ssl" >/dev/null
  pg_ctl_run reload >/dev/null
}

# A unit logs in with a client certificate over TLS and checks the server's certificate
# (verify-full). A client key that others can read fails in plain words, and so do a wrong
# root certificate and a certificate for another host, which send nothing. With the right
# files every row goes over TLS.
scenario_tls() {
  local tls="$work/tls"
  make_certificates "$tls" tls1 || { fail "openssl could not make the test certificates"; return; }
  pg_tls_on "$tls" tls1 || { fail "the server did not turn TLS on"; return; }
  make_unit tls1
  local config
  config=$(unit_config tls1)
  # No password in the url: the client certificate is the login.
  sed -i -e "s|^url = .*|url = \"postgresql://tls1@127.0.0.1:$pg_port/race\"|" \
    -e "s|^sslmode = .*|sslmode = \"verify-full\"\nsslrootcert = \"$tls/ca.crt\"\nsslcert = \"$tls/tls1.crt\"\nsslkey = \"$tls/tls1.key\"|" \
    "$config"
  "$hqtest" make-records "$(unit_db tls1)" tls1 40 || fail "make-records failed"

  # The server side: without a client certificate, or without TLS, tls1 cannot log in.
  local login="host=127.0.0.1 port=$pg_port dbname=race user=tls1 password=${unit_password[tls1]}"
  if psql "$login sslmode=require" -qAtX -c "SELECT 1" >/dev/null 2>&1; then
    fail "tls1 logged in over TLS with its password and no client certificate"
  fi
  if psql "$login sslmode=disable" -qAtX -c "SELECT 1" >/dev/null 2>&1; then
    fail "tls1 logged in without TLS"
  fi

  local status err
  chmod 644 "$tls/tls1.key"
  "$chillnode" --config "$config" sync --once >/dev/null 2>"$work/tls1.err"
  status=$?
  err=$(cat "$work/tls1.err")
  [ "$status" -eq 1 ] || fail "sync --once with a client key others can read exited $status, expected 1"
  [[ "$err" == *"HQ client key (hq.sslkey) $tls/tls1.key has mode 0644, so other users can read it: run chmod 600"* ]] ||
    fail "unclear error for a client key others can read: $err"
  chmod 600 "$tls/tls1.key"

  sed -i "s|^sslrootcert = .*|sslrootcert = \"$tls/other-ca.crt\"|" "$config"
  "$chillnode" --config "$config" sync --once >/dev/null 2>"$work/tls1.err"
  status=$?
  err=$(cat "$work/tls1.err")
  [ "$status" -eq 1 ] || fail "sync --once with the wrong root certificate exited $status, expected 1"
  [[ "$err" == *"the TLS connection to HQ failed ("*"certificate verify failed"*"): check hq.sslmode and the certificate files"* ]] ||
    fail "unclear error for the wrong root certificate: $err"
  echo "    with the wrong root certificate: $(grep -v ' info ' <<<"$err")"
  [ "$(hq_sql "SELECT count(*) FROM chillnode.events WHERE unit_id = 'tls1'")" -eq 0 ] ||
    fail "rows reached HQ although the server's certificate was not trusted"
  [ "$(outbox tls1 "SELECT count(*) FROM outbox WHERE sent_at_ms IS NOT NULL")" -eq 0 ] ||
    fail "rows were marked sent although the TLS connection failed"

  sed -i "s|^sslrootcert = .*|sslrootcert = \"$tls/ca.crt\"|" "$config"
  # verify-full checks the host name too: a certificate from the right CA for another host fails.
  pg_server_certificate other-host || fail "the server did not switch to the other host's certificate"
  "$chillnode" --config "$config" sync --once >/dev/null 2>"$work/tls1.err"
  status=$?
  err=$(cat "$work/tls1.err")
  [ "$status" -eq 1 ] || fail "sync --once with a certificate for another host exited $status, expected 1"
  [[ "$err" == *"the TLS connection to HQ failed ("*"does not match host name \"127.0.0.1\""* ]] ||
    fail "unclear error for a certificate for another host: $err"
  [ "$(hq_sql "SELECT count(*) FROM chillnode.events WHERE unit_id = 'tls1'")" -eq 0 ] ||
    fail "rows reached HQ although the server's certificate names another host"
  pg_server_certificate server || fail "the server did not switch back to its own certificate"

  start_sync_thread tls1
  wait_drained tls1 60 || fail "the sync thread did not send the rows over TLS within 60 s"
  # The sync thread keeps its connection, so the server shows how it logged in.
  local seen i
  for i in $(seq 50); do
    seen=$(hq_sql "SELECT s.ssl || ' ' || coalesce(s.client_dn, '-') FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
                   WHERE a.usename = 'tls1' AND a.application_name = 'chillnode-sync'")
    [ -n "$seen" ] && break
    sleep 0.1
  done
  [ "$seen" = "true /CN=tls1" ] || fail "the sync connection is '$seen', expected TLS with the client certificate /CN=tls1"
  stop_sync_thread
  check_unit tls1
  pg_tls_off
}

scenarios=(same_batch_twice hq_down_then_up role_isolation quarantine proxy_cuts restart_immediate reply_lost
  sigkill twenty_units clock_2019 voucher_twice bad_settings typed_views tls)
if [ ${#only[@]} -gt 0 ]; then scenarios=("${only[@]}"); fi

pg_start "$("$hqtest" free-port)" || { echo "cannot start PostgreSQL"; exit 1; }
"$chillnode" hq schema | pg_admin -d race >/dev/null || { echo "the HQ schema did not apply"; exit 1; }
# Applying it again must keep working, so HQ can update its views in place.
"$chillnode" hq schema | pg_admin -d race >/dev/null || { echo "the HQ schema did not apply a second time"; exit 1; }

for name in "${scenarios[@]}"; do
  echo "--- $name"
  scenario_ok=1
  started=$SECONDS
  if declare -F "scenario_$name" >/dev/null; then
    "scenario_$name"
  else
    fail "no scenario is named $name"
  fi
  if [ "$scenario_ok" -eq 1 ]; then
    passed=$((passed + 1))
    echo "ok $name ($((SECONDS - started)) s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "not ok $name ($((SECONDS - started)) s)"
  fi
done

if [ "$failed" -gt 0 ]; then
  echo "failed scenarios: ${failures[*]}"
  echo "server log tail:"
  tail -n 20 "$pg_dir/server.log"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
