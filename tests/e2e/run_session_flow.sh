#!/usr/bin/env bash
# End-to-end recovery session test: the real kiosk under Xvfb with injected touches takes
# runners from check-in through the intake questions (one blocking answer), the queue, the
# call-up, a staff-attended start, the 30 s warning and the end, then checks every stored
# transition. Saves a PNG of every screen at 800x480 and 1280x720 under
# BUILD/screenshots/sessions.
#   run_session_flow.sh CHILLNODE SOURCE_DIR BUILD_DIR
set -euo pipefail
chillnode=$1
source_dir=$2
build_dir=$3

work=$(mktemp -d "${TMPDIR:-/tmp}/chillnode-sessions-XXXXXX")
trap 'rm -rf "$work"' EXIT
shots=$build_dir/screenshots/sessions
rm -rf "$shots"
mkdir -p "$shots"

fail() {
  echo "e2e sessions: FAILED: $*" >&2
  exit 1
}
query() {
  sqlite3 -batch -noheader "$1" "$2"
}
[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run through scripts/test, which starts Xvfb"
export SDL_AUDIODRIVER=dummy

# Cryo is attended with a 35 s default, so its warning comes 5 s after the start; the
# plunge has one bay and a long default, so the second plunge runner waits in the queue.
config=$work/sessions.toml
cat >"$config" <<TOML
[unit]
id = "e2e-sessions"
[camera]
kind = "folder"
source = "$work/no-camera"
[display]
renderer = "software"
idle_timeout_s = 60
idle_warning_s = 5
[queue]
call_timeout_s = 120
[[stations]]
id = "cryo"
bays = 1
default_s = 35
max_s = 40
[[stations]]
id = "plunge"
bays = 1
default_s = 600
max_s = 900
TOML
printf '2468\n2468\n' | "$chillnode" pin set --config "$config" >/dev/null

# type_bib BIB: the bib typed on the keypad, as a piece of autotest script.
type_bib() {
  printf 'tap attract.keypad\nwait_screen keypad 5\ntype %s\ntap keypad.ok\n' "$1"
}
# check_in BIB: a check-in that shows the welcome screen.
check_in() {
  type_bib "$1"
  echo "wait_screen welcome 5"
}
# answer N ANSWER: N taps on intake.ANSWER.
answer() {
  for _ in $(seq "$1"); do printf 'tap intake.%s\n' "$2"; done
}
cryo_questions=8
plunge_questions=7

for size in 800x480 1280x720; do
  db=$work/sessions-$size.db
  "$chillnode" --db "$db" roster import "$source_dir/assets/demo/roster.csv" >/dev/null
  {
    echo "wait_screen attract 5"
    echo "screenshot 01-attract"
    # Runner 7522: a "yes" blocks cryo, and only cryo.
    check_in 7522
    echo "screenshot 02-welcome"
    echo "tap welcome.choose"
    echo "wait_screen choose 5"
    echo "screenshot 03-choose"
    echo "tap choose.cryo"
    echo "wait_screen intake 5"
    echo "screenshot 04-intake-consent"
    echo "tap intake.agree"
    echo "screenshot 05-intake-question"
    echo "tap intake.yes"
    answer $((cryo_questions - 1)) no
    echo "wait_screen blocked 5"
    echo "screenshot 06-intake-blocked"
    echo "tap blocked.choose"
    echo "wait_screen choose 5"
    echo "tap choose.plunge"
    echo "wait_screen intake 5"
    echo "tap intake.agree"
    answer $plunge_questions no
    echo "wait_screen called 5"
    echo "screenshot 07-called-unattended"
    echo "tap called.start"
    echo "wait_screen running 5"
    echo "screenshot 08-running"
    echo "tap running.done"
    echo "wait_screen attract 5"
    # Runner 7456 queues behind the running plunge.
    check_in 7456
    echo "tap welcome.choose"
    echo "wait_screen choose 5"
    echo "screenshot 09-choose-with-wait"
    echo "tap choose.plunge"
    echo "wait_screen intake 5"
    echo "tap intake.agree"
    answer $plunge_questions no
    echo "wait_screen queued 5"
    echo "screenshot 10-queued"
    echo "tap queued.done"
    echo "wait_screen attract 5"
    # Runner 6737 is called to cryo, which staff must watch before it starts.
    check_in 6737
    echo "tap welcome.choose"
    echo "wait_screen choose 5"
    echo "tap choose.cryo"
    echo "wait_screen intake 5"
    echo "tap intake.agree"
    answer $cryo_questions no
    echo "wait_screen called 5"
    echo "screenshot 11-called-attended"
    echo "tap called.done"
    echo "wait_screen attract 5"
    echo "screenshot 12-attract-board"
    # Staff confirm watching and start the cryo session.
    echo "long_press 3.5"
    echo "wait_screen staff_pin 5"
    echo "screenshot 13-staff-pin"
    echo "type_pin 2468"
    echo "tap pin.ok"
    echo "wait_screen staff 10"
    echo "screenshot 14-staff-called"
    echo "tap staff.bay.cryo.1.confirm"
    echo "tap staff.bay.cryo.1.start"
    echo "sleep 7000"
    echo "screenshot 15-staff-warning"
    echo "tap staff.lock"
    echo "wait_screen attract 5"
    # The runner checks on their session, and watches it end.
    type_bib 6737
    echo "wait_screen running 5"
    echo "screenshot 16-running-cryo"
    echo "wait_screen over 40"
    echo "screenshot 17-session-over"
    echo "quit"
  } >"$work/flow.script"

  log=$work/flow-$size.log
  if ! timeout 180 "$chillnode" --config "$config" --db "$db" --window "$size" --autotest "$work/flow.script" \
      --screenshots "$shots" >"$log" 2>&1; then
    cat "$log" >&2
    fail "kiosk at $size exited with an error"
  fi

  # Intake: cryo blocked for 7522 with its consent version; plunge cleared for two runners.
  [ "$(query "$db" "SELECT count(*) FROM intake_answers WHERE bib = '7522' AND station = 'cryo' AND decision = 'blocked'")" -eq 1 ] ||
    fail "$size: the blocking cryo answers of 7522 were not stored"
  [ "$(query "$db" "SELECT count(*) FROM intake_answers WHERE station = 'plunge' AND decision = 'allowed'")" -eq 2 ] ||
    fail "$size: the plunge answers were not stored"
  [ "$(query "$db" "SELECT count(DISTINCT consent_version) FROM intake_answers WHERE consent_version <> ''")" -eq 1 ] ||
    fail "$size: intake answers lack the consent text version"
  grep -q "session event: intake blocked at station type cryo" "$log" || fail "$size: no staff alert for the block"

  # The attended cryo session: every transition, in order, with the staff member.
  cryo=$(query "$db" "SELECT id FROM sessions WHERE bib = '6737' AND station = 'cryo'")
  [ -n "$cryo" ] || fail "$size: no cryo session for 6737"
  reasons=$(query "$db" "SELECT group_concat(reason, ',') FROM (SELECT reason FROM session_transitions
    WHERE session_id = '$cryo' ORDER BY mono_ms, rowid)")
  [ "$reasons" = "joined,bay_free,staff_watching,staff_started,time_up" ] ||
    fail "$size: cryo transitions were '$reasons'"
  [ "$(query "$db" "SELECT count(*) FROM session_transitions WHERE session_id = '$cryo' AND reason IN
    ('staff_watching', 'staff_started') AND staff_id <> ''")" -eq 2 ] || fail "$size: staff actions lack the staff id"
  [ "$(query "$db" "SELECT state || ',' || warning_given FROM sessions WHERE id = '$cryo'")" = "completed,1" ] ||
    fail "$size: the cryo session did not complete with its warning"
  grep -q "session event: warning at station type cryo" "$log" || fail "$size: no 30 s warning"
  # Its length by the monotonic clock is the planned 35 s.
  length=$(query "$db" "SELECT (SELECT mono_ms FROM session_transitions WHERE session_id = '$cryo' AND reason = 'time_up') -
    (SELECT mono_ms FROM session_transitions WHERE session_id = '$cryo' AND reason = 'staff_started')")
  [ "$length" -ge 35000 ] && [ "$length" -le 36000 ] || fail "$size: the cryo session lasted $length ms, not 35 s"

  # The plunge: 7522 running, 7456 still queued; every transition has one outbox row.
  [ "$(query "$db" "SELECT group_concat(bib || ':' || state, ' ') FROM (SELECT bib, state FROM sessions
    WHERE station = 'plunge' ORDER BY queue_rank)")" = "7522:running 7456:queued" ] ||
    fail "$size: plunge sessions are not as expected"
  transitions=$(query "$db" "SELECT count(*) FROM session_transitions")
  outbox=$(query "$db" "SELECT count(*) FROM outbox WHERE kind = 'session_transition'")
  [ "$transitions" -eq "$outbox" ] || fail "$size: $transitions transitions but $outbox outbox rows"
done

if grep -h "does not fit" "$work"/*.log; then
  fail "button labels are clipped (lines above)"
fi
count=$(find "$shots" -name '*.png' | wc -l)
[ "$count" -eq 34 ] || fail "expected 34 screenshots in $shots, found $count"
echo "e2e sessions: passed; $count screenshots in $shots"
