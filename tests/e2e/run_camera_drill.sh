#!/usr/bin/env bash
# Camera loss on the real kiosk: its camera (a folder of images) shows a bib, disappears,
# and comes back showing another. The drill checks that the first bib is checked in by
# scan, that the keypad checks a runner in while the camera is gone, and that the bib shown
# after the camera's return is checked in by scan within 5 s, all without a restart.
# Usage: run_camera_drill.sh CHILLNODE CHILLNODE_GEN SOURCE_DIR
set -euo pipefail
chillnode=$1
gen=$2
source_dir=$3

work=$(mktemp -d "${TMPDIR:-/tmp}/chillnode-camera-XXXXXX")
kiosk_pid=
cleanup() {
  if [ -n "$kiosk_pid" ]; then
    kill -KILL "$kiosk_pid" 2>/dev/null || true
    wait "$kiosk_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  if [ -s "$work/kiosk.log" ]; then
    echo "--- last lines of the kiosk log:" >&2
    tail -n 30 "$work/kiosk.log" >&2
  fi
  echo "camera drill: FAILED: $*" >&2
  exit 1
}
[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run through scripts/test, which starts Xvfb"

db=$work/kiosk.db
query() { sqlite3 -batch -noheader -cmd ".timeout 5000" "$db" "$1"; }
uptime_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

# wait_for SECONDS WHAT COMMAND...: runs COMMAND every 50 ms until it succeeds.
wait_for() {
  local seconds=$1 what=$2 deadline
  shift 2
  deadline=$(($(uptime_ms) + seconds * 1000))
  until "$@"; do
    [ "$(uptime_ms)" -lt "$deadline" ] || fail "timed out after $seconds s waiting for $what"
    kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk quit while the drill waited for $what"
    sleep 0.05
  done
}
checked_in() { [ "$(query "SELECT count(*) FROM checkins WHERE bib = '$1' AND method = '$2'")" -eq 1 ]; }
camera_lost() { grep -q "camera image folder .* is missing\|holds no readable image" "$work/kiosk.log"; }

"$chillnode" --db "$db" roster import "$source_dir/assets/demo/roster.csv" >/dev/null
mkdir -p "$work/camera" "$work/later"
"$gen" bib "$work/camera/a.png" "BIB:7522" >/dev/null
"$gen" bib "$work/later/b.png" "BIB:6737" >/dev/null
cat >"$work/kiosk.toml" <<TOML
[unit]
id = "camera-drill"
[camera]
kind = "folder"
source = "$work/camera"
folder_frame_ms = 300
hold_off_ms = 5000
[display]
renderer = "software"
idle_timeout_s = 60
TOML

# The script waits for each check-in; the drill moves the camera in between.
cat >"$work/drill.script" <<'SCRIPT'
wait_screen attract 10
wait_screen welcome 20
tap welcome.done
wait_screen attract 10
sleep 5000
tap attract.keypad
wait_screen keypad 10
type 7456
tap keypad.ok
wait_screen welcome 10
tap welcome.done
wait_screen attract 10
wait_screen welcome 20
quit
SCRIPT

SDL_AUDIODRIVER=dummy "$chillnode" --config "$work/kiosk.toml" --db "$db" --window 800x480 \
  --autotest "$work/drill.script" >"$work/kiosk.log" 2>&1 &
kiosk_pid=$!

wait_for 30 "the first bib's scan" checked_in 7522 scan
# Unplugged: the folder goes away while the kiosk runs.
mv "$work/camera" "$work/unplugged"
wait_for 10 "the kiosk to log the lost camera" camera_lost
wait_for 30 "the keypad check-in while the camera is gone" checked_in 7456 keypad
# Plugged in again, now showing another runner's bib.
rm -rf "$work/unplugged"
back=$(uptime_ms)
mv "$work/later" "$work/camera"
wait_for 15 "the scan after the camera came back" checked_in 6737 scan
scanned=$(query "SELECT mono_ms FROM checkins WHERE bib = '6737'")
took=$((scanned - back))
echo "camera drill: the bib shown after the camera came back was checked in $took ms later"
[ "$took" -le 5000 ] || fail "the scan after the camera came back took $took ms, more than 5000"

status=0
wait "$kiosk_pid" || status=$?
kiosk_pid=
[ "$status" -eq 0 ] || fail "the kiosk exited with status $status: an autotest step failed"
[ "$(query "PRAGMA integrity_check")" = ok ] || fail "PRAGMA integrity_check failed"
echo "camera drill: passed"
