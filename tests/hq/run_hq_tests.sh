#!/usr/bin/env bash
# Black-box tests of the HQ sync: a private PostgreSQL server on 127.0.0.1, the HQ schema
# from `chillnode hq schema`, unit roles from `chillnode hq add-unit`, and units made of a
# config and a SQLite database each. After every scenario a checker compares HQ with the
# unit: HQ rows = distinct event ids = the unit's outbox rows, no sequence gaps, and every
# outbox row acknowledged.
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
  if [ "$quarantined" -eq 0 ]; then
    [ "$gaps" -eq 0 ] || fail "$name: HQ shows $gaps sequence gaps"
    [ "$max_seq" -eq "$outbox_rows" ] || fail "$name: HQ's highest seq is $max_seq, the outbox has $outbox_rows rows"
  fi
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

scenario_quarantine() {
  make_unit quar1
  "$hqtest" make-records "$(unit_db quar1)" quar1 30 || fail "make-records failed"
  outbox quar1 "INSERT INTO outbox (event_id, kind, schema_version, boot_id, mono_ms, wall_ms, wall_synced, body)
                VALUES ('not-a-uuid', 'checkin', 1, 'b', 1, 1, 0, '{}'),
                       ('00000000-0000-4000-8000-00000000abcd', 'checkin', 1, 'b', 1, 1, 0, '{\"unterminated')"
  "$hqtest" make-records "$(unit_db quar1)" quar1 30 || fail "make-records failed"
  local out
  out=$(sync_once quar1) || fail "sync --once failed: $out"
  [[ "$out" == *"(2 quarantined, 0 pending)" ]] || fail "unexpected summary: $out"
  local reasons
  reasons=$(outbox quar1 "SELECT quarantine_reason FROM outbox WHERE quarantined_at_ms IS NOT NULL ORDER BY seq")
  [[ "$reasons" == *"22P02"* ]] || fail "quarantine reasons lack the SQLSTATE: $reasons"
  check_unit quar1 2
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
  sleep 0.8
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

scenario_sigkill() {
  make_unit kill1
  # Small batches keep the sync busy for a while, so that kills land mid-sync even on a
  # loaded machine where the process takes a few hundred ms to start.
  sed -i 's/^batch_size = .*/batch_size = 5/' "$(unit_config kill1)"
  "$hqtest" make-records "$(unit_db kill1)" kill1 300 || fail "make-records failed"
  local round writer pause before after mid_sync=0 mid_write=0
  RANDOM=5
  for round in $(seq 40); do
    before=$(hq_sql "SELECT count(*) FROM chillnode.events WHERE unit_id = 'kill1'")
    start_sync_thread kill1
    "$hqtest" make-records "$(unit_db kill1)" kill1 300 --pause-ms 2 >/dev/null 2>&1 &
    writer=$!
    pause=$(printf '%d.%03d' $((RANDOM % 2)) $((RANDOM % 1000)))
    sleep "$pause"
    if kill -9 "$writer" 2>/dev/null; then mid_write=$((mid_write + 1)); fi
    kill -9 "$sync_pid" 2>/dev/null
    wait "$sync_pid" "$writer" 2>/dev/null
    after=$(hq_sql "SELECT count(*) FROM chillnode.events WHERE unit_id = 'kill1'")
    # Rows reached HQ in this round while some stayed pending: the kill landed mid-sync.
    if [ "$after" -gt "$before" ] && [ "$(pending kill1)" -gt 0 ]; then mid_sync=$((mid_sync + 1)); fi
  done
  echo "    40 rounds of SIGKILL: $mid_sync hit the sync thread with rows in flight, $mid_write hit a writer"
  [ "$mid_sync" -ge 5 ] || fail "only $mid_sync kills landed during a sync"
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
  # make-voucher hashes bib B1. At stallB someone else shows the voucher: exit 9, still valid.
  "$chillnode" --config "$(unit_config stallA)" redeem "$code" --bib B1 >/dev/null || fail "stallA did not accept the voucher"
  sleep 0.05
  local status=0
  "$chillnode" --config "$(unit_config stallB)" redeem "$code" --bib B2 >/dev/null || status=$?
  [ "$status" -eq 9 ] || fail "stallB exited $status, expected 9 (valid, different runner) offline"
  # The later redemption reaches HQ first.
  sync_once stallB >/dev/null || fail "sync of stallB failed"
  sync_once stallA >/dev/null || fail "sync of stallA failed"
  local verdicts
  verdicts=$(hq_sql "SELECT unit_id || ':' || hq_verdict FROM chillnode.redemption_ranking ORDER BY unit_id" | tr '\n' ' ')
  [ "$verdicts" = "stallA:honoured stallB:flagged " ] || fail "ranking is '$verdicts', expected stallA honoured, stallB flagged"
  local checks
  checks=$(hq_sql "SELECT unit_id || ':' || bib_matched FROM chillnode.redemption_bib_checks ORDER BY unit_id" | tr '\n' ' ')
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

scenarios=(same_batch_twice hq_down_then_up role_isolation quarantine proxy_cuts restart_immediate reply_lost
  sigkill twenty_units clock_2019 voucher_twice bad_settings)
if [ ${#only[@]} -gt 0 ]; then scenarios=("${only[@]}"); fi

pg_start "$("$hqtest" free-port)" || { echo "cannot start PostgreSQL"; exit 1; }
"$chillnode" hq schema | pg_admin -d race >/dev/null || { echo "the HQ schema did not apply"; exit 1; }
# Applying it again must keep working, so HQ can update its views in place.
"$chillnode" hq schema | pg_admin -d race >/dev/null || { echo "the HQ schema did not apply a second time"; exit 1; }

for name in "${scenarios[@]}"; do
  echo "--- $name"
  scenario_ok=1
  started=$SECONDS
  "scenario_$name"
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
