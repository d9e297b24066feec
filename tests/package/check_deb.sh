#!/usr/bin/env bash
# Builds the Debian package from a configured build folder into a temporary folder and checks
# its metadata (dpkg-deb -I) and contents (dpkg-deb -c).
# Usage: check_deb.sh BUILD_DIR
set -euo pipefail
build=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cd "$build"
cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1 || { cat "$out/cpack.log"; exit 1; }
deb=$(ls "$out"/chillnode_*.deb)
failures=0
expect() {
  local what=$1 text=$2 pattern=$3
  if ! grep -qE -- "$pattern" <<<"$text"; then
    echo "FAIL: $what: no line matches /$pattern/"
    failures=$((failures + 1))
  fi
}

# A cross build (packaging/build-arm64) names its architecture in CPack's configuration.
arch=$(sed -n 's/^set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE "\(.*\)")$/\1/p' CPackConfig.cmake)
arch=${arch:-$(dpkg --print-architecture)}
info=$(dpkg-deb -I "$deb")
expect "package name" "$info" '^ Package: chillnode$'
expect "architecture" "$info" "^ Architecture: $arch$"
for dependency in adduser fonts-inter libsdl2-2.0-0 libsdl2-mixer-2.0-0 libsqlite3-0 libsodium23 libsystemd0 \
    libopencv-videoio406 libzxing2; do
  expect "dependency $dependency" "$info" "^ Depends: .*\\b$dependency\\b"
done
expect "postinst script" "$info" ' postinst '

contents=$(dpkg-deb -c "$deb")
for file in ./usr/bin/chillnode ./lib/systemd/system/chillnode.service ./usr/share/chillnode/chillnode.toml \
    ./usr/share/locale/es/LC_MESSAGES/chillnode.mo ./usr/share/chillnode/audio/chime.wav \
    ./usr/share/chillnode/audio/alarm.wav; do
  expect "file $file" "$contents" " $file\$"
done
expect "English vignettes" "$contents" ' ./usr/share/chillnode/audio/en/.*\.wav$'
if grep -q '\.stamp$' <<<"$contents"; then
  echo "FAIL: the audio build stamp is packaged"
  failures=$((failures + 1))
fi

# The unit file as installed: notify type with a watchdog, restarts and the reboot limit.
unit=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./lib/systemd/system/chillnode.service)
for line in '^Type=notify$' '^WatchdogSec=[0-9]+' '^Restart=always$' '^StartLimitAction=reboot$' '^User=chillnode$'; do
  expect "unit line $line" "$unit" "$line"
done

# A stripped binary stays well under the unstripped 40 MB.
size=$(dpkg-deb --fsys-tarfile "$deb" | tar -tvf - ./usr/bin/chillnode | awk '{print $3}')
if [ "$size" -gt 20000000 ]; then
  echo "FAIL: /usr/bin/chillnode is $size bytes; it should be stripped"
  failures=$((failures + 1))
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures checks failed on $(basename "$deb")"
  exit 1
fi
echo "ok: $(basename "$deb"), $(stat -c %s "$deb") bytes"
