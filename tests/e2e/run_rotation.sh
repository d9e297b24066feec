#!/usr/bin/env bash
# End-to-end test of a turned panel: runs the real kiosk in a window of the panel's own size
# (800x480) with display.rotation 90, 180 and 270, the last with a touch controller wired
# with swapped and reversed axes. Taps are injected where the touch controller would report
# them, so they pass through the kiosk's touch mapping. Each run checks a runner in on the
# keypad, opens the staff screen with the corner long press and the PIN, and checks the
# database. Saves every screen as the panel shows it (NAME-800x480.png) and upright
# (NAME-800x480-upright.png) in BUILD/screenshots/rotation/ROTATION.
#   run_rotation.sh CHILLNODE CHILLNODE_GEN SOURCE_DIR BUILD_DIR
set -euo pipefail
chillnode=$1
gen=$2
source_dir=$3
build_dir=$4

work=$(mktemp -d "${TMPDIR:-/tmp}/chillnode-rotation-e2e-XXXXXX")
trap 'rm -rf "$work"' EXIT
shots=$build_dir/screenshots/rotation
rm -rf "$shots"

fail() {
  echo "e2e: FAILED: $*" >&2
  exit 1
}

query() {
  sqlite3 -batch -noheader "$1" "$2"
}

# Prints a PNG's WIDTHxHEIGHT from its IHDR chunk.
png_size() {
  od -An -tu1 -j16 -N8 "$1" |
    awk '{printf "%dx%d\n", $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8}'
}

[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run through scripts/test, which starts Xvfb"
export SDL_AUDIODRIVER=dummy

cat >"$work/rotation.script" <<'SCRIPT'
wait_screen attract 5
screenshot 01-attract
tap attract.keypad
wait_screen keypad 3
type 1234
screenshot 02-keypad
tap keypad.ok
wait_screen welcome 5
screenshot 03-welcome
tap welcome.done
wait_screen attract 5
long_press 3.5
wait_screen staff_pin 5
type_pin 2468
screenshot 04-staff-pin
tap pin.ok
wait_screen staff 10
screenshot 05-staff
quit
SCRIPT

# Each run: the rotation, the UI size it lays out, and touch keys for the config
# separated by "|".
runs=(
  "90 480x800 "
  "180 800x480 "
  "270 480x800 touch_swap_xy = true|touch_invert_x = true|touch_invert_y = true"
)
for run in "${runs[@]}"; do
  read -r rotation ui_size touch <<<"$run"
  dir=$shots/$rotation
  mkdir -p "$dir"
  db=$work/kiosk-$rotation.db
  config=$work/rotation-$rotation.toml
  "$chillnode" --db "$db" roster import "$source_dir/assets/demo/roster.csv" >/dev/null
  cat >"$config" <<TOML
[unit]
id = "e2e-rotation"
[camera]
kind = "folder"
source = "$work/no-camera"
[display]
renderer = "software"
rotation = $rotation
${touch//|/$'\n'}
[audio]
quiet = true
TOML
  printf '2468\n2468\n' | "$chillnode" pin set --config "$config" >/dev/null

  log=$work/kiosk-$rotation.log
  if ! timeout 120 "$chillnode" --config "$config" --db "$db" --window 800x480 --autotest "$work/rotation.script" \
      --screenshots "$dir" >"$log" 2>&1; then
    cat "$log" >&2
    fail "rotation $rotation: the kiosk exited with an error running the script"
  fi

  grep -q "display: 800x480 turned $rotation degrees, UI $ui_size" "$log" ||
    fail "rotation $rotation: no log line for an 800x480 panel with a $ui_size UI"
  [ "$(query "$db" "SELECT method FROM checkins WHERE bib = '1234'")" = keypad ] ||
    fail "rotation $rotation: 1234 not checked in by keypad"
  grep -q "staff PIN accepted" "$log" || fail "rotation $rotation: the staff PIN was not accepted"
  if grep "does not fit" "$log"; then
    fail "rotation $rotation: button labels are clipped (lines above)"
  fi

  # The panel must show the upright UI turned back by the rotation: counter-clockwise by as
  # much as the panel is turned clockwise. The upright UI must have its blue top bar at the
  # top, 3 pixels below its top edge.
  ui_width=${ui_size%x*}
  for name in 01-attract 02-keypad 03-welcome 04-staff-pin 05-staff; do
    panel=$dir/$name-800x480.png
    upright=$dir/$name-800x480-upright.png
    [ -s "$panel" ] || fail "rotation $rotation: $panel is missing"
    [ -s "$upright" ] || fail "rotation $rotation: $upright is missing"
    [ "$(png_size "$panel")" = 800x480 ] || fail "rotation $rotation: $panel is $(png_size "$panel"), not 800x480"
    [ "$(png_size "$upright")" = "$ui_size" ] ||
      fail "rotation $rotation: $upright is $(png_size "$upright"), not $ui_size"
    "$gen" same-image "$panel" "$upright" --turn-clockwise $(((360 - rotation) % 360)) >"$work/same.txt" ||
      fail "rotation $rotation: $panel is not $upright turned back by $rotation degrees: $(cat "$work/same.txt")"
  done
  for name in 01-attract 02-keypad 03-welcome; do
    upright=$dir/$name-800x480-upright.png
    top=$("$gen" pixel "$upright" $((ui_width / 2)) 3)
    [ "$top" = "0 84 166" ] || fail "rotation $rotation: $upright has $top at its top centre, not the top bar's blue"
  done
done

count=$(find "$shots" -name '*.png' | wc -l)
echo "e2e: passed; $count screenshots in $shots"
