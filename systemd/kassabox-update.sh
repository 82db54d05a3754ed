#!/bin/bash
# kassabox-update: the root half of an update (docs/updates.md). Started by kassabox-update.path when
# the service (an unprivileged user) has staged a bundle or a rollback request in updates/incoming.
# It trusts nothing the service wrote: it copies the bundle to a root-owned directory and checks the
# signature, the tarball's sha256, the arch, the version and the database schema again. Then it backs the
# database up (for a person; it is never restored automatically: that would lose payments taken since),
# unpacks the release, switches the `current`/`previous` links, restarts kassabox.service and waits for
# READY; when the new release does not come up it switches back, as long as the old one can still read
# the database. The result goes to updates/status, which GET /api/v1/update shows.
#
# Needs: bash, coreutils, GNU tar, gzip, util-linux (flock), openssl (Ed25519 verify), sqlite3 (backup,
# schema version). Every path can be moved by an environment variable, so the tests run it on a temp tree.
set -euo pipefail
umask 022

RELEASES_DIR=${KASSABOX_RELEASES_DIR:-/var/lib/kassabox-releases}
DATA_DIR=${KASSABOX_DATA_DIR:-/var/lib/kassabox}
KEYS_DIR=${KASSABOX_UPDATE_KEYS_DIR:-/etc/kassabox/update-keys}
SYSTEMCTL=${KASSABOX_SYSTEMCTL:-systemctl}
SERVICE=${KASSABOX_SERVICE:-kassabox.service}
# The stop (TimeoutStopSec=90s) plus the start (TimeoutStartSec=5min) of kassabox.service.
READY_TIMEOUT=${KASSABOX_UPDATE_READY_TIMEOUT:-420}
# A release that crashes right after READY is not healthy either: it must still be active after this.
SETTLE_SECONDS=${KASSABOX_UPDATE_SETTLE_SECONDS:-15}
KEEP_BACKUPS=${KASSABOX_UPDATE_KEEP_BACKUPS:-5}

DB=$DATA_DIR/kassabox.sqlite
UPDATES=$DATA_DIR/updates
INCOMING=$UPDATES/incoming
STATUS=$UPDATES/status
# Root-owned: a directory the service can write to could redirect root's writes (a symlink).
BACKUP_DIR=$RELEASES_DIR/backups
VERSION_PATTERN='^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$'

log() { printf 'kassabox-update: %s\n' "$*" >&2; }
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

box_arch() {
  if [ -n "${KASSABOX_ARCH:-}" ]; then
    echo "$KASSABOX_ARCH"
    return
  fi
  case "$(uname -m)" in
    aarch64 | arm64) echo arm64 ;;
    x86_64 | amd64) echo x64 ;;
    *) uname -m ;;
  esac
}

# status STATE ACTION VERSION FROM MESSAGE [BACKUP]: replaces updates/status by rename (the service's
# user owns the directory: writing through a name it could have made a symlink would be unsafe).
STARTED_AT=$(now)
status() {
  local state=$1 action=$2 version=$3 from=$4 message=$5 backup=${6:-}
  mkdir -p "$UPDATES"
  local temp
  temp=$(mktemp "$UPDATES/.status.XXXXXX")
  {
    echo "state=$state"
    echo "action=$action"
    echo "version=$version"
    echo "from_version=$from"
    echo "message=$(printf '%s' "$message" | tr '\n' ' ')"
    [ -n "$backup" ] && echo "backup=$backup"
    echo "started_at=$STARTED_AT"
    echo "finished_at=$(now)"
  } >"$temp"
  chmod 0644 "$temp"
  mv -f "$temp" "$STATUS"
  log "$state ($action $version): $message"
  # Remembered for the exit trap: a run that dies midway must not leave "installing" for ever.
  LAST_STATE=$state LAST_ACTION=$action LAST_VERSION=$version LAST_FROM=$from
}
LAST_STATE=""

# sqlite3 as root may create the -wal/-shm files; give them back to the database's owner.
sql() {
  local rc=0
  sqlite3 -cmd '.timeout 10000' "$@" || rc=$?
  if [ "$(id -u)" = 0 ] && [ -f "$DB" ]; then
    chown --reference="$DB" -- "$DB-wal" "$DB-shm" 2>/dev/null || true
  fi
  return "$rc"
}

db_schema() {
  if [ -f "$DB" ]; then sql "$DB" 'PRAGMA user_version;'; else echo 0; fi
}

link_version() {
  local target
  target=$(readlink "$RELEASES_DIR/$1" 2>/dev/null) || return 0
  basename "$target"
}

release_schema() {
  local file=$RELEASES_DIR/$1/SCHEMA_VERSION
  if [ -f "$file" ]; then tr -dc '0-9' <"$file"; fi
}

# point NAME VERSION: NAME -> VERSION, replaced atomically (rename); an empty VERSION removes NAME.
point() {
  local name=$1 version=$2
  if [ -z "$version" ]; then
    rm -f -- "${RELEASES_DIR:?}/$name"
    return
  fi
  ln -sfn -- "$version" "$RELEASES_DIR/.$name.new"
  mv -Tf -- "$RELEASES_DIR/.$name.new" "$RELEASES_DIR/$name"
}

switch_to() {
  point previous "$2"
  point current "$1"
  sync
}

# Restart and wait until the unit is active (Type=notify: READY) and still active after a while.
restart_and_wait() {
  # A release that failed used up StartLimitBurst: without this the next restart would be refused.
  "$SYSTEMCTL" reset-failed "$SERVICE" 2>/dev/null || true
  if ! timeout "$READY_TIMEOUT" "$SYSTEMCTL" restart "$SERVICE"; then
    return 1
  fi
  sleep "$SETTLE_SECONDS"
  "$SYSTEMCTL" is-active --quiet "$SERVICE"
}

service_active() { "$SYSTEMCTL" is-active --quiet "$SERVICE"; }

# The running release has migrated the database to its newest schema, so the database's version is
# what it reads: recorded for a release the installer did not unpack itself (the image's first one).
remember_schema_of_running() {
  local version=$1
  [ -n "$version" ] && [ -d "$RELEASES_DIR/$version" ] || return 0
  [ -f "$RELEASES_DIR/$version/SCHEMA_VERSION" ] && return 0
  [ -f "$DB" ] || return 0
  if service_active; then db_schema >"$RELEASES_DIR/$version/SCHEMA_VERSION"; fi
}

backup_database() {
  local label=$1
  [ -f "$DB" ] || return 0
  mkdir -p "$BACKUP_DIR"
  chmod 0700 "$BACKUP_DIR"
  local file
  # The time first: the names sort by age.
  file="$BACKUP_DIR/kassabox-$(date -u +%Y%m%dT%H%M%SZ)-$label.sqlite"
  # The online backup API: a consistent copy while the service keeps writing.
  sql "$DB" ".backup '$file'" >&2
  if [ "$(sql "$file" 'PRAGMA quick_check;')" != ok ]; then
    rm -f -- "$file"
    return 1
  fi
  # Keep the newest few; the SD card is small.
  local backups=("$BACKUP_DIR"/kassabox-*.sqlite) i
  for ((i = 0; i < ${#backups[@]} - KEEP_BACKUPS; i++)); do rm -f -- "${backups[i]}"; done
  echo "$file"
}

# Only current, previous and the one being installed stay.
prune_releases() {
  local keep_current keep_previous entry name
  keep_current=$(link_version current)
  keep_previous=$(link_version previous)
  for entry in "$RELEASES_DIR"/*/; do
    name=$(basename "$entry")
    [ -L "$RELEASES_DIR/$name" ] && continue # current, previous
    case "$name" in "$keep_current" | "$keep_previous" | backups) continue ;; esac
    [[ $name =~ $VERSION_PATTERN ]] || continue
    rm -rf -- "${RELEASES_DIR:?}/$name"
  done
}

# ---- install ---------------------------------------------------------------------------------------

REFUSAL=""
refuse() {
  REFUSAL=$1
  return 1
}

field() { sed -n "s/^$1=//p" "$WORK/b/manifest" | head -n 1; }

# Checks the copy in $WORK/bundle and unpacks its members into $WORK/b; sets M_* from the manifest.
verify_bundle() {
  local names types key_id key_file k id sha
  names=$(tar -tf "$WORK/bundle" 2>/dev/null) || refuse "the file is not a complete tar archive (cut off?)" || return 1
  [ "$names" = $'manifest\nmanifest.sig\nrelease.tar.gz' ] ||
    refuse "the bundle holds $(echo "$names" | tr '\n' ' '); expected manifest, manifest.sig, release.tar.gz" || return 1
  types=$(tar -tvf "$WORK/bundle" | cut -c1 | tr -d '\n')
  [ "$types" = "---" ] || refuse "a member of the bundle is not a regular file" || return 1
  mkdir "$WORK/b"
  tar -xf "$WORK/bundle" -C "$WORK/b" --no-same-owner --no-same-permissions manifest manifest.sig release.tar.gz ||
    refuse "the bundle could not be unpacked" || return 1
  [ "$(field kassabox_update)" = 1 ] || refuse "the manifest format is not 1" || return 1
  key_id=$(field key_id)
  key_file=""
  for k in "$KEYS_DIR"/*.pub; do
    [ -f "$k" ] || continue
    id=$(openssl pkey -pubin -in "$k" -outform DER 2>/dev/null | sha256sum | cut -c1-16) || continue
    if [ "$id" = "$key_id" ]; then
      key_file=$k
      break
    fi
  done
  [ -n "$key_file" ] || refuse "the bundle is signed by key $key_id, which is not in $KEYS_DIR" || return 1
  openssl pkeyutl -verify -pubin -inkey "$key_file" -rawin -in "$WORK/b/manifest" \
    -sigfile "$WORK/b/manifest.sig" >/dev/null 2>&1 ||
    refuse "the manifest's signature does not verify with key $key_id" || return 1
  # From here the manifest is the signer's word.
  M_VERSION=$(field version)
  M_ARCH=$(field arch)
  M_SCHEMA=$(field schema_version)
  [[ $M_VERSION =~ $VERSION_PATTERN ]] || refuse "the version '$M_VERSION' is not valid" || return 1
  [[ $M_SCHEMA =~ ^[0-9]+$ ]] || refuse "the schema version '$M_SCHEMA' is not a number" || return 1
  sha=$(sha256sum "$WORK/b/release.tar.gz" | cut -d' ' -f1)
  [ "$sha" = "$(field release_sha256)" ] ||
    refuse "the release tarball's sha256 is $sha, the signed manifest says $(field release_sha256)" || return 1
  [ "$M_ARCH" = "$(box_arch)" ] || refuse "the bundle is for $M_ARCH, this box is $(box_arch)" || return 1
  [ "$M_VERSION" != "$(link_version current)" ] || refuse "version $M_VERSION is the current release already" || return 1
  local schema
  schema=$(db_schema)
  [ "$M_SCHEMA" -ge "$schema" ] ||
    refuse "version $M_VERSION reads databases up to schema $M_SCHEMA, the database is at schema $schema" || return 1
}

install_bundle() {
  local bundle=$1 old old_previous backup target dir
  old=$(link_version current)
  old_previous=$(link_version previous)
  cp -- "$bundle" "$WORK/bundle"
  rm -f -- "$bundle"
  status installing install "$(basename "$bundle" .kbupdate)" "$old" "checking the bundle"
  if ! verify_bundle; then
    status refused install "$(basename "$bundle" .kbupdate)" "$old" "The bundle was refused: $REFUSAL."
    return 0
  fi
  # Unpack before anything changes; a broken tarball stops here.
  mkdir "$WORK/r"
  if ! tar -xzf "$WORK/b/release.tar.gz" -C "$WORK/r" --no-same-owner; then
    status refused install "$M_VERSION" "$old" "The release tarball could not be unpacked."
    return 0
  fi
  dir="$WORK/r/kassabox-$M_VERSION-linux-$M_ARCH"
  if [ ! -x "$dir/kassabox" ] || [ "$(tr -d '[:space:]' <"$dir/VERSION")" != "$M_VERSION" ]; then
    status refused install "$M_VERSION" "$old" "The release tarball does not hold kassabox-$M_VERSION-linux-$M_ARCH/kassabox and its VERSION."
    return 0
  fi
  echo "$M_SCHEMA" >"$dir/SCHEMA_VERSION"
  cp -- "$WORK/b/manifest" "$dir/MANIFEST"
  chmod -R go-w "$dir"

  remember_schema_of_running "$old"
  if ! backup=$(backup_database "${old:-none}-before-$M_VERSION"); then
    status failed install "$M_VERSION" "$old" "The database backup failed; nothing was changed."
    return 0
  fi
  target="$RELEASES_DIR/$M_VERSION"
  rm -rf -- "$target"
  mv -T -- "$dir" "$target"
  sync

  status installing install "$M_VERSION" "$old" "switching to $M_VERSION and restarting" "$backup"
  switch_to "$M_VERSION" "$old"
  if restart_and_wait; then
    prune_releases
    status installed install "$M_VERSION" "$old" "Version $M_VERSION runs (was ${old:-none})." "$backup"
    return 0
  fi

  local now_schema old_schema
  now_schema=$(db_schema)
  old_schema=$(release_schema "$old")
  if [ -z "$old" ] || [ -z "$old_schema" ] || [ "$now_schema" -gt "$old_schema" ]; then
    # Starting the old one would only fail too (DatabaseTooNewError): keep trying the new one.
    status failed install "$M_VERSION" "$old" \
      "Version $M_VERSION did not become ready, and ${old:-the old release} cannot read the database (schema $now_schema, it reads up to ${old_schema:-unknown}), so it was not switched back. See docs/updates.md, When an update fails." "$backup"
    return 0
  fi
  switch_to "$old" "$old_previous"
  if restart_and_wait; then
    status rolled_back install "$M_VERSION" "$old" \
      "Version $M_VERSION did not become ready within ${READY_TIMEOUT}s; switched back to $old, which runs. The database was kept." "$backup"
  else
    status failed install "$M_VERSION" "$old" \
      "Version $M_VERSION did not become ready, and after switching back $old did not either. See docs/updates.md, When an update fails." "$backup"
  fi
}

# ---- rollback by hand ------------------------------------------------------------------------------

rollback() {
  local request=$1 current previous previous_schema schema
  rm -f -- "$request"
  current=$(link_version current)
  previous=$(link_version previous)
  if [ -z "$previous" ] || [ ! -x "$RELEASES_DIR/$previous/kassabox" ]; then
    status refused rollback "${previous:-none}" "$current" "There is no previous release to roll back to."
    return 0
  fi
  previous_schema=$(release_schema "$previous")
  schema=$(db_schema)
  if [ -z "$previous_schema" ] || [ "$previous_schema" -lt "$schema" ]; then
    status refused rollback "$previous" "$current" \
      "Version $previous reads databases up to schema ${previous_schema:-unknown}; the database is at schema $schema."
    return 0
  fi
  status rolling_back rollback "$previous" "$current" "switching back to $previous"
  switch_to "$previous" "$current"
  if restart_and_wait; then
    status rolled_back rollback "$previous" "$current" "Version $previous runs again (was $current). The database was kept."
    return 0
  fi
  switch_to "$current" "$previous"
  if restart_and_wait; then
    status failed rollback "$previous" "$current" "Version $previous did not become ready; $current runs again."
  else
    status failed rollback "$previous" "$current" "Neither $previous nor $current became ready. See docs/updates.md, When an update fails."
  fi
}

# ---- main ------------------------------------------------------------------------------------------

mkdir -p "$RELEASES_DIR"
exec 9>"$RELEASES_DIR/.lock"
if ! flock -n 9; then
  log "another installer runs; it will see the new work"
  exit 0
fi

WORK=""
cleanup() { if [ -n "$WORK" ]; then rm -rf -- "$WORK"; fi; }
on_exit() {
  local rc=$?
  cleanup
  if [ "$LAST_STATE" = installing ] || [ "$LAST_STATE" = rolling_back ]; then
    status failed "$LAST_ACTION" "$LAST_VERSION" "$LAST_FROM" \
      "The installer stopped unexpectedly (exit $rc); current is $(link_version current). See the journal: journalctl -u kassabox-update."
  fi
}
trap on_exit EXIT

# Until incoming is empty: kassabox-update.path (DirectoryNotEmpty=) would start us again otherwise.
while [ -d "$INCOMING" ] && [ -n "$(find "$INCOMING" -mindepth 1 -maxdepth 1 -print -quit)" ]; do
  cleanup
  WORK=$(mktemp -d "$RELEASES_DIR/.work.XXXXXX")
  bundle=""
  for candidate in "$INCOMING"/*.kbupdate; do
    if [ -f "$candidate" ] && [ ! -L "$candidate" ]; then
      bundle=$candidate
      break
    fi
  done
  if [ -n "$bundle" ]; then
    install_bundle "$bundle"
  elif [ -f "$INCOMING/rollback.request" ] && [ ! -L "$INCOMING/rollback.request" ]; then
    rollback "$INCOMING/rollback.request"
  else
    # Anything else (a symlink, a stray file) is not ours to act on.
    log "removing unexpected entries from $INCOMING: $(find "$INCOMING" -mindepth 1 -maxdepth 1 -printf '%f ')"
    find "$INCOMING" -mindepth 1 -maxdepth 1 -exec rm -rf -- {} +
  fi
done
