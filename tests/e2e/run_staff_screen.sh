#!/usr/bin/env bash
# End-to-end test of the staff screen. Runners check in on the keypad and join queues. Then
# a staff member, Maria, opens the staff screen with a long press and her own PIN (a wrong one
# first) and works the bays, queues, runner lookup and intake alerts, and the shared PIN opens
# it once more. The test checks that the stored transitions carry Maria's id, and saves
# staff-*.png of each tab at 800x480 and 1280x720 in BUILD/screenshots.
# Last, five wrong PINs lock PIN entry, and the lockout must outlast a SIGKILL and restart.
#   run_staff_screen.sh CHILLNODE BUILD_DIR
set -euo pipefail
chillnode=$1
build_dir=$2

work=$(mktemp -d "${TMPDIR:-/tmp}/chillnode-staff-e2e-XXXXXX")
trap 'rm -rf "$work"' EXIT
shots=$build_dir/screenshots
mkdir -p "$shots"
rm -f "$shots"/staff-*.png

fail() {
  echo "e2e: FAILED: $*" >&2
  exit 1
}

query() {
  sqlite3 -batch -noheader "$1" "$2"
}

[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run through scripts/test, which starts Xvfb"

# Runners 1001 to 1010 use the kiosk, and staff look up 2001 to 2006.
cat >"$work/roster.csv" <<'CSV'
Bib,First Name,Last Name
1001,Ana,Björk
1002,Łukasz,Kowalczyk
1003,Zoë,Núñez
1004,Grace,Smith
1005,Seán,Papadopoulos
1006,Priya,Šimková
1007,Mårten,Ó Súilleabháin
1008,Noémie,García-López
1009,Tomás,Østergaard
1010,Aiko,van der Berg
2001,Oluwaseun,Adeyemi
2002,François,Dubois
2003,Dmitri,Ivanov
2004,Ingrid,Lindqvist
2005,Kofi,Mensah
2006,Chiara,Rossi
CSV

# Short sessions, so the states come within seconds: mat stops hard at 8 s once extended,
# and plunge's last 30 s begin 30 s after its start. Calls wait 10 minutes. Cryo and mat
# are attended, so their called runners wait for staff.
cat >"$work/staff.toml" <<TOML
[unit]
id = "e2e-staff"
[camera]
kind = "folder"
source = "$work/no-camera"
[display]
renderer = "software"
idle_timeout_s = 120
idle_warning_s = 10
[audio]
quiet = true
[queue]
call_timeout_s = 600
[[stations]]
id = "cryo"
bays = 2
default_s = 120
max_s = 180
attended = true
one_per_day = false
questions = []
[[stations]]
id = "plunge"
bays = 2
default_s = 60
max_s = 90
questions = []
[[stations]]
id = "boots"
bays = 4
default_s = 600
max_s = 900
questions = ["leg_injury"]
[[stations]]
id = "mat"
bays = 4
default_s = 4
max_s = 8
attended = true
questions = []
TOML
printf '4821\n4821\n' | "$chillnode" pin set --config "$work/staff.toml" >/dev/null \
  || fail "chillnode pin set failed"
grep -q '^pin_hash = "\$argon2id\$' "$work/staff.toml" || fail "no staff PIN hash in the config"
# Maria has her own PIN, so her actions are stored under her id; 4821 stays the shared PIN.
printf '7306\n7306\n' | "$chillnode" pin set --staff maria --config "$work/staff.toml" >/dev/null \
  || fail "chillnode pin set --staff maria failed"
sed -i 's/^id = "maria"$/id = "maria"\nname = "Maria"/' "$work/staff.toml"
grep -q '^name = "Maria"$' "$work/staff.toml" || fail "no [[staff.members]] table for maria in the config"

run_kiosk() {  # SIZE SCRIPT DB LOG
  if ! timeout 200 "$chillnode" --config "$work/staff.toml" --db "$3" --window "$1" --autotest "$2" \
      --screenshots "$shots" >"$4" 2>&1; then
    cat "$4" >&2
    fail "kiosk at $1 exited with an error running $2"
  fi
}

# checkin_and_join BIB STATION [STEPS]: a runner types their bib, chooses a session and,
# with the STEPS given (script lines separated by ';'), answers the intake or starts.
checkin_and_join() {
  cat <<SCRIPT
tap attract.keypad
wait_screen keypad 3
type $1
tap keypad.ok
wait_screen welcome 3
tap welcome.choose
wait_screen choose 3
tap choose.$2
SCRIPT
  if [ -n "${3:-}" ]; then tr ';' '\n' <<<"$3"; fi
  echo "wait_screen attract 5"
}

# Run A starts a plunge session for 1001. The unit cannot reboot in a test, so the test then
# marks the start as taken in another boot, which the next start-up treats as a reboot.
cat >"$work/before-reboot.script" <<SCRIPT
wait_screen attract 5
$(checkin_and_join 1001 plunge "wait_screen called 5;tap called.start;wait_screen running 3;tap running.done")
quit
SCRIPT

# Run B: 1004 to 1006 queue behind the two cryo bays.
cat >"$work/staff.script" <<SCRIPT
wait_screen attract 5
$(checkin_and_join 1002 cryo "wait_screen called 5;tap called.done")
$(checkin_and_join 1003 cryo "wait_screen called 5;tap called.done")
$(checkin_and_join 1004 cryo "wait_screen queued 5;tap queued.done")
$(checkin_and_join 1005 cryo "wait_screen queued 5;tap queued.done")
$(checkin_and_join 1006 cryo "wait_screen queued 5;tap queued.done")
$(checkin_and_join 1007 boots "wait_screen intake 3;tap intake.agree;tap intake.no;wait_screen called 5;tap called.start;wait_screen running 3;tap running.done")
$(checkin_and_join 1008 mat "wait_screen called 5;tap called.done")
$(checkin_and_join 1009 boots "wait_screen intake 3;tap intake.agree;tap intake.yes;wait_screen blocked 3;tap blocked.done")
$(checkin_and_join 1010 plunge "wait_screen called 5;tap called.start;wait_screen running 3;tap running.done")
long_press 3.5
wait_screen staff_pin 3
type_pin 1111
tap pin.ok
wait_text 10 Wrong PIN, 4 tries left
screenshot staff-pin
type_pin 7306
tap pin.ok
wait_screen staff 10
wait_text 3 Signed in: Maria
tap staff.bay.cryo.2.confirm
tap staff.bay.mat.1.confirm
tap staff.bay.mat.1.start
tap staff.bay.mat.1.extend
wait_text 20 Hard stop
wait_text 60 Ending
screenshot staff-bays
tap staff.bay.mat.1.ack
tap staff.bay.plunge.1.ack
tap staff.bay.boots.1.stop
tap staff.tab.queues
wait_text 3 3 waiting
screenshot staff-queues
tap staff.queue.cryo.3.up
tap staff.queue.cryo.1.remove
wait_text 3 2 waiting
tap staff.tab.runners
type 20
wait_text 5 Adeyemi
tap staff.runner.1.checkin
wait_text 5 Checked in
screenshot staff-runners
tap staff.tab.today
wait_text 5 Intake alerts: 1
# The figures come from a worker thread a few frames later.
sleep 500
screenshot staff-today
tap staff.alert.1.override
wait_text 5 No intake alerts
tap staff.lock
wait_screen attract 3
long_press 3.5
wait_screen staff_pin 3
type_pin 4821
tap pin.ok
wait_screen staff 10
wait_no_text 1 Signed in
tap staff.lock
wait_screen attract 3
quit
SCRIPT

for size in 800x480 1280x720; do
  db=$work/staff-$size.db
  "$chillnode" --db "$db" roster import "$work/roster.csv" >/dev/null
  run_kiosk "$size" "$work/before-reboot.script" "$db" "$work/before-reboot-$size.log"
  query "$db" "UPDATE sessions SET start_boot_id = 'e2e-earlier-boot' WHERE bib = '1001'"
  run_kiosk "$size" "$work/staff.script" "$db" "$work/staff-$size.log"

  grep -q "staff PIN refused" "$work/staff-$size.log" || fail "$size: the wrong PIN was not refused"
  grep -q "staff PIN accepted: staff member maria signed in" "$work/staff-$size.log" \
    || fail "$size: Maria's PIN did not sign her in"
  grep -q "staff PIN accepted: staff member staff signed in" "$work/staff-$size.log" \
    || fail "$size: the shared PIN did not sign in"
  transitions() {  # REASON BIB: the count of that runner's transitions with REASON by Maria
    query "$db" "SELECT count(*) FROM session_transitions t JOIN sessions s ON s.id = t.session_id
                 WHERE t.reason = '$1' AND t.staff_id = 'maria' AND s.bib = '$2'"
  }
  [ "$(transitions staff_watching 1003)" -eq 1 ] || fail "$size: confirm watching for 1003 not stored"
  [ "$(transitions staff_started 1008)" -eq 1 ] || fail "$size: staff start of 1008 not stored"
  [ "$(transitions staff_extended 1008)" -eq 1 ] || fail "$size: staff extend of 1008 not stored"
  [ "$(transitions alarm_acknowledged 1008)" -eq 1 ] || fail "$size: acknowledge of 1008's hard stop not stored"
  [ "$(transitions alarm_acknowledged 1001)" -eq 1 ] || fail "$size: acknowledge of 1001's interruption not stored"
  [ "$(transitions staff_stopped 1007)" -eq 1 ] || fail "$size: staff stop of 1007 not stored"
  [ "$(transitions staff_removed 1004)" -eq 1 ] || fail "$size: staff removal of 1004 not stored"
  [ "$(query "$db" "SELECT count(*) FROM session_transitions WHERE reason = 'hard_maximum'")" -eq 1 ] \
    || fail "$size: no hard stop stored"
  [ "$(query "$db" "SELECT planned_ms FROM sessions WHERE bib = '1008'")" -eq 8000 ] \
    || fail "$size: the extension of 1008 went past the maximum of 8 s"
  [ "$(query "$db" "SELECT count(*) FROM session_transitions WHERE reason = 'unit_rebooted'")" -eq 1 ] \
    || fail "$size: the simulated reboot did not interrupt 1001"
  [ "$(query "$db" "SELECT (SELECT queue_rank FROM sessions WHERE bib = '1006')
                        < (SELECT queue_rank FROM sessions WHERE bib = '1005')")" -eq 1 ] \
    || fail "$size: move-up did not put 1006 before 1005"
  [ "$(query "$db" "SELECT count(*) FROM checkins WHERE bib = '2001'")" -eq 1 ] \
    || fail "$size: manual check-in of 2001 not stored"
  [ "$(query "$db" "SELECT override_staff_id FROM intake_answers WHERE bib = '1009'")" = maria ] \
    || fail "$size: the override of 1009's intake block not stored as Maria's"
  [ "$(query "$db" "SELECT count(*) FROM session_transitions WHERE staff_id NOT IN ('', 'maria')")" -eq 0 ] \
    || fail "$size: a staff action was stored under another id than Maria's"
done

# Lockout: five wrong PINs lock PIN entry for 30 s. The kiosk is then killed with SIGKILL and
# restarted twice, first in the same boot and then as if the unit had rebooted (the stored
# boot id is changed, as for 1001's session above). Each restart must still be locked out and
# must ignore the right PIN.
wrong_pin() {  # MESSAGE: a wrong PIN and the message it brings
  printf 'type_pin 1111\ntap pin.ok\nwait_text 10 %s\n' "$1"
}
cat >"$work/lock-out.script" <<SCRIPT
wait_screen attract 5
long_press 3.5
wait_screen staff_pin 3
$(wrong_pin "Wrong PIN, 4 tries left")
$(wrong_pin "Wrong PIN, 3 tries left")
$(wrong_pin "Wrong PIN, 2 tries left")
$(wrong_pin "Wrong PIN, 1 try left")
$(wrong_pin "Locked for")
screenshot staff-pin-locked
sleep 600000
SCRIPT
cat >"$work/locked-after-restart.script" <<SCRIPT
wait_screen attract 5
long_press 3.5
wait_screen staff_pin 3
wait_text 3 Locked for
type_pin 4821
tap pin.ok
sleep 1500
wait_text 1 Locked for
wait_screen staff_pin 1
quit
SCRIPT

kiosk_pid=
stop_kiosk() {
  if [ -n "$kiosk_pid" ]; then kill -KILL "$kiosk_pid" 2>/dev/null || true; fi
}
trap 'stop_kiosk; rm -rf "$work"' EXIT

# check_still_locked SIZE LOG: the restarted kiosk kept the lockout and checked no PIN.
check_still_locked() {
  grep -q "staff PIN entry stays locked out" "$2" || { cat "$2" >&2; fail "$1: the restart did not restore the lockout"; }
  if grep -q "staff PIN accepted\|staff PIN refused" "$2"; then
    fail "$1: a PIN was checked during the lockout"
  fi
}

for size in 800x480 1280x720; do
  db=$work/lock-$size.db
  log=$work/lock-out-$size.log
  # Started directly, not under timeout(1), so that kiosk_pid is the kiosk the SIGKILL below
  # must hit. The wait below is bounded, and the exit trap kills it on a failure.
  "$chillnode" --config "$work/staff.toml" --db "$db" --window "$size" \
    --autotest "$work/lock-out.script" --screenshots "$shots" >"$log" 2>&1 &
  kiosk_pid=$!
  # The script sleeps once the screenshot is saved, and the lock row is written in the frame
  # that showed the lockout, so both are in place when the sleep starts.
  for _ in $(seq 600); do
    grep -q "autotest: sleeping" "$log" && break
    kill -0 "$kiosk_pid" 2>/dev/null || { cat "$log" >&2; fail "$size: the kiosk quit before the lockout"; }
    sleep 0.1
  done
  grep -q "autotest: sleeping" "$log" || fail "$size: five wrong PINs did not lock PIN entry within 60 s"
  kill -KILL "$kiosk_pid"
  wait "$kiosk_pid" 2>/dev/null || true
  kiosk_pid=
  grep -q "staff PIN entry locked out for 30 s" "$log" || fail "$size: the lockout was not logged as 30 s"
  [ "$(query "$db" "SELECT lockouts, locked_out_until_mono_ms > 0 FROM staff_lock")" = "1|1" ] \
    || fail "$size: the lockout is not stored"

  run_kiosk "$size" "$work/locked-after-restart.script" "$db" "$work/lock-restart-$size.log"
  check_still_locked "$size" "$work/lock-restart-$size.log"

  query "$db" "UPDATE staff_lock SET boot_id = 'e2e-earlier-boot'"
  run_kiosk "$size" "$work/locked-after-restart.script" "$db" "$work/lock-reboot-$size.log"
  check_still_locked "$size" "$work/lock-reboot-$size.log"
done

# No label may be clipped at any size.
if grep -h "does not fit" "$work"/*.log; then
  fail "button labels are clipped (lines above)"
fi

count=$(find "$shots" -name 'staff-*.png' | wc -l)
[ "$count" -eq 12 ] || fail "expected 12 staff screenshots in $shots, found $count"
echo "e2e: passed; $count staff screenshots in $shots"
