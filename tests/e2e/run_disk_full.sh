#!/usr/bin/env bash
# Disk-full drill against the real kiosk: the database lives on a small tmpfs that a ballast
# file fills while a runner's session runs, then a burst of keypad check-ins meets the full
# disk. The kiosk must keep running and reject the check-ins it cannot store with a message.
# It must show staff the storage alert and keep the running session's changes until they
# are stored. Once the ballast is deleted, the next check-in must be stored with no restart.
# Afterwards the database must pass PRAGMA integrity_check, every record must have its
# outbox row, and every check-in the screen confirmed must be stored. Screenshots of the
# refusal and the alerts at 800x480 and 1280x720 go to BUILD/screenshots/diskfull, with the
# kiosk logs.
# Needs root to mount the tmpfs; exits 77 (skipped) without it.
#   run_disk_full.sh CHILLNODE BUILD_DIR
set -euo pipefail
chillnode=$1
build_dir=$2

# tmpfs size, and the space the ballast leaves free: about three check-ins with their
# outbox rows in WAL frames.
tmpfs_kib=2048
headroom_kib=64
burst=12

work=$(mktemp -d "${TMPDIR:-/tmp}/chillnode-diskfull-XXXXXX")
data=$work/data
mkdir -p "$data"
kiosk_pid=
mounted=0
cleanup() {
  if [ -n "$kiosk_pid" ]; then kill "$kiosk_pid" 2>/dev/null || true; wait "$kiosk_pid" 2>/dev/null || true; fi
  if [ "$mounted" = 1 ]; then umount "$data" || umount -l "$data" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

shots=$build_dir/screenshots/diskfull
mkdir -p "$shots"
rm -f "$shots"/*.png "$shots"/*.log

fail() {
  echo "e2e: FAILED: $*" >&2
  exit 1
}

query() {
  sqlite3 -batch -noheader "$1" "$2"
}

# wait_for FILE SECONDS: waits until FILE exists; false when it does not in time.
wait_for() {
  local tries=$(($2 * 20))
  for _ in $(seq "$tries"); do
    [ -e "$1" ] && return 0
    if ! kill -0 "$kiosk_pid" 2>/dev/null; then return 1; fi
    sleep 0.05
  done
  return 1
}

[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run through scripts/test, which starts Xvfb"
if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o "size=${tmpfs_kib}k,mode=0755" tmpfs "$data" 2>/dev/null; then
  echo "e2e: skipped: mounting a tmpfs needs root"
  exit 77
fi
mounted=1

cat >"$work/roster.csv" <<'CSV'
Bib,First Name,Last Name
CSV
for bib in $(seq 1001 1040); do echo "$bib,Runner,Number $bib" >>"$work/roster.csv"; done

# One unattended mat bay with a 15 s session and no questions, so the runner's session
# ends while the disk is full.
cat >"$work/kiosk.toml" <<TOML
[unit]
id = "e2e-diskfull"
[camera]
kind = "folder"
source = "$work/no-camera"
[display]
renderer = "software"
idle_timeout_s = 120
idle_warning_s = 10
[audio]
quiet = true
[[stations]]
id = "mat"
bays = 1
default_s = 15
max_s = 30
questions = []
TOML
printf '4821\n4821\n' | "$chillnode" pin set --config "$work/kiosk.toml" >/dev/null || fail "chillnode pin set failed"

# checkin BIB: a runner types their bib and waits for the welcome or not-saved screen.
checkin() {
  cat <<SCRIPT
tap attract.keypad
wait_screen keypad 3
type $1
tap keypad.ok
wait_screen welcome|not_saved 5
SCRIPT
}

# The screenshots are the sync points: the shell adds the ballast when 00-fill appears and
# deletes it when 05-free appears.
make_script() {
  echo "wait_screen attract 5"
  checkin 1001
  echo "tap welcome.choose"
  echo "wait_screen choose 3"
  echo "tap choose.mat"
  echo "wait_screen called 5"
  echo "tap called.start"
  echo "wait_screen running 3"
  echo "tap running.done"
  echo "wait_screen attract 5"
  echo "screenshot 00-fill"
  echo "sleep 1500"
  for i in $(seq 2 $((burst + 1))); do
    checkin $((1000 + i))
    if [ "$i" -le "$burst" ]; then echo "tap welcome.done|not_saved.done"; echo "wait_screen attract 3"; fi
  done
  cat <<'SCRIPT'
wait_screen not_saved 1
screenshot 01-refused-checkin
tap not_saved.done
wait_screen attract 3
tap attract.language.es
sleep 300
SCRIPT
  # A Spanish-speaking runner is refused too, and a runner checked in before the disk filled
  # is welcomed back but cannot join a queue.
  checkin 1014
  cat <<'SCRIPT'
wait_screen not_saved 1
screenshot 01-refused-checkin-es
tap not_saved.done
wait_screen attract 3
SCRIPT
  checkin 1001
  cat <<'SCRIPT'
wait_screen welcome 1
tap welcome.choose
wait_screen choose 3
tap choose.mat
wait_screen not_saved 5
wait_text 1 We cannot save your place in the queue right now.
screenshot 01-refused-queue
tap not_saved.done
wait_screen attract 3
wait_text 5 Storage full
screenshot 02-attract-alert
long_press 3.5
wait_screen staff_pin 3
type_pin 4821
tap pin.ok
wait_screen staff 10
wait_text 5 Storage full: new records cannot be saved
screenshot 03-staff-alert
tap staff.tab.today
wait_text 5 Free space
screenshot 04-staff-alert-today
tap staff.lock
wait_screen attract 3
screenshot 05-free
wait_no_text 30 Storage full
SCRIPT
  checkin 1030
  cat <<'SCRIPT'
wait_screen welcome 1
screenshot 06-recovered-checkin
tap welcome.done
wait_screen attract 3
long_press 3.5
wait_screen staff_pin 3
type_pin 4821
tap pin.ok
wait_screen staff 10
wait_no_text 5 Storage
screenshot 07-staff-recovered
quit
SCRIPT
}

summary=""
for size in 800x480 1280x720; do
  db=$data/kiosk-$size.db
  log=$work/kiosk-$size.log
  rm -f "$data"/ballast "$data"/kiosk-*
  "$chillnode" --db "$db" roster import "$work/roster.csv" >/dev/null
  make_script >"$work/drill.script"
  rm -f "$work"/[0-9][0-9]-*.png
  timeout 300 "$chillnode" --config "$work/kiosk.toml" --db "$db" --window "$size" --autotest "$work/drill.script" \
    --screenshots "$work" >"$log" 2>&1 &
  kiosk_pid=$!

  # Fill the disk once the runner's session runs.
  wait_for "$work/00-fill-$size.png" 60 || { cat "$log" >&2; fail "$size: the session never started"; }
  avail_kib=$(df --output=avail -k "$data" | tail -1 | tr -d ' ')
  ballast_kib=$((avail_kib - headroom_kib))
  dd if=/dev/zero of="$data/ballast" bs=1k count="$ballast_kib" status=none 2>/dev/null || true
  echo "e2e: $size: ballast of $ballast_kib KiB leaves $(df --output=avail -k "$data" | tail -1 | tr -d ' ') KiB free"

  # Free the space once staff have seen the alert, and time the recovery.
  wait_for "$work/05-free-$size.png" 120 || { cat "$log" >&2; fail "$size: the alert screens never showed"; }
  kill -0 "$kiosk_pid" 2>/dev/null || fail "$size: the kiosk stopped on a full disk"
  freed_ms=$(date +%s%3N)
  rm -f "$data/ballast"
  cleared_ms=
  for _ in $(seq 600); do
    if grep -q "storage alert cleared" "$log"; then cleared_ms=$(date +%s%3N); break; fi
    sleep 0.05
  done
  [ -n "$cleared_ms" ] || { cat "$log" >&2; fail "$size: the storage alert never cleared after freeing space"; }

  kiosk_status=0
  wait "$kiosk_pid" || kiosk_status=$?
  kiosk_pid=
  cp "$log" "$shots/kiosk-$size.log"
  if [ "$kiosk_status" -ne 0 ]; then
    cat "$log" >&2
    fail "$size: the kiosk exited with an error running the drill"
  fi
  cp "$work"/[0-9][0-9]-*-"$size".png "$shots"/

  # Check-ins the screen confirmed or rejected, from the log, against the database.
  grep -q "storage alert: database .* is full" "$log" || fail "$size: no storage alert logged"
  confirmed=$(sed -n 's/.*check-in by keypad: checked in (bib \([0-9]*\)).*/\1/p' "$log")
  refused=$(sed -n 's/.*check-in by keypad: not stored (bib \([0-9]*\)).*/\1/p' "$log")
  refused_count=$(echo "$refused" | grep -c . || true)
  [ "$refused_count" -ge 1 ] || fail "$size: no check-in was refused; the disk never filled"
  for bib in $confirmed; do
    [ "$(query "$db" "SELECT count(*) FROM checkins WHERE bib = '$bib'")" -eq 1 ] ||
      fail "$size: check-in of $bib was confirmed on screen but is not stored"
  done
  for bib in $refused; do
    [ "$(query "$db" "SELECT count(*) FROM checkins WHERE bib = '$bib'")" -eq 0 ] ||
      fail "$size: check-in of $bib was refused on screen but is stored"
  done
  echo "$confirmed" | grep -qx 1030 || fail "$size: the check-in after freeing space was not confirmed"
  grep -q "queue join .* taken back" "$log" || fail "$size: the queue join on a full disk was not taken back"
  [ "$(query "$db" "SELECT count(*) FROM sessions WHERE bib = '1001'")" -eq 1 ] ||
    fail "$size: the refused queue join of 1001 is stored"

  [ "$(query "$db" "PRAGMA integrity_check")" = ok ] || fail "$size: integrity_check failed"
  [ "$(query "$db" "SELECT count(*) FROM checkins WHERE id NOT IN (SELECT event_id FROM outbox)")" -eq 0 ] ||
    fail "$size: a check-in has no outbox row"
  [ "$(query "$db" "SELECT count(*) FROM session_transitions WHERE id NOT IN (SELECT event_id FROM outbox)")" -eq 0 ] ||
    fail "$size: a session transition has no outbox row"

  # The session that ran through the full disk: its end is stored, and it lasted its plan.
  # The board ends a session at the first loop pass after its time is up, which comes within
  # one wait of the idle loop (250 ms) and one frame.
  session=$(query "$db" "SELECT state, end_mono_ms - start_mono_ms - planned_ms FROM sessions WHERE bib = '1001'")
  [ "$(cut -d'|' -f1 <<<"$session")" = completed ] || fail "$size: the running session's end is not stored: $session"
  overrun_ms=$(cut -d'|' -f2 <<<"$session")
  [ "$overrun_ms" -ge 0 ] && [ "$overrun_ms" -lt 1000 ] ||
    fail "$size: the running session lasted $overrun_ms ms longer than planned"
  grep -q "session changes not stored yet" "$log" && pending="yes" || pending="no"

  stored_count=$(echo "$confirmed" | grep -c . || true)
  summary+="e2e: $size: $stored_count check-ins confirmed and stored, $refused_count refused, alert cleared $((cleared_ms - freed_ms)) ms after the ballast was deleted, session ended $overrun_ms ms after its planned time, session changes held in memory: $pending"$'\n'
done

count=$(find "$shots" -name '*.png' | wc -l)
[ "$count" -eq 20 ] || fail "expected 20 screenshots in $shots, found $count"
printf '%s' "$summary"
echo "e2e: passed; $count screenshots in $shots"
