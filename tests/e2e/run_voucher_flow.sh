#!/usr/bin/env bash
# End-to-end voucher test. A booth kiosk issues vouchers through real plunge sessions. Two
# sponsor kiosks, offline from each other, scan its voucher screens from a camera folder.
# Each sponsor unit must show Valid, then Same runner for the runner's own bib, then Already
# used for the same voucher after the hold-off, Not for this sponsor for another sponsor's
# voucher, and Unknown or forged for a junk code and for a voucher with a changed signature.
# In a second round with a fresh database, the voucher is shown with another runner's bib
# and must give Different runner. The script then checks every stored voucher, redemption
# and bib check, including the double use across the two units. It saves a PNG of the
# voucher screens and every redeem result at 800x480 and 1280x720 under
# BUILD/screenshots/vouchers.
#   run_voucher_flow.sh CHILLNODE CHILLNODE_GEN SOURCE_DIR BUILD_DIR
set -euo pipefail
chillnode=$1
gen=$2
source_dir=$3
build_dir=$4

work=$(mktemp -d "${TMPDIR:-/tmp}/chillnode-vouchers-XXXXXX")
trap 'rm -rf "$work"' EXIT
shots=$build_dir/screenshots/vouchers
rm -rf "$shots"
mkdir -p "$shots"

fail() {
  echo "e2e vouchers: FAILED: $*" >&2
  exit 1
}
query() {
  sqlite3 -batch -noheader "$1" "$2"
}
[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run through scripts/test, which starts Xvfb"
export SDL_AUDIODRIVER=dummy

# run_kiosk SIZE CONFIG DB SCRIPT LOG: one scripted kiosk run that must end with exit code 0.
run_kiosk() {
  if ! timeout 120 "$chillnode" --config "$2" --db "$3" --window "$1" --autotest "$4" \
      --screenshots "$shots" >"$5" 2>&1; then
    cat "$5" >&2
    fail "kiosk at $1 exited with an error running $4"
  fi
}

# The booth signs with its key; sponsor units list the public half that keys generate prints.
"$chillnode" keys generate --id booth-a --out "$work/booth.key" >"$work/keys.txt"
public_keys=$(sed -n '/^\[\[vouchers.public_keys\]\]/,$p' "$work/keys.txt")
[ -n "$public_keys" ] || fail "keys generate printed no public key lines"

# The smoothie has one voucher in stock, so the second runner gets the socks offer.
offers() {
  cat <<'TOML'
[[offers]]
id = "smoothie"
sponsor = "juice"
sponsor_name = "Fresh Juice Co."
title = "Free recovery smoothie"
terms = "One per runner, at the Fresh Juice stall until 18:00."
valid_until = 2099-12-31T18:00:00Z
stations = ["plunge"]
stock = 1

[[offers]]
id = "socks"
sponsor = "socks-co"
sponsor_name = "Socks & Co."
title = "Compression socks, 20% off"
terms = "At the Socks & Co. tent."
valid_until = 2099-12-31T18:00:00Z
stations = ["plunge"]
stock = 10
TOML
}

booth_config=$work/booth.toml
{
  cat <<TOML
[unit]
id = "e2e-booth"
[camera]
kind = "folder"
source = "$work/no-camera"
[display]
renderer = "software"
idle_timeout_s = 60
[vouchers]
signing_key = "$work/booth.key"
[[stations]]
id = "plunge"
bays = 1
default_s = 4
max_s = 20
TOML
  offers
} >"$booth_config"

# check_in BIB: the keypad check-in, as a piece of autotest script.
check_in() {
  printf 'tap attract.keypad\nwait_screen keypad 5\ntype %s\ntap keypad.ok\nwait_screen welcome 5\n' "$1"
}
# plunge_session: from the welcome screen through the intake and a 4 s session to its end.
plunge_session() {
  printf 'tap welcome.choose\nwait_screen choose 5\ntap choose.plunge\nwait_screen intake 5\ntap intake.agree\n'
  for _ in $(seq 7); do printf 'tap intake.no\n'; done
  printf 'wait_screen called 5\ntap called.start\nwait_screen running 5\nwait_screen over 15\n'
}

# Booth at 800x480: runner 7522 earns the smoothie, runner 7456 the socks.
booth_db=$work/booth.db
"$chillnode" --db "$booth_db" roster import "$source_dir/assets/demo/roster.csv" >/dev/null
{
  echo "wait_screen attract 5"
  echo "screenshot 01-attract"
  check_in 7522
  plunge_session
  echo "expect_button over.voucher"
  echo "screenshot 02-session-over"
  echo "tap over.voucher"
  echo "wait_screen voucher 5"
  echo "screenshot 03-voucher"
  echo "tap voucher.done"
  echo "wait_screen attract 5"
  check_in 7456
  plunge_session
  echo "tap over.voucher"
  echo "wait_screen voucher 5"
  echo "screenshot 04-voucher-other-sponsor"
  echo "quit"
} >"$work/booth-800.script"
run_kiosk 800x480 "$booth_config" "$booth_db" "$work/booth-800.script" "$work/booth-800x480.log"

# Booth at 1280x720: both runners come back and open their vouchers from the welcome screen.
{
  echo "wait_screen attract 5"
  echo "screenshot 01-attract"
  check_in 7522
  echo "expect_button welcome.voucher"
  echo "screenshot 05-welcome-voucher"
  echo "tap welcome.voucher"
  echo "wait_screen voucher 5"
  echo "screenshot 03-voucher"
  echo "tap voucher.done"
  echo "wait_screen attract 5"
  check_in 7456
  echo "tap welcome.voucher"
  echo "wait_screen voucher 5"
  echo "screenshot 04-voucher-other-sponsor"
  echo "quit"
} >"$work/booth-1280.script"
run_kiosk 1280x720 "$booth_config" "$booth_db" "$work/booth-1280.script" "$work/booth-1280x720.log"

# Exactly one voucher per runner, each with its outbox row.
smoothie=$(query "$booth_db" "SELECT id FROM vouchers WHERE bib = '7522' AND offer_id = 'smoothie'")
socks=$(query "$booth_db" "SELECT id FROM vouchers WHERE bib = '7456' AND offer_id = 'socks'")
[ -n "$smoothie" ] || fail "runner 7522 got no smoothie voucher"
[ -n "$socks" ] || fail "runner 7456 got no socks voucher"
[ "$(query "$booth_db" "SELECT count(*) FROM vouchers")" -eq 2 ] || fail "the booth issued other vouchers than two"
[ "$(query "$booth_db" "SELECT count(*) FROM outbox WHERE kind = 'voucher'")" -eq 2 ] ||
  fail "the booth's vouchers lack their outbox rows"
smoothie_code=$(query "$booth_db" "SELECT code FROM vouchers WHERE id = '$smoothie'")

# Codes that did not come from the booth's screens: junk text behind the voucher prefix, and
# the smoothie voucher with one Base45 digit of its signature changed by one, which still
# parses as a voucher.
"$gen" bib "$work/junk.png" "CNV1:THIS-IS-NOT-A-VOUCHER" >/dev/null
alphabet='0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
at=$((${#smoothie_code} - 3))
digit=${smoothie_code:at:1}
before=${alphabet%%"$digit"*}
index=${#before}
if [ "$index" -eq 0 ]; then changed=${alphabet:1:1}; else changed=${alphabet:index-1:1}; fi
forged_code=${smoothie_code:0:at}$changed${smoothie_code:at+1}
[ "$forged_code" != "$smoothie_code" ] || fail "the forged code equals the real one"
"$gen" bib "$work/forged.png" "$forged_code" >/dev/null
# The race bibs of the runner who earned the smoothie voucher and of another runner.
"$gen" bib "$work/bib-runner.png" "7522" --bib 7522 >/dev/null
"$gen" bib "$work/bib-other.png" "7456" --bib 7456 >/dev/null

# sponsor_config UNIT CAMERA_DIR: a sponsor unit of the juice stall. Each camera image stays
# 2.5 s, longer than the 1.5 s hold-off, so a code seen again after an image without one counts.
sponsor_config() {
  cat <<TOML
[unit]
id = "$1"
role = "sponsor"
[camera]
kind = "folder"
source = "$2"
folder_frame_ms = 2500
hold_off_ms = 1500
[display]
renderer = "software"
[vouchers]
sponsor = "juice"
$public_keys
TOML
  offers
}

sponsor_script() {
  cat <<'SCRIPT'
wait_screen redeem 5
wait_camera 5
wait_preview 5
screenshot 10-redeem-waiting
wait_redeem valid 10
screenshot 11-redeem-valid
wait_bib_check same_runner 10
screenshot 16-bib-same-runner
wait_redeem already_used 10
screenshot 12-redeem-already-used
wait_redeem not_for_this_sponsor 10
screenshot 13-redeem-not-for-this-sponsor
wait_redeem unknown_or_forged 10
screenshot 14-redeem-junk
wait_redeem unknown_or_forged 10
screenshot 15-redeem-forged
quit
SCRIPT
}

# The second round: the smoothie voucher, then another runner's bib.
friend_script() {
  cat <<'SCRIPT'
wait_screen redeem 5
wait_camera 5
wait_redeem valid 10
wait_bib_check different_runner 10
screenshot 17-bib-different-runner
quit
SCRIPT
}

# Two sponsor units, each shown the voucher screens at its own size. The camera folder has
# the voucher on the kiosk screen, the runner's bib, an image with no code, and the same
# voucher as a phone photo 10 to 12.5 cm from the camera. Then come the socks voucher, the
# junk code and the forged voucher. Images without a code close the folder, so it does not
# start over before the script quits.
for size in 800x480 1280x720; do
  unit=juice-$size
  camera=$work/camera-$size
  mkdir -p "$camera"
  cp "$shots/01-attract-$size.png" "$camera/00-no-code.png"
  cp "$shots/03-voucher-$size.png" "$camera/01-voucher.png"
  cp "$work/bib-runner.png" "$camera/02-runner-bib.png"
  cp "$shots/01-attract-$size.png" "$camera/03-no-code.png"
  "$gen" photos "$work/photos-$size" --screen "$shots/03-voucher-$size.png" --per-class 12 >/dev/null
  cp "$work/photos-$size/nominal_000.png" "$camera/04-voucher-phone.png"
  cp "$shots/04-voucher-other-sponsor-$size.png" "$camera/05-other-sponsor.png"
  cp "$work/junk.png" "$camera/06-junk.png"
  cp "$work/forged.png" "$camera/07-forged.png"
  for index in 08 09 10; do cp "$shots/01-attract-$size.png" "$camera/$index-no-code.png"; done
  [ "$("$chillnode" scan "$camera/00-no-code.png" | cut -f2)" = "-" ] || fail "the attract screen shows a code"

  sponsor_config "$unit" "$camera" >"$work/sponsor-$size.toml"
  sponsor_script >"$work/sponsor.script"
  db=$work/sponsor-$size.db
  run_kiosk "$size" "$work/sponsor-$size.toml" "$db" "$work/sponsor.script" "$work/sponsor-$size.log"

  # One attempt stored per scan of a parsable voucher, each with its outbox row. The junk
  # code is no voucher at all, so it stores nothing.
  for result in valid already_used; do
    [ "$(query "$db" "SELECT count(*) FROM redemptions r JOIN outbox o ON o.event_id = r.id AND o.kind = 'redemption'
      WHERE r.voucher_id = '$smoothie' AND r.result = '$result'")" -eq 1 ] ||
      fail "$unit: expected one '$result' redemption of the smoothie voucher with its outbox row"
  done
  [ "$(query "$db" "SELECT count(*) FROM redemptions WHERE voucher_id = '$socks' AND result = 'wrong_sponsor'")" -eq 1 ] ||
    fail "$unit: the socks voucher was not stored as wrong_sponsor"
  [ "$(query "$db" "SELECT count(*) FROM redemptions WHERE voucher_id = '$smoothie' AND result = 'forged'")" -eq 1 ] ||
    fail "$unit: the forged voucher was not stored as forged"
  [ "$(query "$db" "SELECT count(*) FROM redemptions")" -eq 4 ] || fail "$unit: expected 4 stored redemption attempts"
  [ "$(query "$db" "SELECT count(*) FROM outbox WHERE kind = 'redemption'")" -eq 4 ] ||
    fail "$unit: expected 4 redemption outbox rows"
  [ "$(query "$db" "SELECT count(*) FROM outbox WHERE kind = 'redemption' AND body LIKE '%\"unit_id\":\"$unit\"%'")" -eq 4 ] ||
    fail "$unit: redemption outbox rows do not name the unit"
  # The runner's own bib matched the valid redemption, stored with its outbox row.
  [ "$(query "$db" "SELECT count(*) FROM bib_checks b JOIN redemptions r ON r.id = b.redemption_id
    JOIN outbox o ON o.event_id = b.id AND o.kind = 'bib_check'
    WHERE r.voucher_id = '$smoothie' AND r.result = 'valid' AND b.matched = 1")" -eq 1 ] ||
    fail "$unit: expected one matched bib check of the valid redemption with its outbox row"
  [ "$(query "$db" "SELECT count(*) FROM bib_checks")" -eq 1 ] || fail "$unit: expected exactly one bib check"

  # Second round, on a fresh database: the voucher with another runner's bib.
  friend_camera=$work/friend-camera-$size
  mkdir -p "$friend_camera"
  cp "$shots/01-attract-$size.png" "$friend_camera/00-no-code.png"
  cp "$shots/03-voucher-$size.png" "$friend_camera/01-voucher.png"
  cp "$work/bib-other.png" "$friend_camera/02-other-bib.png"
  for index in 03 04 05; do cp "$shots/01-attract-$size.png" "$friend_camera/$index-no-code.png"; done
  sponsor_config "$unit-friend" "$friend_camera" >"$work/friend-$size.toml"
  friend_script >"$work/friend.script"
  friend_db=$work/friend-$size.db
  run_kiosk "$size" "$work/friend-$size.toml" "$friend_db" "$work/friend.script" "$work/friend-$size.log"
  [ "$(query "$friend_db" "SELECT count(*) FROM bib_checks b JOIN outbox o ON o.event_id = b.id AND o.kind = 'bib_check'
    WHERE b.matched = 0")" -eq 1 ] || fail "$unit-friend: expected one bib check that did not match"
  # Neither bib is stored or logged at a sponsor unit.
  for bib in 7522 7456; do
    for sponsor_db in "$db" "$friend_db"; do
      [ "$(query "$sponsor_db" "SELECT count(*) FROM outbox WHERE body LIKE '%$bib%'")" -eq 0 ] ||
        fail "$unit: bib $bib is in the outbox of $sponsor_db"
    done
    if grep -qw "$bib" "$work/sponsor-$size.log" "$work/friend-$size.log"; then fail "$unit: bib $bib is in a log"; fi
  done
done

# Both units, offline from each other, accepted the smoothie voucher once each. The double
# use is in both databases and in both outboxes, for HQ to flag once the rows sync.
for size in 800x480 1280x720; do
  db=$work/sponsor-$size.db
  [ "$(query "$db" "SELECT unit_id FROM redemptions WHERE voucher_id = '$smoothie' AND result = 'valid'")" = "juice-$size" ] ||
    fail "juice-$size: the valid redemption does not name its unit"
  [ "$(query "$db" "SELECT count(*) FROM outbox WHERE kind = 'redemption' AND body LIKE '%\"voucher_id\":\"$smoothie\"%'
    AND body LIKE '%\"result\":\"valid\"%'")" -eq 1 ] || fail "juice-$size: no outbox row for the valid redemption"
done
"$chillnode" --config "$booth_config" --db "$booth_db" report vouchers "$work/sponsor-800x480.db" \
  "$work/sponsor-1280x720.db" >"$work/report.txt" || fail "report vouchers over the three databases failed"
grep -q "^smoothie " "$work/report.txt" || fail "the report lacks the smoothie offer"
cat "$work/report.txt"

if grep -h " error \[" "$work"/*.log; then
  fail "a kiosk logged errors (lines above)"
fi
if grep -h "does not fit" "$work"/*.log; then
  fail "button labels are clipped (lines above)"
fi
count=$(find "$shots" -name '*.png' | wc -l)
[ "$count" -eq 24 ] || fail "expected 24 screenshots in $shots, found $count"
echo "e2e vouchers: passed; $count screenshots in $shots"
