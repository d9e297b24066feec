# Starts and stops a private PostgreSQL server for the HQ sync tests and the sync benchmark.
# Source this file, then call pg_start and, at exit, pg_stop. pg_start sets:
#   pg_dir   scratch folder holding the cluster and its log (under /tmp)
#   pg_port  TCP port on 127.0.0.1; the database is "race", its owner "hqadmin" (trusted
#            on loopback, so psql needs no password); unit roles log in with SCRAM passwords
# The tests run the server with fsync off for speed; pg_start with PG_FSYNC=on keeps it on.
# PostgreSQL refuses to run as root. Run as root (as CI does), the server runs as "nobody",
# or as a temporary system user made here when there is no "nobody".

pg_bin=
pg_dir=
pg_port=
pg_user=
pg_made_user=

pg_find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      pg_bin=$dir
      return 0
    fi
  done
  echo "pg_server: no PostgreSQL server found under /usr/lib/postgresql: run scripts/setup" >&2
  return 1
}

# Runs a server command as the unprivileged server user, from the scratch folder, because
# the server user may not be allowed into the caller's working folder.
pg_as_user() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$pg_dir" && setpriv --reuid="$pg_user" --regid="$(id -g "$pg_user")" --clear-groups -- "$@")
  else
    "$@"
  fi
}

pg_ctl_run() {
  pg_as_user "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" "$@"
}

# Usage: pg_start PORT
pg_start() {
  pg_port=$1
  pg_find_bin
  pg_dir=$(mktemp -d /tmp/chillnode-hq.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    pg_user=nobody
    if ! id "$pg_user" >/dev/null 2>&1; then
      pg_user=chillnode-pgtest
      useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user"
      pg_made_user=1
    fi
    chown "$pg_user" "$pg_dir"
  else
    pg_user=$(id -un)
  fi
  pg_as_user "$pg_bin/initdb" -D "$pg_dir/data" -U hqadmin --auth=trust -E UTF8 --locale=C >"$pg_dir/initdb.log" 2>&1 ||
    { cat "$pg_dir/initdb.log" >&2; return 1; }
  pg_as_user tee "$pg_dir/data/pg_hba.conf" >/dev/null <<HBA
local all all trust
host all hqadmin 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
HBA
  pg_as_user tee -a "$pg_dir/data/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_dir'
max_connections = 60
shared_buffers = 32MB
fsync = ${PG_FSYNC:-off}
full_page_writes = ${PG_FSYNC:-off}
password_encryption = scram-sha-256
CONF
  pg_ctl_run -w -t 60 start >/dev/null || { cat "$pg_dir/server.log" >&2; return 1; }
  pg_admin -d postgres -c "CREATE DATABASE race" >/dev/null
}

# psql as the database owner; extra arguments are psql's.
pg_admin() {
  PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p "$pg_port" -U hqadmin -v ON_ERROR_STOP=1 -qAtX "$@"
}

pg_stop() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir/data" ]; then
    pg_ctl_run -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -n "$pg_dir" ]; then rm -rf "$pg_dir"; fi
  if [ -n "$pg_made_user" ]; then userdel "$pg_user" 2>/dev/null || true; fi
  pg_dir=
}
