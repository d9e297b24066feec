#!/usr/bin/env bash
# Recovery-session drills on the real kiosk binary in an SDL window (Xvfb in CI). Autotest
# scripts drive each drill, and sqlite3 and sox check the database and the sound file after it:
#   kill    SIGKILL while sessions are queued, called and running, then a restart in the same
#           boot: the running session ends on time and no record is lost or doubled
#   clock   the wall clock jumps +10 and -10 years during a running session: no timer
#           changes, and the records carry the jumped wall time
#   anchors the kiosk starts with its wall clock in 2019, NTP corrects it, and it steps back an
#           hour, during running sessions, with HQ on a private PostgreSQL server. No timer
#           changes, and HQ corrects every record to the real time through the stored anchors
#   audio   the cues of one session through SDL's disk audio driver: sound only while a cue plays
#   restart SIGKILL before and after half way: a restart plays no cue a second time
#   quiet   the same session with [audio] quiet = true writes only silence
#   guided  audio-guided mode reads the running screen's message once, whole, and then is
#           silent, although the countdown on screen changes every second
#   config  malformed station durations are rejected at start, naming the key, database untouched
#   storm   SIGKILL at random moments of check-ins, sessions, vouchers and redemptions: every
#           record the screen confirmed is stored, with its outbox row, in an intact file
# The clock drills preload FAKE_CLOCK (tests/e2e/fake_clock.cpp) into the kiosk to steer its
# wall clock and the NTP state its kernel reports.
# Usage: run_session_drills.sh CHILLNODE SOURCE_DIR DRILL [FAKE_CLOCK]
set -euo pipefail
chillnode=$1
source_dir=$2
drill=$3
fake_clock=${4:-}

work=$(mktemp -d "${TMPDIR:-/tmp}/chillnode-drill-XXXXXX")
kiosk_pid=
kiosk_log=
cleanup() {
  if declare -F pg_stop >/dev/null; then pg_stop; fi
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
# /proc/uptime has 10 ms resolution, and the fake clock cannot change it because it only
# wraps libc calls in the kiosk.
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
  count=$(query "SELECT count(*) FROM vouchers v WHERE (SELECT count(*) FROM outbox o
                 WHERE o.event_id = v.id AND o.kind = 'voucher') <> 1")
  [ "$count" -eq 0 ] || fail "$1: $count vouchers without exactly one outbox row"
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

# --- clock ----------------------------------------------------------------------------------

readonly TenYearsMs=$((10 * 365 * 24 * 3600 * 1000))

# set_wall_clock OFFSET_MS synced|unsynced: steers the kiosk's wall clock to the real time
# plus OFFSET_MS and sets whether its kernel reports the clock synchronized. The rename
# keeps the fake clock from reading a half-written file.
set_wall_clock() {
  echo "$1 $2" >"$work/clock.rc.new"
  mv "$work/clock.rc.new" "$work/clock.rc"
}

# Sets clock_env to the variables that preload the fake clock into the kiosk.
clock_env=()
use_fake_clock() {
  [ -n "$fake_clock" ] && [ -f "$fake_clock" ] ||
    fail "the fake clock library '$fake_clock' is missing: pass the chillnode-fake-clock build as the 4th argument"
  clock_env=(LD_PRELOAD="$fake_clock" CHILLNODE_FAKE_CLOCK="$work/clock.rc")
}

# wall_skew_ms BIB REASON: how far that transition's wall time is off the wall clock of the
# first transition stored, after taking out the monotonic time between the two.
wall_skew_ms() {
  query "SELECT (t.wall_ms - t.mono_ms) - (SELECT wall_ms - mono_ms FROM session_transitions
         ORDER BY rowid LIMIT 1) FROM session_transitions t JOIN sessions s ON s.id = t.session_id
         WHERE s.bib = '$1' AND t.reason = '$2'"
}

# expect_era BIB REASON ERA: the transition was stored while the wall clock was ERA (-1, 0
# or 1) times ten years off, give or take 2 s.
expect_era() {
  local skew
  skew=$(wall_skew_ms "$1" "$2")
  [ -n "$skew" ] || fail "bib $1 has no $2 transition"
  local off=$((skew - $3 * TenYearsMs))
  [ "${off#-}" -le 2000 ] ||
    fail "bib $1 $2: wall time is $skew ms off, expected $3 x 10 years (was the wall clock steered?)"
}

# expect_real_boottime GAP_MS: GAP_MS is how long after a stored mono_ms the drill read
# /proc/uptime on seeing the record. More than 1 s, or a negative gap beyond the 10 ms
# resolution of /proc/uptime, means the kiosk's CLOCK_BOOTTIME is not the kernel's.
expect_real_boottime() {
  [ "$1" -ge -20 ] && [ "$1" -le 1000 ] ||
    fail "the kiosk's mono_ms are $1 ms off the kernel's CLOCK_BOOTTIME: the fake clock changed it"
}

# Runner 7522 joins and starts a plunge session at real wall time. The wall clock then jumps
# +10 years, runner 7456 checks in and starts a mat session, the clock jumps to -10 years,
# The stations of the clock drills: a one-bay plunge of PLANNED_MS and a one-bay mat, with
# no questions.
clock_stations() {
  cat <<TOML
[[stations]]
id = "plunge"
bays = 1
default_s = $(($1 / 1000))
max_s = 30
questions = []
[[stations]]
id = "mat"
bays = 1
default_s = 60
max_s = 90
questions = []
TOML
}

# The script of the clock drills: 7522 starts a plunge session and 7456 a mat session, 7456
# comes back and stops early, and 7522 comes back to see their session end. The kiosk then
# waits END_MS before it quits.
clock_script() {
  echo "wait_screen attract 10"
  join_lines 7522 plunge
  printf '%s\n' "wait_screen called 10" "tap called.start" "wait_screen running 10" "tap running.done" \
    "wait_screen attract 10" "sleep 4000"
  join_lines 7456 mat
  printf '%s\n' "wait_screen called 10" "tap called.start" "wait_screen running 10" "tap running.done" \
    "wait_screen attract 10" "sleep 3000"
  checkin_lines 7456
  printf '%s\n' "wait_screen running 10" "tap running.stop" "wait_screen over 10" "tap over.done" \
    "wait_screen attract 10"
  checkin_lines 7522
  printf '%s\n' "wait_screen running 10" "wait_screen over 40" "sleep $1" "quit"
}

# expect_planned_length PLANNED_MS SEEN_START SEEN_END STARTED ENDED: the drill saw the session
# start and end at uptime SEEN_START and SEEN_END, and stored its start and end at mono_ms
# STARTED and ENDED. Both lengths must be the planned one, give or take 1 s.
expect_planned_length() {
  local -r ToleranceMs=1000
  local planned=$1 seen=$(($3 - $2)) stored=$(($5 - $4))
  note "the drill saw the session last $seen ms, stored mono_ms say $stored ms, planned $planned ms"
  note "the drill saw the start $(($2 - $4)) ms and the end $(($3 - $5)) ms after their mono_ms"
  [ "$((seen - planned))" -ge "-$ToleranceMs" ] && [ "$((seen - planned))" -le "$ToleranceMs" ] ||
    fail "the session lasted $seen ms by the drill's clock, planned $planned ms"
  [ "$((stored - planned))" -ge 0 ] && [ "$((stored - planned))" -le "$ToleranceMs" ] ||
    fail "the stored mono_ms say the session lasted $stored ms, planned $planned ms"
  expect_real_boottime $(($3 - $5))
}

# 7456 stops early, and 7522's session runs to its end. The fake clock moves only the wall
# clock, which the drill checks by comparing the kiosk's mono_ms with its own reading of
# /proc/uptime.
drill_clock() {
  local -r PlannedMs=20000
  require_display
  use_fake_clock
  import_roster
  kiosk_config "$(clock_stations "$PlannedMs")" >"$work/kiosk.toml"

  # The end leaves time for the kiosk to store a kernel anchor once the clock is synchronized.
  clock_script 12000 >"$work/clock.script"

  set_wall_clock 0 unsynced
  start_kiosk clock "$work/kiosk.toml" "$work/clock.script" "${clock_env[@]}"
  wait_for 60 "the plunge session to start" has_transition 7522 runner_started
  local seen_start real_wall started
  seen_start=$(uptime_ms)
  real_wall=$(date +%s%3N)
  started=$(transition 7522 runner_started mono_ms)
  expect_real_boottime $((seen_start - started))
  sleep_until_ms $((started + 1000))
  set_wall_clock "$TenYearsMs" unsynced
  wait_for 30 "the mat session to start" has_transition 7456 runner_started
  set_wall_clock "-$TenYearsMs" unsynced
  wait_for $((PlannedMs / 1000 + 20)) "the plunge session to end" has_transition 7522 time_up
  local seen_end ended
  seen_end=$(uptime_ms)
  ended=$(transition 7522 time_up mono_ms)
  # No HQ is configured, so the kiosk's own loop must store the anchor when NTP syncs.
  [ "$(query "SELECT count(*) FROM time_anchors")" -eq 0 ] || fail "a time anchor was stored while unsynchronized"
  set_wall_clock 0 synced
  wait_for 10 "a kernel time anchor without HQ" has_kernel_anchor
  finish_kiosk 30

  # The drill's own clock saw the session last its planned time, and the kiosk's monotonic
  # times are the kernel's real ones: the fake clock moved neither.
  expect_planned_length "$PlannedMs" "$seen_start" "$seen_end" "$started" "$ended"

  # The records carry the jumped wall times.
  expect_reasons 7522 "joined bay_free runner_started time_up"
  expect_reasons 7456 "joined bay_free runner_started runner_stopped"
  local start_wall
  start_wall=$(transition 7522 runner_started wall_ms)
  [ $((real_wall - start_wall)) -ge -2000 ] && [ $((real_wall - start_wall)) -le 2000 ] ||
    fail "before the jumps the kiosk's wall clock was $((start_wall - real_wall)) ms off the real one"
  expect_era 7522 bay_free 0
  expect_era 7522 runner_started 0
  expect_era 7456 joined 1
  expect_era 7456 runner_started 1
  expect_era 7456 runner_stopped -1
  expect_era 7522 time_up -1
  note "7456 started at wall skew $(wall_skew_ms 7456 runner_started) ms, 7522 ended at $(wall_skew_ms 7522 time_up) ms"
  local skew
  skew=$(query "SELECT (wall_ms - mono_ms) - (SELECT wall_ms - mono_ms FROM checkins WHERE bib = '7522')
                FROM checkins WHERE bib = '7456'")
  [ $((skew - TenYearsMs)) -ge -3000 ] && [ $((skew - TenYearsMs)) -le 3000 ] ||
    fail "the check-in of 7456 is $skew ms off that of 7522, expected 10 years"
  # The jumps start no new race day: 7456's second check-in counts as a repeat visit.
  [ "$(query "SELECT count(*) || ' ' || sum(visits) FROM checkins WHERE bib = '7456'")" = "1 2" ] ||
    fail "bib 7456 checked in twice across the jump, but the check-ins are not one record with 2 visits"
  if grep "a new race day began" "$kiosk_log"; then fail "a wall clock jump started a new race day"; fi
  local mismatched
  mismatched=$(query "SELECT count(*) FROM session_transitions t JOIN outbox o ON o.event_id = t.id
                      WHERE o.wall_ms <> t.wall_ms OR o.mono_ms <> t.mono_ms")
  [ "$mismatched" -eq 0 ] || fail "$mismatched outbox rows differ in time from their transitions"
  check_records "after the clock jumps"
}

# --- audio and quiet ------------------------------------------------------------------------

# The sound cues: clip file, length in seconds and sine frequency in Hz. Short pure tones
# make each cue easy to tell apart in the recording, unlike the generated spoken vignettes.
# NOTE: there is no LANG/call.txt, so the call is not spoken: espeak-ng's synthesis time
# would move that sound unpredictably. The spoken call is not covered here.
readonly Cues=(
  "chime.wav 0.4 330"
  "alarm.wav 0.5 1320"
  "en/generic/welcome.wav 0.8 440"
  "en/generic/start.wav 0.6 660"
  "en/generic/warning.wav 0.6 880"
  "en/generic/breathing.wav 0.6 550"
  "en/generic/end.wav 1.0 990"
)
readonly AudioPlannedS=32  # over 30 s, so the warning (30 s before the end) plays

make_tone_clips() {
  local cue file seconds hz
  for cue in "${Cues[@]}"; do
    read -r file seconds hz <<<"$cue"
    mkdir -p "$(dirname "$work/clips/$file")"
    sox -n -r 22050 -b 16 -c 1 "$work/clips/$file" synth "$seconds" sine "$hz" gain -6
  done
}

# sox on the disk driver's file: raw signed 16-bit mono at 22050 Hz in the machine's byte
# order, the format platform/audio.cpp opens the device with.
sox_raw() {
  local file=$1
  shift
  sox -t raw -r 22050 -e signed-integer -b 16 -c 1 "$file" "$@"
}

# sound_runs FILE [GAP]: prints "START LENGTH" in seconds for each run of sound in the file:
# samples that are not exactly 0, with no silence of GAP s (default 0.3) or more inside.
# Then prints "total LENGTH".
sound_runs() {
  sox_raw "$1" -t dat - | awk -v rate=22050 -v gap="${2:-0.3}" '
    /^;/ { next }
    {
      if ($2 != 0) {
        if (open && i - last > gap * rate) { printf "%.4f %.4f\n", first / rate, (last + 1 - first) / rate; open = 0 }
        if (!open) { first = i; open = 1 }
        last = i
      }
      i++
    }
    END {
      if (open) printf "%.4f %.4f\n", first / rate, (last + 1 - first) / rate
      printf "total %.4f\n", i / rate
    }'
}

# sox_stat FILE START LENGTH FIELD: one figure of sox's stat effect for that stretch.
sox_stat() {
  sox_raw "$1" -n trim "$2" "$3" stat 2>&1 | awk -v field="$4" -F: '$1 ~ field { gsub(/ /, "", $2); print $2 }'
}

audio_config() {
  kiosk_config "
[audio]
clip_dir = \"$work/clips\"
volume = 100
quiet = $1
[[stations]]
id = \"plunge\"
bays = 1
default_s = $AudioPlannedS
max_s = 40
questions = []"
}

# within VALUE LOW HIGH: LOW <= VALUE <= HIGH, for decimal numbers.
within() {
  awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'
}

# expect_sounds FILE "CUE SECONDS HZ"...: the file contains exactly these runs of sound in this
# order, each a -6 dBFS tone of the clip's length and, unless HZ is 0, of its frequency. HZ
# is 0 where two cues start together (chime and welcome, alarm and end). Leaves the runs,
# "START LENGTH" in seconds, in $work/sounds.txt.
expect_sounds() {
  local file=$1
  shift
  sound_runs "$file" | grep -v '^total' >"$work/sounds.txt" || true
  note "$(basename "$file"): sounds at (start, length in s): $(paste -sd, "$work/sounds.txt")"
  [ "$(wc -l <"$work/sounds.txt")" -eq $# ] ||
    fail "$(basename "$file"): expected $# separate sounds ($*), found $(wc -l <"$work/sounds.txt")"

  local cue seconds hz at length rms frequency
  while read -r at length; do
    read -r cue seconds hz <<<"$1"
    shift
    # Two cues that start together may begin one 46 ms buffer apart.
    within "$length" "$(awk -v s="$seconds" 'BEGIN { print s - 0.02 }')" \
      "$(awk -v s="$seconds" 'BEGIN { print s + 0.07 }')" ||
      fail "the $cue sound lasts $length s, expected $seconds s"
    rms=$(sox_stat "$file" "$at" "$length" "RMS *amplitude")
    within "$rms" 0.1 1 || fail "the $cue sound has an RMS amplitude of $rms, expected a -6 dBFS tone"
    if [ "$hz" -ne 0 ]; then
      frequency=$(sox_stat "$file" "$at" "$length" "Rough *frequency")
      within "$frequency" $((hz * 95 / 100)) $((hz * 105 / 100)) ||
        fail "the $cue sound is at $frequency Hz, expected $hz Hz (another cue?)"
    fi
  done <"$work/sounds.txt"
}

# The attract screen idles 3 s, then runner 7522 is called (chime and welcome), waits 2 s,
# and starts a 32 s plunge session. The start cue plays, the warning 2 s in, the breathing
# cue half way, and the alarm with the end cue at 32 s. The kiosk quits 2.5 s after the end,
# and nothing else may sound.
#
# SDL's disk driver (SDL 2, src/audio/disk/SDL_diskaudio.c) writes one 1024-sample buffer,
# then sleeps SDL_DISKAUDIODELAY ms, by default the buffer's length rounded down (46 ms). It
# never catches up, so on a loaded machine the file runs slower than real time. The drill
# therefore checks the order and length of each cue exactly, because both come from the
# samples, but the spacing of the cues only against the file's own pace.
drill_audio() {
  require_display
  import_roster
  make_tone_clips
  audio_config false >"$work/kiosk.toml"
  {
    printf '%s\n' "wait_screen attract 10" "sleep 3000"
    join_lines 7522 plunge
    printf '%s\n' "wait_screen called 10" "sleep 2000" "tap called.start" "wait_screen running 10" \
      "wait_screen over $((AudioPlannedS + 20))" "sleep 2500" "quit"
  } >"$work/audio.script"
  start_kiosk audio "$work/kiosk.toml" "$work/audio.script" SDL_AUDIODRIVER=disk \
    SDL_DISKAUDIOFILE="$work/sound.raw"
  finish_kiosk $((AudioPlannedS + 60))
  grep -q "audio: device open (SDL driver disk" "$kiosk_log" || fail "the kiosk did not open SDL's disk driver"
  if grep "audio: clip .* not found" "$kiosk_log"; then fail "a cue's clip was not found (lines above)"; fi
  expect_reasons 7522 "joined bay_free runner_started time_up"
  [ "$(query "SELECT warning_given FROM sessions WHERE bib = '7522'")" -eq 1 ] || fail "no warning was given"

  expect_sounds "$work/sound.raw" "called 0.8 0" "start 0.6 660" "warning 0.6 880" "breathing 0.6 550" \
    "end 1.0 0"
  local starts=()
  read -r -a starts <<<"$(cut -d' ' -f1 "$work/sounds.txt" | paste -sd' ')"

  # Silence while the attract screen idles, and after the end cue until the kiosk quits.
  within "${starts[0]}" 2.5 60 || fail "the first sound starts ${starts[0]} s into the file, during the idle attract screen"
  [ "$(sox_stat "$work/sound.raw" 0 2.5 "Maximum *amplitude")" = "0.000000" ] ||
    fail "the idle attract screen is not silent"
  local total last_end
  total=$(sox_raw "$work/sound.raw" -n stat 2>&1 | awk -F: '/^Length/ { gsub(/ /, "", $2); print $2 }')
  last_end=$(awk 'END { print $1 + $2 }' "$work/sounds.txt")
  within "$(awk -v t="$total" -v e="$last_end" 'BEGIN { print t - e }')" 1.0 60 ||
    fail "less than 1 s of silence after the end cue"

  # The spacing of the cues in the file's own time: the pace is the file seconds per real
  # second between the start and the end cue, each cue within 10 % plus 0.2 s of its place.
  local pace
  pace=$(awk -v s="${starts[1]}" -v e="${starts[4]}" -v p=$AudioPlannedS 'BEGIN { printf "%.4f", (e - s) / p }')
  note "the file ran at $pace s per real second between the start and the end cue"
  within "$pace" 0.7 1.02 || fail "the end cue is $pace x $AudioPlannedS s after the start cue in the file"
  local offsets=("warning 2 2" "breathing 3 $((AudioPlannedS / 2))")
  local entry name slot real expected_at
  for entry in "${offsets[@]}"; do
    read -r name slot real <<<"$entry"
    at=$(awk -v a="${starts[$slot]}" -v s="${starts[1]}" 'BEGIN { print a - s }')
    expected_at=$(awk -v r="$real" -v p="$pace" 'BEGIN { print r * p }')
    within "$at" "$(awk -v x="$expected_at" 'BEGIN { print x * 0.9 - 0.2 }')" \
      "$(awk -v x="$expected_at" 'BEGIN { print x * 1.1 + 0.2 }')" ||
      fail "the $name cue is $at s after the start cue in the file, expected about $expected_at s"
  done
}

# A 16 s plunge session whose kiosk is SIGKILLed twice, 4 s in (before half way) and 11 s in
# (after it). Each restart writes a new sound file. The breathing cue plays once, after the
# first restart, and the second restart plays only the alarm and end cue.
drill_restart() {
  local -r PlannedMs=16000
  require_display
  import_roster
  make_tone_clips
  kiosk_config "
[audio]
clip_dir = \"$work/clips\"
volume = 100
[[stations]]
id = \"plunge\"
bays = 1
default_s = $((PlannedMs / 1000))
max_s = 30
questions = []" >"$work/kiosk.toml"
  {
    echo "wait_screen attract 10"
    join_lines 7522 plunge
    printf '%s\n' "wait_screen called 10" "tap called.start" "wait_screen running 10" "sleep 600000"
  } >"$work/first.script"
  printf '%s\n' "wait_screen attract 10" "sleep 600000" >"$work/second.script"
  {
    echo "wait_screen attract 10"
    checkin_lines 7522
    printf '%s\n' "wait_screen running 10" "wait_screen over 30" "sleep 1000" "quit"
  } >"$work/third.script"

  start_kiosk first "$work/kiosk.toml" "$work/first.script"
  wait_for 60 "the plunge session to start" has_transition 7522 runner_started
  local started
  started=$(transition 7522 runner_started mono_ms)
  sleep_until_ms $((started + 4000))
  kill_kiosk
  start_kiosk second "$work/kiosk.toml" "$work/second.script" SDL_AUDIODRIVER=disk \
    SDL_DISKAUDIOFILE="$work/second.raw"
  sleep_until_ms $((started + 11000))
  kill_kiosk
  start_kiosk third "$work/kiosk.toml" "$work/third.script" SDL_AUDIODRIVER=disk \
    SDL_DISKAUDIOFILE="$work/third.raw"
  finish_kiosk 60

  # SIGKILL loses the second file's stdio buffer, one file system block (often 4 KiB, 0.1 s
  # of sound), far less than the 3 s between the breathing cue and the kill.
  expect_sounds "$work/second.raw" "breathing 0.6 550"
  expect_sounds "$work/third.raw" "end 1.0 0"
  expect_reasons 7522 "joined bay_free runner_started time_up"
  check_records "after two restarts"
}

# The same session with [audio] quiet = true, up to the warning, then a runner stop.
drill_quiet() {
  require_display
  import_roster
  make_tone_clips
  audio_config true >"$work/kiosk.toml"
  {
    echo "wait_screen attract 10"
    join_lines 7522 plunge
    printf '%s\n' "wait_screen called 10" "sleep 1000" "tap called.start" "wait_screen running 10" \
      "sleep 3000" "tap running.stop" "wait_screen over 10" "sleep 1000" "quit"
  } >"$work/quiet.script"
  start_kiosk quiet "$work/kiosk.toml" "$work/quiet.script" SDL_AUDIODRIVER=disk \
    SDL_DISKAUDIOFILE="$work/sound.raw"
  finish_kiosk 60
  grep -q "audio: device open (SDL driver disk" "$kiosk_log" || fail "the kiosk did not open SDL's disk driver"
  expect_reasons 7522 "joined bay_free runner_started runner_stopped"
  [ "$(query "SELECT warning_given FROM sessions WHERE bib = '7522'")" -eq 1 ] || fail "no warning was given"
  local length peak
  length=$(sox_raw "$work/sound.raw" -n stat 2>&1 | awk -F: '/^Length/ { gsub(/ /, "", $2); print $2 }')
  peak=$(sox_raw "$work/sound.raw" -n stat 2>&1 | awk -F: '/^Maximum amplitude/ { gsub(/ /, "", $2); print $2 }')
  note "$length s written in quiet mode, peak amplitude $peak"
  within "$length" 4 600 || fail "only $length s of sound written: was the device open all the time?"
  [ "$peak" = "0.000000" ] || fail "quiet mode wrote sound: peak amplitude $peak"
}

# The running screen's message in audio-guided mode, as kiosk/ui/session_screens.cpp builds
# it for bay 1 of the "Plunge" type below with 70 s left.
readonly GuidedRunningText="Plunge, Bay 1. About 1 minute left. Relax and breathe slowly. Stop whenever you want."
# Sentence pauses in espeak-ng's speech are under 0.5 s. A restarted message would leave no
# silence longer than its synthesis time.
readonly SpeechGapS=1.0

# Runner 7522 joins a 70 s plunge session in audio-guided mode, hears the call and the
# called screen's message, waits 15 s so they end in silence, starts, and stays on the
# running screen for 20 s before a stop.
# The message must play once, whole, right after the start cue, then leave a long silence:
# before the fix it was restarted every second, because its text held the countdown.
drill_guided() {
  require_display
  import_roster
  make_tone_clips
  printf '%s' "Bib {bib}, please come to bay {bay}." >"$work/clips/en/call.txt"
  kiosk_config "
[audio]
clip_dir = \"$work/clips\"
volume = 100
guided = true
[[stations]]
id = \"plunge\"
name = \"Plunge\"
bays = 1
default_s = 70
max_s = 90
questions = []" >"$work/kiosk.toml"
  {
    echo "wait_screen attract 10"
    join_lines 7522 plunge
    printf '%s\n' "wait_screen called 10" "sleep 15000" "tap called.start" "wait_screen running 10" \
      "sleep 20000" "tap running.stop" "wait_screen over 10" "sleep 2000" "quit"
  } >"$work/guided.script"
  start_kiosk guided "$work/kiosk.toml" "$work/guided.script" SDL_AUDIODRIVER=disk \
    SDL_DISKAUDIOFILE="$work/sound.raw"
  finish_kiosk 100
  grep -q "audio: device open (SDL driver disk" "$kiosk_log" || fail "the kiosk did not open SDL's disk driver"
  grep -q "speech: .*failed\|speech: espeak-ng has no voice" "$kiosk_log" && fail "speech synthesis failed (see the log)"
  expect_reasons 7522 "joined bay_free runner_started runner_stopped"

  # The message's length as espeak-ng's command line speaks it, with the kiosk's voice and
  # rate (platform/speech_worker.cpp), from its first to its last non-zero sample.
  espeak-ng -v en-us -s 150 -w "$work/expected.wav" "$GuidedRunningText"
  sox "$work/expected.wav" -r 22050 -e signed-integer -b 16 -c 1 -t raw "$work/expected.raw"
  local expected
  expected=$(sound_runs "$work/expected.raw" $SpeechGapS | awk '!/^total/ { print $2 }' | head -n 1)

  # Runs of sound with sentence pauses merged, and the silences between them.
  sound_runs "$work/sound.raw" $SpeechGapS | grep -v '^total' >"$work/runs.txt" || true
  note "sounds at (start, length in s): $(paste -sd, "$work/runs.txt")"
  local longest
  longest=$(awk 'NR > 1 { gap = $1 - end; if (gap > best) { best = gap; before = prev } }
                 { end = $1 + $2; prev = $2 } END { printf "%.4f %.4f\n", best, before }' "$work/runs.txt")
  local silence spoken
  read -r silence spoken <<<"$longest"
  note "longest silence $silence s, after a sound of $spoken s; the message alone lasts $expected s"
  # 20 s on the running screen less the start cue and the message leave about 12 s of
  # silence, at least 8 s at the slowest pace the audio drill allows (0.7). The called screen
  # leaves about 5 s.
  within "$silence" 7 60 ||
    fail "no silence of 7 s while the running screen showed: the message was restarted (longest $silence s)"
  # The sound before that silence is the start cue (0.6 s), the wait for the next frame and
  # the whole message.
  within "$spoken" "$(awk -v e="$expected" 'BEGIN { print e * 0.9 }')" \
    "$(awk -v e="$expected" 'BEGIN { print e + 1.5 }')" ||
    fail "the running screen's speech lasts $spoken s, expected the $expected s message once after the start cue"
}

# --- config ---------------------------------------------------------------------------------

# Each bad station config is rejected before the kiosk opens its database or a window: exit
# status 1 and one message naming the key. tests/unit/test_station_config.cpp covers the
# parser's messages in detail, so this checks only the real binary end to end.
drill_config() {
  require_display
  import_roster
  "$chillnode" --db "$db" checkin 7522 >/dev/null
  local before
  before=$(sha256sum "$db" | cut -d' ' -f1)
  echo quit >"$work/quit.script"

  # One case per line: the key path the message must name, then the station's bad lines.
  local cases=(
    "stations[1].default_s must not be more than stations[1].max_s|default_s = 30
max_s = 20"
    "stations[1].bays must be a whole number from 1 to 32|bays = 0"
    "stations[1].default_s must be a whole number from 1 to 3600|default_s = \"12\""
    "stations[1].max_s must be a whole number from 1 to 3600|max_s = -20"
    "stations[1].default_s must be a whole number from 1 to 3600|default_s = 12.5"
    "stations[1].default_s must be a whole number from 1 to 3600|default_s = 0"
  )
  local entry expected lines config status index=0
  for entry in "${cases[@]}"; do
    expected=${entry%%|*}
    lines=${entry#*|}
    index=$((index + 1))
    config=$work/bad-$index.toml
    kiosk_config "
[[stations]]
id = \"mat\"
[[stations]]
id = \"plunge\"
$lines" >"$config"
    for target in "$db" "$work/new.db"; do
      status=0
      timeout 60 env SDL_AUDIODRIVER=dummy "$chillnode" --config "$config" --db "$target" --window 800x480 \
        --autotest "$work/quit.script" >"$work/out.txt" 2>"$work/err.txt" || status=$?
      [ "$status" -eq 1 ] || fail "config case $index ($lines) exited with $status, expected 1: $(cat "$work/err.txt")"
      grep -qF "chillnode: config $config: $expected" "$work/err.txt" ||
        fail "config case $index: the message \"$(cat "$work/err.txt")\" does not name \"$expected\""
      [ "$(wc -l <"$work/err.txt")" -eq 1 ] || fail "config case $index: more than one line on stderr"
    done
    [ ! -e "$work/new.db" ] || fail "config case $index created the database $work/new.db"
    [ "$(sha256sum "$db" | cut -d' ' -f1)" = "$before" ] || fail "config case $index changed the database"
    ! ls "$db"-* >/dev/null 2>&1 || fail "config case $index left SQLite journal files: the database was opened"
  done
  note "$index bad configs rejected with the key named, the database untouched"
}

# --- storm ----------------------------------------------------------------------------------

# SIGKILL at random moments while runners check in, join a session, run it and open their
# voucher, and then while `chillnode redeem` stores redemptions on a sponsor unit. After each
# kill: PRAGMA integrity_check is ok, every record the screen confirmed before the kill is
# stored, and every record has its outbox row. The kiosk restarts on the same database for
# the next round, so the restart path is killed too. STORM_KILLS sets the number of kills
# (default 20: 15 of the kiosk, 5 of redeem); RELIABILITY.md has a run of 200.
drill_storm() {
  local -r kills=${STORM_KILLS:-20} seed=${STORM_SEED:-$$}
  local -r kiosk_kills=$((kills * 3 / 4))
  local -r redeem_kills=$((kills - kiosk_kills))
  require_display
  RANDOM=$seed
  note "seed $seed: $kiosk_kills kills of the kiosk, $redeem_kills of redeem"

  # Fresh runners for every round, so no round depends on where the last one was killed.
  { echo "Bib,First Name,Last Name"; for bib in $(seq 10001 10999); do echo "$bib,Runner,$bib"; done; } \
    >"$work/roster.csv"
  "$chillnode" --db "$db" roster import "$work/roster.csv" >/dev/null
  "$chillnode" keys generate --id storm --out "$work/booth.key" >"$work/keys.txt"
  # Enough bays that a runner killed while called never keeps the next one waiting.
  local -r mat_and_offer='
[[stations]]
id = "mat"
bays = 32
default_s = 1
max_s = 10
questions = []
[[offers]]
id = "towel"
sponsor = "towels"
title = "Free towel"
valid_until = 2099-12-31T18:00:00Z
stations = ["mat"]
per_runner = 100
stock = 100000'
  kiosk_config "[vouchers]
signing_key = \"$work/booth.key\"
$mat_and_offer" >"$work/kiosk.toml"

  local round bib=10001 confirmed=0 script map runner line=0
  # emit TEXT...: appends each TEXT as a script line. line counts the lines, numbered as the
  # autotest numbers them.
  emit() {
    local text
    for text in "$@"; do
      echo "$text" >>"$script"
      line=$((line + 1))
    done
  }
  for round in $(seq "$kiosk_kills"); do
    script=$work/storm-$round.script
    map=$work/storm-$round.map
    : >"$script"
    : >"$map"
    line=0
    emit "wait_screen attract 20"
    for runner in 1 2 3; do
      emit "tap attract.keypad" "wait_screen keypad 10" "type $bib" "tap keypad.ok" "wait_screen welcome 10"
      echo "$line checkin $bib" >>"$map"
      emit "tap welcome.choose" "wait_screen choose 10" "tap choose.mat" "wait_screen called 10" \
        "tap called.start" "wait_screen running 10"
      echo "$line running $bib" >>"$map"
      emit "wait_screen over 15"
      echo "$line over $bib" >>"$map"
      emit "tap over.voucher" "wait_screen voucher 10"
      echo "$line voucher $bib" >>"$map"
      emit "tap voucher.done" "wait_screen attract 10"
      bib=$((bib + 1))
    done
    emit "sleep 600000"

    start_kiosk "storm-$round" "$work/kiosk.toml" "$script" CHILLNODE_LOG_LEVEL=debug
    # Anywhere from the window opening to the third runner's voucher.
    sleep "$(awk -v ms=$((RANDOM % 15000 + 300)) 'BEGIN { printf "%.3f", ms / 1000 }')"
    kill -0 "$kiosk_pid" 2>/dev/null || fail "round $round: the kiosk quit before the kill"
    kill_kiosk
    check_records "round $round"
    # Each wait_screen line that the log shows done was on the screen before the kill.
    local at kind who
    while read -r at kind who; do
      grep -q "autotest line $at done: wait_screen" "$kiosk_log" || continue
      confirmed=$((confirmed + 1))
      case $kind in
        checkin) [ "$(query "SELECT count(*) FROM checkins WHERE bib = '$who'")" -eq 1 ] ||
          fail "round $round: bib $who saw the welcome screen but its check-in is not stored" ;;
        running) has_transition "$who" runner_started ||
          fail "round $round: bib $who saw the running screen but its start is not stored" ;;
        over) [ "$(query "SELECT count(*) FROM sessions WHERE bib = '$who' AND state = 'completed'")" -eq 1 ] ||
          fail "round $round: bib $who saw the end of the session but it is not stored as completed" ;;
        voucher) [ "$(query "SELECT count(*) FROM vouchers WHERE bib = '$who'")" -eq 1 ] ||
          fail "round $round: bib $who saw a voucher that is not stored" ;;
      esac
    done <"$map"
  done
  note "$kiosk_kills kiosk kills: $confirmed confirmed screens checked;" \
    "$(query "SELECT count(*) FROM checkins") check-ins, $(query "SELECT count(*) FROM vouchers") vouchers stored"

  # The sponsor unit redeems the booth's vouchers, each run killed at a random moment.
  {
    printf '[unit]\nid = "storm-sponsor"\nrole = "sponsor"\n[vouchers]\nsponsor = "towels"\n'
    sed -n '/^\[\[vouchers.public_keys\]\]/,$p' "$work/keys.txt"
    echo "$mat_and_offer"
  } >"$work/sponsor.toml"
  local sponsor_db=$work/sponsor.db redeemed=0 code out pid voucher_id
  local codes=()
  mapfile -t codes < <(query "SELECT code FROM vouchers ORDER BY rowid")
  [ "${#codes[@]}" -gt 0 ] || fail "the kiosk rounds issued no voucher to redeem"
  # One full run measures how long a run takes on this machine. The kills fall within that time.
  local started run_ms
  started=$(date +%s%N)
  "$chillnode" --config "$work/sponsor.toml" --db "$sponsor_db" redeem "${codes[0]}" >"$work/redeem-0.out" 2>&1 ||
    fail "redeem of the first voucher failed: $(cat "$work/redeem-0.out")"
  run_ms=$((($(date +%s%N) - started) / 1000000 + 1))
  for round in $(seq "$redeem_kills"); do
    code=${codes[$((round % ${#codes[@]}))]}
    out=$work/redeem-$round.out
    "$chillnode" --config "$work/sponsor.toml" --db "$sponsor_db" redeem "$code" >"$out" 2>&1 &
    pid=$!
    sleep "$(awk -v ms=$((RANDOM % run_ms)) 'BEGIN { printf "%.3f", ms / 1000 }')"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ -e "$sponsor_db" ] || continue
    [ "$(sqlite3 "$sponsor_db" "PRAGMA integrity_check")" = ok ] || fail "redeem kill $round: PRAGMA integrity_check failed"
    grep -q "^valid" "$out" || continue
    redeemed=$((redeemed + 1))
    voucher_id=$(query "SELECT id FROM vouchers WHERE code = '$code'")
    [ "$(sqlite3 "$sponsor_db" "SELECT count(*) FROM redemptions WHERE voucher_id = '$voucher_id' AND result = 'valid'")" -eq 1 ] ||
      fail "redeem kill $round: redeem printed valid but the redemption is not stored"
  done
  local orphans
  orphans=$(sqlite3 "$sponsor_db" "SELECT count(*) FROM redemptions r WHERE (SELECT count(*) FROM outbox o
            WHERE o.event_id = r.id AND o.kind = 'redemption') <> 1")
  [ "$orphans" -eq 0 ] || fail "$orphans redemptions without exactly one outbox row"
  note "$redeem_kills redeem kills within a run's $run_ms ms: $redeemed printed valid before the kill," \
    "each stored with its outbox row"
}

# --- anchors --------------------------------------------------------------------------------

# A unit without a battery clock boots in the past: the kiosk starts with its wall clock on
# 2019-06-01 and not synchronized, with HQ reachable. Runner 7522 starts a 20 s plunge
# session. A second later NTP corrects the clock forward to the real time, and the kernel
# reports it synchronized. Runner 7456 starts a mat session. Then the clock is stepped back
# an hour, so the kernel reports it unsynchronized again. 7456 stops early while 7522's
# session runs to its end. The plunge session must last its planned time by every
# clock, and once the kiosk has sent everything, HQ's corrected time of every record must be
# the real time, within 2 s, through the anchors the kiosk stored at its HQ contact and
# when the kernel reported the clock synchronized.
drill_anchors() {
  local -r PlannedMs=20000 HourMs=3600000 ToleranceMs=2000
  require_display
  use_fake_clock
  # shellcheck source=../hq/pg_server.sh
  source "$source_dir/tests/hq/pg_server.sh"
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_start "$port" >/dev/null || fail "cannot start PostgreSQL on 127.0.0.1:$port"
  "$chillnode" hq schema | pg_admin -d race >/dev/null || fail "the HQ schema did not apply"
  local unit_sql password
  unit_sql=$("$chillnode" hq add-unit drill-booth)
  password=$(sed -n "s/.*PASSWORD '\([A-Za-z0-9]*\)'.*/\1/p" <<<"$unit_sql")
  pg_admin -d race <<<"$unit_sql" >/dev/null || fail "the unit role was not created"
  import_roster
  kiosk_config "
[hq]
url = \"postgresql://drill-booth:$password@127.0.0.1:$port/race\"
sslmode = \"disable\"
$(clock_stations "$PlannedMs")" >"$work/kiosk.toml"
  chmod 600 "$work/kiosk.toml"

  # The end leaves time for the sync thread to send the last records before the kiosk quits.
  clock_script 15000 >"$work/anchors.script"

  # real_ms = mono_ms + boot_wall: the real time of a stored monotonic time.
  local boot_wall
  boot_wall=$(($(date +%s%3N) - $(uptime_ms)))
  local -r Wall2019=1559376000000  # 2019-06-01 08:00 UTC
  local offset_2019
  offset_2019=$((Wall2019 - $(date +%s%3N)))
  set_wall_clock "$offset_2019" unsynced
  start_kiosk anchors "$work/kiosk.toml" "$work/anchors.script" "${clock_env[@]}"
  wait_for 60 "the plunge session to start" has_transition 7522 runner_started
  local seen_start started
  seen_start=$(uptime_ms)
  started=$(transition 7522 runner_started mono_ms)
  sleep_until_ms $((started + 1000))
  set_wall_clock 0 synced
  wait_for 15 "a kernel time anchor" has_kernel_anchor
  wait_for 30 "the mat session to start" has_transition 7456 runner_started
  set_wall_clock "-$HourMs" unsynced
  wait_for $((PlannedMs / 1000 + 20)) "the plunge session to end" has_transition 7522 time_up
  local seen_end ended
  seen_end=$(uptime_ms)
  ended=$(transition 7522 time_up mono_ms)
  wait_for 30 "the kiosk to send every record to HQ" outbox_all_sent
  finish_kiosk 30

  expect_planned_length "$PlannedMs" "$seen_start" "$seen_end" "$started" "$ended"
  expect_reasons 7522 "joined bay_free runner_started time_up"
  expect_reasons 7456 "joined bay_free runner_started runner_stopped"
  check_records "after the clock changes"

  # On the unit: each record carries the wall clock of its moment and whether it was trusted.
  expect_wall 7522 runner_started "$offset_2019" 0 "$boot_wall"
  expect_wall 7456 runner_started 0 1 "$boot_wall"
  expect_wall 7456 runner_stopped "-$HourMs" 0 "$boot_wall"
  expect_wall 7522 time_up "-$HourMs" 0 "$boot_wall"

  # The anchors themselves: each pairs a monotonic time with the real time of that moment.
  local bad_anchors kernel_anchors hq_anchors
  kernel_anchors=$(query "SELECT count(*) FROM time_anchors WHERE source = 'kernel'")
  hq_anchors=$(query "SELECT count(*) FROM time_anchors WHERE source = 'hq'")
  bad_anchors=$(query "SELECT count(*) FROM time_anchors
                       WHERE abs(reference_wall_ms - (mono_ms + $boot_wall)) > $ToleranceMs + uncertainty_ms")
  note "$kernel_anchors kernel and $hq_anchors HQ anchors stored"
  [ "$kernel_anchors" -eq 1 ] || fail "expected 1 kernel anchor (the NTP correction), found $kernel_anchors"
  [ "$hq_anchors" -ge 1 ] || fail "no HQ anchor was stored at the HQ contact"
  [ "$bad_anchors" -eq 0 ] || fail "$bad_anchors anchors are more than $ToleranceMs ms off the real time"
  [ "$(query "SELECT unit_wall_synced FROM time_anchors WHERE source = 'hq' ORDER BY mono_ms LIMIT 1")" -eq 0 ] ||
    fail "the first HQ anchor says the unit clock was synchronized, but it was in 2019"

  # At HQ: every record arrived once, and its corrected time is the real time.
  local at_hq outbox_rows wrong uncorrected
  at_hq=$(pg_admin -d race -c "SELECT count(DISTINCT event_id) FROM chillnode.events WHERE unit_id = 'drill-booth'")
  outbox_rows=$(query "SELECT count(*) FROM outbox")
  [ "$at_hq" -eq "$outbox_rows" ] || fail "HQ holds $at_hq of the unit's $outbox_rows records"
  wrong=$(pg_admin -d race -c "SELECT count(*) FROM chillnode.timed_events WHERE unit_id = 'drill-booth'
          AND abs(extract(epoch FROM corrected_time) * 1000 - (mono_ms + $boot_wall)) > $ToleranceMs")
  uncorrected=$(pg_admin -d race -c "SELECT count(*) FROM chillnode.timed_events
                WHERE unit_id = 'drill-booth' AND corrected_time IS NULL")
  [ "$uncorrected" -eq 0 ] || fail "HQ could not correct the time of $uncorrected records"
  [ "$wrong" -eq 0 ] || fail "HQ's corrected time of $wrong records is more than $ToleranceMs ms off the real time"
  local sources
  sources=$(pg_admin -d race -c "SELECT string_agg(time_source || ' ' || n, ', ' ORDER BY time_source)
            FROM (SELECT time_source, count(*) AS n FROM chillnode.timed_events
                  WHERE unit_id = 'drill-booth' GROUP BY time_source) s")
  note "HQ corrected all $at_hq records to within $ToleranceMs ms of the real time, by time source: $sources"
  local in_2019
  in_2019=$(pg_admin -d race -c "SELECT count(*) FROM chillnode.checkins
            WHERE unit_id = 'drill-booth' AND extract(year FROM unit_time) = 2019")
  [ "$in_2019" -ge 1 ] || fail "HQ holds no check-in with the unit's 2019 wall time"
}

has_kernel_anchor() {
  [ "$(query "SELECT count(*) FROM time_anchors WHERE source = 'kernel'")" -gt 0 ]
}

outbox_all_sent() {
  [ "$(query "SELECT count(*) FROM outbox WHERE sent_at_ms IS NULL")" -eq 0 ]
}

# expect_wall BIB REASON OFFSET_MS SYNCED BOOT_WALL: the transition's stored wall time is
# OFFSET_MS off the real time of its moment, give or take 2 s, and its wall_synced is SYNCED.
expect_wall() {
  local wall mono synced off
  wall=$(transition "$1" "$2" wall_ms)
  [ -n "$wall" ] || fail "bib $1 has no $2 transition"
  mono=$(transition "$1" "$2" mono_ms)
  synced=$(transition "$1" "$2" wall_synced)
  off=$((wall - mono - $5 - $3))
  [ "${off#-}" -le 2000 ] || fail "bib $1 $2: the wall time is $off ms off the expected $3 ms from the real time"
  [ "$synced" -eq "$4" ] || fail "bib $1 $2: wall_synced is $synced, expected $4"
}

# --- dispatch -------------------------------------------------------------------------------

case $drill in
  kill) drill_kill ;;
  clock) drill_clock ;;
  anchors) drill_anchors ;;
  audio) drill_audio ;;
  quiet) drill_quiet ;;
  restart) drill_restart ;;
  config) drill_config ;;
  storm) drill_storm ;;
  guided) drill_guided ;;
  *) fail "unknown drill \"$drill\": use kill, clock, anchors, audio, restart, quiet, guided, config or storm" ;;
esac
note "passed"
