#!/usr/bin/env bash
# Recovery-session drills on the real kiosk binary in an SDL window (Xvfb in CI). Autotest
# scripts drive each drill, and sqlite3 checks the database after it:
#   kill    SIGKILL while sessions are queued, called and running, then a restart in the same
#           boot: the running session ends on time and no record is lost or doubled
# Usage: run_session_drills.sh CHILLNODE SOURCE_DIR DRILL
set -euo pipefail
chillnode=$1
source_dir=$2
drill=$3

work=$(mktemp -d "${TMPDIR:-/tmp}/chillnode-drill-XXXXXX")
kiosk_pid=
kiosk_log=
cleanup() {
  if [ -n "$kiosk_pid" ]; then
    kill -KILL "$kiosk_pid" 2>/dev/null || true
    wait "$kiosk_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/camera"
db=$work/kiosk.db

fail() {
  if [ -n "$kiosk_log" ] && [ -s "$kiosk_log" ]; then
    echo "--- last lines of $(basename "$kiosk_log"):" >&2
    tail -n 30 "$kiosk_log" >&2
  fi
  echo "drill $drill: FAILED: $*" >&2
  exit 1
}

note() {
  echo "drill $drill: $*"
}

query() {
  sqlite3 -batch -noheader -cmd ".timeout 5000" "$db" "$1"
}

# Milliseconds since boot on the kernel's CLOCK_BOOTTIME, the clock of the stored mono_ms.
# /proc/uptime has 10 ms resolution, and libfaketime cannot change it because it only
# wraps libc calls in the processes it is preloaded into.
uptime_ms() {
  awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# sleep_until_ms MS: sleeps until uptime_ms reaches MS, which must be at most 2 min away.
sleep_until_ms() {
  local target=$1 now
  now=$(uptime_ms)
  [ $((target - now)) -le 120000 ] || fail "sleep_until_ms: $target ms is $((target - now)) ms away"
  if [ "$now" -lt "$target" ]; then
    sleep "$(awk -v ms=$((target - now)) 'BEGIN { printf "%.3f", ms / 1000 }')"
  fi
}

# A config for a windowed run without a camera, followed by the given TOML.
kiosk_config() {
  cat <<TOML
[unit]
id = "drill-booth"
[camera]
kind = "folder"
source = "$work/camera"
[display]
renderer = "software"
idle_timeout_s = 60
idle_warning_s = 5
$1
TOML
}

# Script lines that check BIB in on the keypad, starting on the attract screen.
checkin_lines() {
  cat <<SCRIPT
tap attract.keypad
wait_screen keypad 10
type $1
tap keypad.ok
SCRIPT
}

# Script lines that check BIB in and pick STATION, which has no intake questions.
join_lines() {
  checkin_lines "$1"
  cat <<SCRIPT
wait_screen welcome 10
tap welcome.choose
wait_screen choose 10
tap choose.$2
SCRIPT
}

# start_kiosk NAME CONFIG SCRIPT [VAR=VALUE ...]: runs the kiosk on $db in the background,
# logging to $work/NAME.log. Sound goes to SDL's dummy driver unless a VAR sets another.
start_kiosk() {
  local name=$1 config=$2 script=$3
  shift 3
  kiosk_log=$work/$name.log
  env SDL_AUDIODRIVER=dummy "$@" "$chillnode" --config "$config" --db "$db" --window 800x480 \
    --autotest "$script" >"$kiosk_log" 2>&1 &
  kiosk_pid=$!
}

# finish_kiosk SECONDS: waits for the kiosk's script to quit it and fails unless it exits 0.
finish_kiosk() {
  local deadline status=0
  deadline=$(($(uptime_ms) + $1 * 1000))
  while kill -0 "$kiosk_pid" 2>/dev/null; do
    if [ "$(uptime_ms)" -ge "$deadline" ]; then
      kill -KILL "$kiosk_pid"
      wait "$kiosk_pid" 2>/dev/null || true
      kiosk_pid=
      fail "the kiosk did not quit within $1 s"
    fi
    sleep 0.1
  done
  wait "$kiosk_pid" || status=$?
  kiosk_pid=
  [ "$status" -eq 0 ] || fail "the kiosk exited with status $status: an autotest step failed (see its log)"
}

kill_kiosk() {
  kill -KILL "$kiosk_pid"
  wait "$kiosk_pid" 2>/dev/null || true
  kiosk_pid=
}

# wait_for SECONDS WHAT COMMAND...: runs COMMAND every 50 ms until it succeeds. Fails after
# SECONDS, or when the kiosk quits first, since its script failed then.
wait_for() {
  local seconds=$1 what=$2 deadline
  shift 2
  deadline=$(($(uptime_ms) + seconds * 1000))
  until "$@"; do
    [ "$(uptime_ms)" -lt "$deadline" ] || fail "timed out after $seconds s waiting for $what"
    if [ -n "$kiosk_pid" ] && ! kill -0 "$kiosk_pid" 2>/dev/null; then
      fail "the kiosk quit while the drill waited for $what"
    fi
    sleep 0.05
  done
}

# transition BIB REASON COLUMN: the column of that transition of the runner's session.
transition() {
  query "SELECT t.$3 FROM session_transitions t JOIN sessions s ON s.id = t.session_id
         WHERE s.bib = '$1' AND t.reason = '$2'"
}

has_transition() {
  [ -n "$(transition "$1" "$2" id)" ]
}

# The reasons of the runner's stored transitions in the order they were written.
reasons_of() {
  query "SELECT group_concat(reason, ' ') FROM (SELECT t.reason FROM session_transitions t
         JOIN sessions s ON s.id = t.session_id WHERE s.bib = '$1' ORDER BY t.rowid)"
}

expect_reasons() {
  local reasons
  reasons=$(reasons_of "$1")
  [ "$reasons" = "$2" ] || fail "bib $1: transitions are \"$reasons\", expected \"$2\""
}

expect_state() {
  local state
  state=$(query "SELECT group_concat(state, ' ') FROM sessions WHERE bib = '$1'")
  [ "$state" = "$2" ] || fail "bib $1: $3: session state is \"$state\", expected \"$2\""
}

# The file is intact, and every record is stored once with exactly one outbox row.
check_records() {
  [ "$(query "PRAGMA integrity_check")" = ok ] || fail "$1: PRAGMA integrity_check failed"
  local count
  count=$(query "SELECT count(*) FROM session_transitions t WHERE (SELECT count(*) FROM outbox o
                 WHERE o.event_id = t.id AND o.kind = 'session_transition') <> 1")
  [ "$count" -eq 0 ] || fail "$1: $count transitions without exactly one outbox row"
  count=$(query "SELECT count(*) FROM outbox o WHERE o.kind = 'session_transition'
                 AND NOT EXISTS (SELECT 1 FROM session_transitions t WHERE t.id = o.event_id)")
  [ "$count" -eq 0 ] || fail "$1: $count outbox rows of transitions that are not stored"
  count=$(query "SELECT count(*) FROM sessions s WHERE (SELECT count(*) FROM outbox o
                 WHERE o.event_id = s.id AND o.kind = 'session') <> 1")
  [ "$count" -eq 0 ] || fail "$1: $count sessions without exactly one outbox row"
  count=$(query "SELECT count(*) FROM checkins c WHERE (SELECT count(*) FROM outbox o
                 WHERE o.event_id = c.id AND o.kind = 'checkin') <> 1")
  [ "$count" -eq 0 ] || fail "$1: $count check-ins without exactly one outbox row"
  count=$(query "SELECT count(*) FROM intake_answers i WHERE (SELECT count(*) FROM outbox o
                 WHERE o.event_id = i.id AND o.kind = 'intake') <> 1")
  [ "$count" -eq 0 ] || fail "$1: $count intake records without exactly one outbox row"
  count=$(query "SELECT (SELECT count(*) FROM outbox WHERE kind = 'visit')
                 - (SELECT coalesce(sum(visits - 1), 0) FROM checkins)")
  [ "$count" -eq 0 ] || fail "$1: repeat visits and their outbox rows differ by $count"
}

import_roster() {
  "$chillnode" --db "$db" roster import "$source_dir/assets/demo/roster.csv" >/dev/null
}

require_display() {
  [ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run through scripts/test, which starts Xvfb"
}

# --- kill -----------------------------------------------------------------------------------

# Runner 6737 is called to the attended boots bay (staff would start it), 7456 waits in
# the boots queue behind 6737, and 7522 runs a plunge session. The kiosk is SIGKILLed
# KillAfterMs into the plunge session and stays down DownMs, then restarts in the same boot.
drill_kill() {
  local -r PlannedMs=25000 KillAfterMs=3000 DownMs=5000 ToleranceMs=1000
  require_display
  import_roster
  kiosk_config "
[[stations]]
id = \"plunge\"
bays = 1
default_s = $((PlannedMs / 1000))
max_s = 40
[[stations]]
id = \"boots\"
bays = 1
default_s = 60
max_s = 90
attended = true
questions = []" >"$work/kiosk.toml"

  {
    echo "wait_screen attract 10"
    join_lines 6737 boots
    printf '%s\n' "wait_screen called 10" "tap called.done" "wait_screen attract 10"
    join_lines 7456 boots
    printf '%s\n' "wait_screen queued 10" "tap queued.done" "wait_screen attract 10"
    checkin_lines 7522
    printf '%s\n' "wait_screen welcome 10" "tap welcome.choose" "wait_screen choose 10" \
      "tap choose.plunge" "wait_screen intake 10" "tap intake.agree"
    # One "no" for each of the plunge's seven built-in questions.
    for _ in 1 2 3 4 5 6 7; do echo "tap intake.no"; done
    printf '%s\n' "wait_screen called 10" "tap called.start" "wait_screen running 10" "sleep 600000"
  } >"$work/before-kill.script"

  start_kiosk before-kill "$work/kiosk.toml" "$work/before-kill.script"
  wait_for 60 "the plunge session to start" has_transition 7522 runner_started
  local started
  started=$(transition 7522 runner_started mono_ms)
  sleep_until_ms $((started + KillAfterMs))
  kill_kiosk
  local killed
  killed=$(uptime_ms)
  note "killed the kiosk $((killed - started)) ms into the $PlannedMs ms session"

  # What the killed kiosk left behind: every state as it was, and nothing half written.
  check_records "after SIGKILL"
  expect_state 7522 running "after SIGKILL"
  expect_state 7456 queued "after SIGKILL"
  expect_state 6737 called "after SIGKILL"

  sleep_until_ms $((killed + DownMs))
  {
    echo "wait_screen attract 10"
    checkin_lines 7522
    printf '%s\n' "wait_screen running 10" "tap running.done" "wait_screen attract 10"
    checkin_lines 7456
    printf '%s\n' "wait_screen queued 10" "tap queued.done" "wait_screen attract 10"
    checkin_lines 6737
    printf '%s\n' "wait_screen called 10" "tap called.done" "wait_screen attract 10"
    checkin_lines 7522
    printf '%s\n' "wait_screen running 10" "wait_screen over 40" "quit"
  } >"$work/after-kill.script"
  local restarted
  restarted=$(uptime_ms)
  start_kiosk after-kill "$work/kiosk.toml" "$work/after-kill.script"
  finish_kiosk 90
  grep -q "sessions restored: 3 open, 0 interrupted by a reboot" "$kiosk_log" ||
    fail "the restarted kiosk did not restore the 3 open sessions as they were"
  note "the kiosk was down $((restarted - killed)) ms and restarted with $((started + PlannedMs - restarted)) ms of the session left"
  [ $((restarted - killed)) -ge "$DownMs" ] || fail "the kiosk was down less than $DownMs ms"

  # The session ended at its planned time, measured on the monotonic clock across the crash.
  local ended error
  ended=$(transition 7522 time_up mono_ms)
  [ -n "$ended" ] || fail "bib 7522: no time_up transition; transitions: $(reasons_of 7522)"
  error=$((ended - started - PlannedMs))
  note "time_up came $((ended - started)) ms after runner_started: $error ms after the planned end"
  [ "$ended" -gt "$restarted" ] || fail "the session ended before the restart, so the drill measured nothing"
  [ "$error" -ge 0 ] && [ "$error" -le "$ToleranceMs" ] ||
    fail "the session ended $error ms off its planned end, more than $ToleranceMs ms"

  check_records "after the restart"
  expect_reasons 7522 "joined bay_free runner_started time_up"
  expect_reasons 7456 "joined"
  expect_reasons 6737 "joined bay_free"
  expect_state 7522 completed "after the restart"
  expect_state 7456 queued "after the restart"
  expect_state 6737 called "after the restart"
  [ "$(query "SELECT count(*) FROM checkins")" -eq 3 ] || fail "expected 3 check-ins, one per runner"
  [ "$(query "SELECT count(*) FROM intake_answers")" -eq 1 ] || fail "expected 1 intake record"
  [ "$(query "SELECT count(*) FROM sessions WHERE alarm_pending = 1")" -eq 0 ] ||
    fail "a session has an alarm pending, as after an interruption"
}

# --- dispatch -------------------------------------------------------------------------------

case $drill in
  kill) drill_kill ;;
  *) fail "unknown drill \"$drill\": use kill" ;;
esac
note "passed"
