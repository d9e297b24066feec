#!/usr/bin/env bash
# End-to-end log privacy test. Runs a small race day on the real kiosk with trace logging
# (every debug line too): a bib scanned from the camera, a bib typed on the keypad, intake
# answers (one blocking), a soreness score with consent to share, a plunge session, a voucher,
# its redemption on a sponsor unit, and a sync attempt with a password in the HQ url. Then it
# searches every log file (the kiosks' stderr and the sync's) for the runners' names,
# e-mails and teams, the QR payload text, the voucher code, the intake and survey answers
# and the HQ password. Bibs may appear: they are the ids that logs carry.
#   run_log_privacy.sh CHILLNODE CHILLNODE_GEN SOURCE_DIR BUILD_DIR
set -euo pipefail
chillnode=$1
gen=$2
source_dir=$3
build_dir=$4

work=$(mktemp -d "${TMPDIR:-/tmp}/chillnode-logs-XXXXXX")
trap 'rm -rf "$work"' EXIT
shots=$build_dir/screenshots/log-privacy
rm -rf "$shots"
mkdir -p "$shots"

fail() {
  echo "e2e log privacy: FAILED: $*" >&2
  exit 1
}
query() {
  sqlite3 -batch -noheader "$1" "$2"
}
[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run through scripts/test, which starts Xvfb"
export SDL_AUDIODRIVER=dummy
export CHILLNODE_LOG_LEVEL=trace

# run_kiosk CONFIG DB SCRIPT LOG: one scripted kiosk run at 800x480 that must exit with 0.
run_kiosk() {
  if ! timeout 120 "$chillnode" --config "$1" --db "$2" --window 800x480 --autotest "$3" \
      --screenshots "$shots" >"$4" 2>&1; then
    cat "$4" >&2
    fail "kiosk exited with an error running $3"
  fi
}

# The scanned runner's bib sits in a URL with a token, so the payload text differs from the bib.
scanned_bib=7522
typed_bib=7456
payload="https://results.example/runner/$scanned_bib?token=PLANTED-PAYLOAD-4417"
hq_password=PLANTED-HQ-PASSWORD-2290
camera=$work/camera
mkdir -p "$camera"
"$gen" bib "$camera/01-bib.png" "$payload" >/dev/null
"$chillnode" keys generate --id booth-a --out "$work/booth.key" >"$work/keys.txt"
public_keys=$(sed -n '/^\[\[vouchers.public_keys\]\]/,$p' "$work/keys.txt")

offers() {
  cat <<'TOML'
[[offers]]
id = "smoothie"
sponsor = "juice"
sponsor_name = "Fresh Juice Co."
title = "Free recovery smoothie"
terms = "One per runner."
valid_until = 2099-12-31T18:00:00Z
stations = ["plunge"]
stock = 10
TOML
}

# The camera shows the bib once, then grey images without a code until the script ends.
python3 - "$camera" <<'PYTHON'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
rows = b"".join(b"\x00" + b"\x80" * 320 for _ in range(240))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 320, 240, 8, 0, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
for index in range(2, 60):
    open(f"{sys.argv[1]}/{index:02d}-blank.png", "wb").write(png)
PYTHON
booth_config=$work/booth.toml
{
  cat <<TOML
[unit]
id = "e2e-booth"
[camera]
kind = "folder"
source = "$camera"
loop = false
folder_frame_ms = 1500
[display]
renderer = "software"
idle_timeout_s = 60
[vouchers]
signing_key = "$work/booth.key"
[hq]
url = "postgresql://e2e-booth:$hq_password@127.0.0.1:1/race"
sslmode = "disable"
[[stations]]
id = "plunge"
bays = 1
default_s = 4
max_s = 20
TOML
  offers
} >"$booth_config"
chmod 600 "$booth_config"

# answers N ANSWER: N taps on intake.ANSWER.
answers() {
  for _ in $(seq "$1"); do printf 'tap intake.%s\n' "$2"; done
}

booth_db=$work/booth.db
"$chillnode" --db "$booth_db" roster import "$source_dir/assets/demo/roster.csv" >/dev/null
{
  # Check-in by camera from the attract screen, then a plunge session with a survey score.
  echo "wait_camera 5"
  echo "wait_screen welcome 20"
  echo "wait_text 5 Noémie"
  echo "tap welcome.choose"
  echo "wait_screen choose 5"
  echo "tap choose.plunge"
  echo "wait_screen intake 5"
  echo "tap intake.agree"
  answers 7 no
  echo "wait_screen called 5"
  echo "tap survey.6"
  echo "tap survey.share_yes"
  echo "tap called.start"
  echo "wait_screen running 5"
  echo "wait_screen over 15"
  echo "tap over.voucher"
  echo "wait_screen voucher 5"
  echo "screenshot 01-voucher"
  echo "tap voucher.done"
  echo "wait_screen attract 5"
  # Check-in by keypad, and an intake answer of "yes" that blocks the session.
  echo "tap attract.keypad"
  echo "wait_screen keypad 5"
  echo "type $typed_bib"
  echo "tap keypad.ok"
  echo "wait_screen welcome 5"
  echo "wait_text 5 Aiko"
  echo "tap welcome.choose"
  echo "wait_screen choose 5"
  echo "tap choose.plunge"
  echo "wait_screen intake 5"
  echo "tap intake.agree"
  answers 1 yes
  answers 6 no
  echo "wait_screen blocked 5"
  echo "tap blocked.done"
  echo "wait_screen attract 5"
  echo "quit"
} >"$work/booth.script"
run_kiosk "$booth_config" "$booth_db" "$work/booth.script" "$work/booth.log"

# The records exist, so the search below looks for values that the kiosk really handled.
[ "$(query "$booth_db" "SELECT count(*) FROM checkins WHERE bib = '$scanned_bib' AND method = 'scan'")" -eq 1 ] ||
  fail "the scanned bib was not checked in"
[ "$(query "$booth_db" "SELECT count(*) FROM checkins WHERE bib = '$typed_bib' AND method = 'keypad'")" -eq 1 ] ||
  fail "the typed bib was not checked in"
[ "$(query "$booth_db" "SELECT count(*) FROM intake_answers WHERE decision = 'blocked'")" -eq 1 ] ||
  fail "no blocked intake answers were stored"
[ "$(query "$booth_db" "SELECT count(*) FROM surveys WHERE bib = '$scanned_bib'")" -eq 1 ] || fail "no survey was stored"
voucher_code=$(query "$booth_db" "SELECT code FROM vouchers WHERE bib = '$scanned_bib'")
[ -n "$voucher_code" ] || fail "no voucher was issued"

# A sponsor unit redeems the voucher from a photo of the booth's screen.
sponsor_camera=$work/sponsor-camera
mkdir -p "$sponsor_camera"
cp "$shots/01-voucher-800x480.png" "$sponsor_camera/01-voucher.png"
{
  cat <<TOML
[unit]
id = "juice-1"
role = "sponsor"
[camera]
kind = "folder"
source = "$sponsor_camera"
loop = false
[display]
renderer = "software"
[vouchers]
sponsor = "juice"
$public_keys
TOML
  offers
} >"$work/sponsor.toml"
printf 'wait_screen redeem 5\nwait_camera 5\nwait_redeem valid 15\nquit\n' >"$work/sponsor.script"
run_kiosk "$work/sponsor.toml" "$work/sponsor.db" "$work/sponsor.script" "$work/sponsor.log"
[ "$(query "$work/sponsor.db" "SELECT count(*) FROM redemptions WHERE result = 'valid'")" -eq 1 ] ||
  fail "the sponsor unit stored no valid redemption"

# HQ is unreachable on port 1, so the sync logs its failure with the url.
if "$chillnode" --config "$booth_config" --db "$booth_db" sync --once >"$work/sync.log" 2>&1; then
  fail "sync --once to a closed port succeeded"
fi
grep -q "127.0.0.1" "$work/sync.log" || fail "the sync log does not show the failed HQ address"

# Everything personal the runs handled. Names come from the demo roster, answers and the
# voucher code from the databases.
secrets=$work/secrets.txt
for bib in "$scanned_bib" "$typed_bib"; do
  line=$(grep "^$bib," "$source_dir/assets/demo/roster.csv")
  IFS=, read -r _ first last _ _ email _ <<<"$line"
  printf '%s\n%s\n%s\n' "$first" "$last" "$email" >>"$secrets"
done
{
  echo "Run, Forrest, Run"
  echo "Club Atlético"
  echo "$payload"
  echo "PLANTED-PAYLOAD-4417"
  echo "$hq_password"
  echo "$voucher_code"
  echo "${voucher_code:5:24}"
  query "$booth_db" "SELECT answers FROM intake_answers"
  query "$booth_db" "SELECT answers FROM surveys"
} >>"$secrets"
[ "$(wc -l <"$secrets")" -ge 15 ] || fail "the list of personal values is incomplete"

leaks=0
for log in "$work/booth.log" "$work/sponsor.log" "$work/sync.log"; do
  [ -s "$log" ] || fail "$log is empty, so trace logging did not work"
  while IFS= read -r secret; do
    [ -n "$secret" ] || continue
    if grep -F -q -- "$secret" "$log"; then
      echo "e2e log privacy: $(basename "$log") contains \"$secret\":" >&2
      grep -F -- "$secret" "$log" | head -3 >&2
      leaks=$((leaks + 1))
    fi
  done <"$secrets"
done
[ "$leaks" -eq 0 ] || fail "$leaks personal values found in the logs (lines above)"
grep -q "debug" "$work/booth.log" || fail "the booth log has no debug lines"
echo "e2e log privacy: passed; $(wc -l <"$secrets") values searched in $(cat "$work"/*.log | wc -l) log lines"
