#!/usr/bin/env bash
# End-to-end check-in test: runs the real chillnode binary in an SDL window (Xvfb in CI)
# with touches injected as SDL finger events, then checks the database. Saves a PNG of
# every screen at 800x480 and 1280x720 (and those without a camera at 1920x1080 and
# 720x1280 portrait) under BUILD/screenshots.
#   run_checkin_flow.sh CHILLNODE CHILLNODE_GEN SOURCE_DIR BUILD_DIR
set -euo pipefail
chillnode=$1
gen=$2
source_dir=$3
build_dir=$4

work=$(mktemp -d "${TMPDIR:-/tmp}/chillnode-e2e-XXXXXX")
trap 'rm -rf "$work"' EXIT
shots=$build_dir/screenshots/checkin
rm -rf "$shots"
mkdir -p "$shots"
# Other kiosk tests save their screenshots here too, so this test only touches names that
# start with a number.
rm -f "$shots"/[0-9][0-9]-*.png

fail() {
  echo "e2e: FAILED: $*" >&2
  exit 1
}

query() {
  sqlite3 -batch -noheader "$1" "$2"
}

[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run through scripts/test, which starts Xvfb"
clip=$build_dir/demo/demo-clip.avi
if [ ! -s "$clip" ]; then
  mkdir -p "$build_dir/demo"
  "$gen" clip "$clip" --seed 1 >/dev/null
fi
"$gen" bib "$work/wifi.png" "WIFI:T:WPA;S:venue-guest;P:not-a-bib;;" >/dev/null
mkdir -p "$work/junk-camera"
cp "$work/wifi.png" "$work/junk-camera/"

# kiosk_config CAMERA_KIND CAMERA_SOURCE: a config for a windowed test run.
kiosk_config() {
  cat <<TOML
[unit]
id = "e2e-booth"
[camera]
kind = "$1"
source = "$2"
hold_off_ms = 5000
[display]
renderer = "software"
idle_timeout_s = 8
idle_warning_s = 5
TOML
}

run_kiosk() {  # SIZE CONFIG SCRIPT DB LOG
  if ! timeout 120 "$chillnode" --config "$2" --db "$4" --window "$1" --autotest "$3" \
      --screenshots "$shots" >"$5" 2>&1; then
    cat "$5" >&2
    fail "kiosk at $1 exited with an error running $3"
  fi
}

for size in 800x480 1280x720; do
  db=$work/kiosk-$size.db
  "$chillnode" --db "$db" roster import "$source_dir/assets/demo/roster.csv" >/dev/null

  # Run 1: the demo clip as the camera. A bib held up on the attract screen checks in;
  # then the runner taps Start and the next bib checks in from the scanning screen.
  kiosk_config file "$clip" >"$work/clip.toml"
  cat >"$work/scan.script" <<'SCRIPT'
wait_camera 5
screenshot 01-attract
wait_screen welcome 40
screenshot 03-welcome-scan
tap welcome.done
wait_screen attract 5
tap attract.scan
wait_screen scanning 5
wait_preview 5
screenshot 02-scanning
wait_screen welcome 30
quit
SCRIPT
  run_kiosk "$size" "$work/clip.toml" "$work/scan.script" "$db" "$work/scan-$size.log"
  scanned=$(query "$db" "SELECT count(*) FROM checkins WHERE method = 'scan'")
  [ "$scanned" -ge 2 ] || fail "$size: expected at least 2 scanned check-ins, found $scanned"
  first_bib=$(query "$db" "SELECT bib FROM checkins ORDER BY rowid LIMIT 1")
  grep -qx -- "$first_bib" "$clip.expected.txt" || fail "$size: scanned bib $first_bib is not in the clip"
  outbox=$(query "$db" "SELECT count(*) FROM outbox WHERE kind = 'checkin'")
  [ "$outbox" -eq "$scanned" ] || fail "$size: $scanned check-ins but $outbox outbox rows"

  # Run 2: no camera at all. The keypad still works: an unknown bib, a lettered bib,
  # and the bib scanned in run 1 again ("welcome back"), then the idle warning and timeout.
  kiosk_config folder "$work/no-such-camera" >"$work/nocamera.toml"
  cat >"$work/keypad.script" <<SCRIPT
wait_screen attract 5
screenshot 01-attract-no-camera
tap attract.keypad
wait_screen keypad 3
type 99999
screenshot 04-keypad
tap keypad.ok
wait_screen unknown 3
screenshot 05-unknown-bib
tap unknown.keypad
wait_screen keypad 3
tap keypad.toggle
type A-
screenshot 06-keypad-letters
tap keypad.toggle
type 17
tap keypad.ok
wait_screen welcome 3
screenshot 07-welcome-keypad
tap welcome.done
wait_screen attract 3
tap attract.keypad
wait_screen keypad 3
type $first_bib
tap keypad.ok
wait_screen welcome 3
screenshot 08-welcome-back
wait_idle_warning 10
screenshot 09-idle-warning
wait_screen attract 10
tap attract.language.es
sleep 300
screenshot 10-attract-spanish
tap attract.keypad
wait_screen keypad 3
screenshot 11-keypad-spanish
quit
SCRIPT
  run_kiosk "$size" "$work/nocamera.toml" "$work/keypad.script" "$db" "$work/keypad-$size.log"
  grep -q "camera image folder .* is missing" "$work/keypad-$size.log" || fail "$size: no log line for the missing camera"
  [ "$(query "$db" "SELECT count(*) FROM checkins WHERE bib = '99999'")" -eq 0 ] || fail "$size: unknown bib was stored"
  [ "$(query "$db" "SELECT method FROM checkins WHERE bib = 'A-17'")" = keypad ] || fail "$size: A-17 not checked in by keypad"
  [ "$(query "$db" "SELECT visits FROM checkins WHERE bib = '$first_bib'")" -eq 2 ] || fail "$size: repeat visit of $first_bib not counted"
  [ "$(query "$db" "SELECT count(*) FROM checkins WHERE bib = '$first_bib'")" -eq 1 ] || fail "$size: repeat visit of $first_bib stored a second check-in"

  # Run 3: the only code in front of the camera is a Wi-Fi QR code, so the kiosk shows
  # "That code is not a race bib".
  kiosk_config folder "$work/junk-camera" >"$work/junk.toml"
  cat >"$work/junk.script" <<'SCRIPT'
wait_screen unknown 20
screenshot 05-not-a-bib
quit
SCRIPT
  before=$(query "$db" "SELECT count(*) FROM checkins")
  run_kiosk "$size" "$work/junk.toml" "$work/junk.script" "$db" "$work/junk-$size.log"
  grep -q "invalid payload" "$work/junk-$size.log" || fail "$size: no invalid payload logged"
  [ "$(query "$db" "SELECT count(*) FROM checkins")" -eq "$before" ] || fail "$size: a junk code stored a check-in"
done

# A crash right after the welcome screen loses nothing: type a bib, wait for the welcome
# screen, then SIGKILL the kiosk and check the record and its outbox row are stored.
db=$work/kill.db
"$chillnode" --db "$db" roster import "$source_dir/assets/demo/roster.csv" >/dev/null
cat >"$work/kill.script" <<'SCRIPT'
wait_screen attract 5
tap attract.keypad
wait_screen keypad 3
type 1234
tap keypad.ok
wait_screen welcome 5
screenshot 12-welcome-before-kill
sleep 60000
SCRIPT
"$chillnode" --config "$work/nocamera.toml" --db "$db" --window 800x480 --autotest "$work/kill.script" \
  --screenshots "$work" >"$work/kill.log" 2>&1 &
kiosk_pid=$!
for _ in $(seq 100); do
  [ -e "$work/12-welcome-before-kill-800x480.png" ] && break
  sleep 0.1
done
[ -e "$work/12-welcome-before-kill-800x480.png" ] || fail "kill test: the welcome screen never showed"
kill -KILL "$kiosk_pid"
wait "$kiosk_pid" 2>/dev/null || true
[ "$(query "$db" "PRAGMA integrity_check")" = ok ] || fail "kill test: database damaged after SIGKILL"
[ "$(query "$db" "SELECT count(*) FROM checkins WHERE bib = '1234'")" -eq 1 ] || fail "kill test: check-in lost after SIGKILL"
[ "$(query "$db" "SELECT count(*) FROM outbox WHERE kind = 'checkin'")" -eq 1 ] || fail "kill test: outbox row lost after SIGKILL"

# The larger and portrait panels: every screen reachable without a camera.
for size in 1920x1080 720x1280; do
  db=$work/kiosk-$size.db
  "$chillnode" --db "$db" roster import "$source_dir/assets/demo/roster.csv" >/dev/null
  "$chillnode" --db "$db" checkin "$first_bib" >/dev/null
  run_kiosk "$size" "$work/nocamera.toml" "$work/keypad.script" "$db" "$work/keypad-$size.log"
done

# No label may be clipped at any size.
if grep -h "does not fit" "$work"/*.log; then
  fail "button labels are clipped (lines above)"
fi

count=$(find "$shots" -name '[0-9][0-9]-*.png' | wc -l)
[ "$count" -eq 44 ] || fail "expected 44 screenshots in $shots, found $count"
echo "e2e: passed; $count screenshots in $shots"
