#!/usr/bin/env bash
# End-to-end voucher stock test on the real booth kiosk. An offer has 3 vouchers and allows
# one per runner. Runner 7522 completes two plunge sessions and must get one voucher. Four
# more runners start sessions on four bays, and the kiosk is stopped with SIGSTOP until all
# four have run out, so their ends arrive in one frame. Exactly 2 of them must get the
# remaining vouchers, the other 2 must see no voucher button, and the kiosk must go on
# without an error. Saves PNGs under BUILD/screenshots/voucher-stock.
#   run_voucher_stock.sh CHILLNODE SOURCE_DIR BUILD_DIR
set -euo pipefail
chillnode=$1
source_dir=$2
build_dir=$3

work=$(mktemp -d "${TMPDIR:-/tmp}/chillnode-voucher-stock-XXXXXX")
kiosk_pid=
cleanup() {
  if [ -n "$kiosk_pid" ]; then kill -CONT "$kiosk_pid" 2>/dev/null || true; kill "$kiosk_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
shots=$build_dir/screenshots/voucher-stock
rm -rf "$shots"
mkdir -p "$shots"

fail() {
  echo "e2e voucher stock: FAILED: $*" >&2
  exit 1
}
query() {
  sqlite3 -batch -noheader "$1" "$2"
}
[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run through scripts/test, which starts Xvfb"
export SDL_AUDIODRIVER=dummy

"$chillnode" keys generate --id booth-a --out "$work/booth.key" >/dev/null
config=$work/booth.toml
cat >"$config" <<TOML
[unit]
id = "e2e-stock"
[camera]
kind = "folder"
source = "$work/no-camera"
[display]
renderer = "software"
idle_timeout_s = 60
[vouchers]
signing_key = "$work/booth.key"
[[offers]]
id = "smoothie"
sponsor = "juice"
sponsor_name = "Fresh Juice Co."
title = "Free recovery smoothie"
terms = "One per runner, at the Fresh Juice stall until 18:00."
valid_until = 2099-12-31T18:00:00Z
stations = ["plunge"]
per_runner = 1
stock = 3
[[stations]]
id = "plunge"
bays = 5
default_s = 10
max_s = 20
TOML
db=$work/booth.db
"$chillnode" --db "$db" roster import "$source_dir/assets/demo/roster.csv" >/dev/null

repeat_runner=7522
burst_runners="7456 6737 3446 9851"
last_runner=9851

# type_bib BIB: the keypad entry of a bib, up to the screen the check-in leads to.
type_bib() {
  printf 'tap attract.keypad\nwait_screen keypad 5\ntype %s\ntap keypad.ok\n' "$1"
}
# intake_and_call BIB: check-in, the plunge intake, and the call to a free bay.
intake_and_call() {
  type_bib "$1"
  printf 'wait_screen welcome 5\ntap welcome.choose\nwait_screen choose 5\ntap choose.plunge\nwait_screen intake 5\n'
  printf 'tap intake.agree\n'
  for _ in $(seq 7); do printf 'tap intake.no\n'; done
  printf 'wait_screen called 5\n'
}

{
  echo "wait_screen attract 5"
  # The repeat runner's first session earns a voucher. The second, joined without a new
  # intake, runs while the others queue up and must not earn another.
  intake_and_call "$repeat_runner"
  echo "tap called.start"
  echo "wait_screen over 15"
  echo "expect_button over.voucher"
  echo "screenshot 01-first-session-over"
  echo "tap over.done"
  echo "wait_screen attract 5"
  type_bib "$repeat_runner"
  printf 'wait_screen welcome 5\ntap welcome.choose\nwait_screen choose 5\ntap choose.plunge\n'
  printf 'wait_screen called 5\ntap called.start\nwait_screen running 5\ntap running.done\nwait_screen attract 5\n'

  # Each burst runner completes the intake, is called, and leaves the call standing.
  for bib in $burst_runners; do
    intake_and_call "$bib"
    printf 'tap called.done\nwait_screen attract 5\n'
  done
  # Then they come back and start within a few seconds of each other. The last one stays
  # on the running screen, and its screenshot is the signal for this script to stop the kiosk.
  for bib in $burst_runners; do
    type_bib "$bib"
    printf 'wait_screen called 5\ntap called.start\nwait_screen running 5\n'
    [ "$bib" = "$last_runner" ] || printf 'tap running.done\nwait_screen attract 5\n'
  done
  echo "screenshot 02-burst-running"
  # The kiosk is stopped during this sleep. Without the stop the session would not end
  # within the wait below, so this run fails rather than test a spread-out burst.
  echo "sleep 2000"
  echo "wait_screen over 4"
  echo "screenshot 03-burst-over"
  echo "tap over.done"
  echo "wait_screen attract 5"
  echo "quit"
} >"$work/burst.script"

"$chillnode" --config "$config" --db "$db" --window 800x480 --autotest "$work/burst.script" \
  --screenshots "$shots" >"$work/burst.log" 2>&1 &
kiosk_pid=$!
marker=$shots/02-burst-running-800x480.png
for _ in $(seq 900); do
  [ -e "$marker" ] && break
  kill -0 "$kiosk_pid" 2>/dev/null || break
  sleep 0.1
done
if [ ! -e "$marker" ]; then
  cat "$work/burst.log" >&2
  fail "the burst runners never all started"
fi
# Each burst session lasts 10 s and the last one started just before the marker, so after
# 12 s stopped all four have run out, and none had before the stop.
kill -STOP "$kiosk_pid"
sleep 12
kill -CONT "$kiosk_pid"
status=0
wait "$kiosk_pid" || status=$?
kiosk_pid=
if [ "$status" -ne 0 ]; then
  cat "$work/burst.log" >&2
  fail "the kiosk exited with status $status during the burst"
fi

# Stock and per-runner limit: three vouchers in all, one for the repeat runner.
[ "$(query "$db" "SELECT count(*) FROM sessions WHERE state = 'completed'")" -eq 6 ] ||
  fail "expected 6 completed sessions"
[ "$(query "$db" "SELECT count(*) FROM vouchers")" -eq 3 ] || fail "expected 3 vouchers, the offer's stock"
[ "$(query "$db" "SELECT count(*) FROM outbox WHERE kind = 'voucher'")" -eq 3 ] || fail "expected 3 voucher outbox rows"
[ "$(query "$db" "SELECT count(*) FROM vouchers WHERE bib = '$repeat_runner'")" -eq 1 ] ||
  fail "runner $repeat_runner got other than one voucher for two sessions"
[ "$(query "$db" "SELECT v.session_id = (SELECT id FROM sessions WHERE bib = '$repeat_runner' ORDER BY rowid LIMIT 1)
  FROM vouchers v WHERE v.bib = '$repeat_runner'")" -eq 1 ] || fail "runner $repeat_runner's voucher is not for the first session"
burst_list="'${burst_runners// /\',\'}'"
[ "$(query "$db" "SELECT count(*) FROM vouchers WHERE bib IN ($burst_list)")" -eq 2 ] ||
  fail "expected 2 vouchers among the burst runners"
[ "$(query "$db" "SELECT count(DISTINCT mono_ms) FROM vouchers WHERE bib IN ($burst_list)")" -eq 1 ] ||
  fail "the burst vouchers were not issued in one frame"
[ "$(query "$db" "SELECT count(DISTINCT session_id) FROM vouchers")" -eq 3 ] || fail "a session earned two vouchers"
[ "$(query "$db" "PRAGMA integrity_check")" = ok ] || fail "database damaged"

# Every runner checks in again: those with a voucher see its button, the others do not.
{
  echo "wait_screen attract 5"
  for bib in $repeat_runner $burst_runners; do
    type_bib "$bib"
    echo "wait_screen welcome 5"
    if [ "$(query "$db" "SELECT count(*) FROM vouchers WHERE bib = '$bib'")" -eq 1 ]; then
      echo "expect_button welcome.voucher"
      echo "screenshot 04-welcome-with-voucher-$bib"
    else
      echo "expect_no_button welcome.voucher"
      echo "screenshot 05-welcome-without-voucher-$bib"
    fi
    printf 'tap welcome.done\nwait_screen attract 5\n'
  done
  echo "quit"
} >"$work/check.script"
if ! timeout 60 "$chillnode" --config "$config" --db "$db" --window 800x480 --autotest "$work/check.script" \
    --screenshots "$shots" >"$work/check.log" 2>&1; then
  cat "$work/check.log" >&2
  fail "the kiosk exited with an error while the runners checked their vouchers"
fi
[ "$(query "$db" "SELECT count(*) FROM vouchers")" -eq 3 ] || fail "checking in issued more vouchers"

if grep -h " error \[" "$work"/*.log; then
  fail "the kiosk logged errors (lines above)"
fi
count=$(find "$shots" -name '*.png' | wc -l)
[ "$count" -eq 8 ] || fail "expected 8 screenshots in $shots, found $count"
echo "e2e voucher stock: passed; $count screenshots in $shots"
