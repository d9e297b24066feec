# Sourced by scripts/test and scripts/sanitize. start_xvfb starts a private Xvfb display
# when no display is set, exports DISPLAY and stops the server when the script exits.

xvfb_pid=
stop_xvfb() {
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
}

start_xvfb() {
  [ -z "${DISPLAY:-}" ] || return 0
  # Pick a display number that no server uses, then wait until the server accepts clients.
  local display=99
  while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do
    display=$((display + 1))
  done
  Xvfb ":$display" -screen 0 1920x1280x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap stop_xvfb EXIT
  export DISPLAY=":$display"
  for _ in $(seq 50); do
    [ -e "/tmp/.X11-unix/X$display" ] && break
    sleep 0.1
  done
}
