#!/usr/bin/env bash
# Start and stop a throw-away Podman engine (Debian podman 4.3) for the Instance Console integration tests,
# reached through its Docker-compatible socket (`podman system service`).  It has its own storage root,
# runroot, temporary directory, events log, configuration and socket under BASE, so it never touches a
# system Podman (/var/lib/containers, /run/containers, /run/podman).
#
# Usage:
#   .ci/podman-engine.sh start    start the service (idempotent), load the test image,
#                                 last stdout line: DOCKER_HOST=unix://BASE/podman.sock
#   .ci/podman-engine.sh stop     remove all containers, stop the service, clean up (idempotent)
#   .ci/podman-engine.sh host     print the DOCKER_HOST value (unix://...) only
#   .ci/podman-engine.sh status   exit 0 if the service runs and answers, 3 if not
#   .ci/podman-engine.sh purge    stop, then delete BASE (images, logs, ...)
#
# BASE: ${IC_PODMAN_ROOT:-/tmp/instance-console-podman}:
#   podman.sock, service.pid, service.log, containers.conf, registries.conf, storage/, run/, tmp/, events.log
#
# Tests talk to it with the podman CLI in remote mode (`podman --url unix://BASE/podman.sock ...`), so they see
# exactly what the service sees; see `pm` below.
#
# Why the private containers.conf (measured on Debian 12 without systemd, cgroup v1):
#   cgroup_manager = "cgroupfs"  no systemd to ask for cgroups
#   events_logger = "file"       no journald; the socket's /events stream reads this file
#   default_ulimits              as root Podman asks for 1048576 open files, above the hard limit here,
#                                and every container fails to start
# The test image instanceconsole/busybox:1 is built locally (no registry): static busybox plus applet
# symlinks, CMD ["/bin/sleep","1000000"].  Run test containers with --network none.
#
# Needs root.  Installs podman and busybox-static with apt-get when missing.
set -euo pipefail

readonly IMAGE=instanceconsole/busybox:1
readonly ME=podman-engine

log() { printf '%s: %s\n' "$ME" "$*" >&2; }
die() { printf '%s: ERROR: %s\n' "$ME" "$*" >&2; exit 1; }
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/process-lib.sh"

usage() {
    sed -n '/^# Usage:/,/^# BASE:/p' "$0" | sed -e 's/^# \{0,1\}//' -e '/^BASE:/d' >&2
    exit 2
}

BASE=${IC_PODMAN_ROOT:-/tmp/instance-console-podman}
case $BASE in
    /*) ;;
    *) BASE=$PWD/$BASE ;;
esac
BASE=${BASE%/}
[[ $BASE =~ ^[A-Za-z0-9._/+-]+$ ]] || die "IC_PODMAN_ROOT '$BASE' may only contain letters, digits and ._/+-"
START_TIMEOUT=${IC_PODMAN_START_TIMEOUT:-60}
readonly SOCK=$BASE/podman.sock
readonly HOST=unix://$SOCK
readonly PIDFILE=$BASE/service.pid
readonly LOG=$BASE/service.log
[ ${#SOCK} -le 100 ] || die "IC_PODMAN_ROOT '$BASE' is too long for a unix socket path"

# Every podman call of this script and of the service: the private configuration, never the user's or the system's.
export CONTAINERS_CONF=$BASE/containers.conf
export CONTAINERS_REGISTRIES_CONF=$BASE/registries.conf
export CONTAINERS_STORAGE_CONF=$BASE/storage.conf
unset CONTAINER_HOST CONTAINER_CONNECTION DOCKER_HOST

# ---------------------------------------------------------------------------------------
# tools

ensure_installed() {
    local pkgs=()
    command -v podman >/dev/null 2>&1 || pkgs+=(podman)
    find_static_busybox >/dev/null || pkgs+=(busybox-static)
    if [ ${#pkgs[@]} -gt 0 ]; then
        command -v apt-get >/dev/null || die "missing ${pkgs[*]} and no apt-get to install them"
        mkdir -p "$BASE"
        (
            flock -w 900 8 || die "timed out waiting for $BASE/.install.lock"
            log "installing ${pkgs[*]} with apt-get (log: $BASE/apt.log)"
            export DEBIAN_FRONTEND=noninteractive
            local apt=(apt-get -q -o DPkg::Lock::Timeout=600) i
            for i in 1 2 3; do
                "${apt[@]}" update >>"$BASE/apt.log" 2>&1 && break
                [ "$i" = 3 ] && { tail -n 20 "$BASE/apt.log" >&2; die "apt-get update failed"; }
                sleep 10
            done
            "${apt[@]}" install -y --no-install-recommends "${pkgs[@]}" >>"$BASE/apt.log" 2>&1 \
                || { tail -n 30 "$BASE/apt.log" >&2; die "apt-get install ${pkgs[*]} failed"; }
        ) 8>"$BASE/.install.lock"
    fi
    PODMAN=$(command -v podman) || die "podman not found after installation"
    BUSYBOX=$(find_static_busybox) || die "no statically linked busybox found (package busybox-static)"
}

require_root() {
    [ "$(id -u)" = 0 ] || die "must run as root"
}

# the podman CLI in remote mode, through this engine's socket only
pm() { "$PODMAN" --url "$HOST" "$@"; }

answers() {
    [ -S "$SOCK" ] && timeout 10 "$PODMAN" --url "$HOST" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

service_pid() {
    local pid
    [ -f "$PIDFILE" ] || return 1
    pid=$(tr -dc 0-9 <"$PIDFILE" 2>/dev/null) || return 1
    [ -n "$pid" ] && alive "$pid" && cmdline_has "$pid" "$SOCK" || return 1
    printf '%s\n' "$pid"
}

cleanup_leftovers() {
    local pids=() p
    # the service, conmon and runtime processes of this engine (their command lines name BASE)
    for p in $(processes_under "$BASE" podman conmon runc crun catatonit); do pids+=("$p"); done
    if [ ${#pids[@]} -gt 0 ]; then
        log "killing leftover processes of the engine: ${pids[*]}"
        kill -KILL "${pids[@]}" 2>/dev/null || true
        wait_gone 10 "${pids[@]}" || log "WARNING: processes still alive: ${pids[*]}"
    fi
    # mounts under BASE (the service runs in its own mount namespace, so normally none)
    local mp
    while read -r mp; do
        [ -n "$mp" ] || continue
        umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || log "WARNING: could not unmount $mp"
    done < <(awk -v dir="$BASE" '$5 == dir || index($5, dir "/") == 1 { print length($5) "\t" $5 }' \
                 /proc/self/mountinfo | sort -rn -u | cut -f2-)
    # runtime state, like /run/libpod: stale after the service ended
    rm -rf --one-file-system "$BASE/run" "$BASE/tmp" 2>/dev/null || log "WARNING: could not fully remove $BASE/run"
    rm -f "$PIDFILE" "$SOCK"
}

write_config() {
    mkdir -p "$BASE/storage" "$BASE/run" "$BASE/tmp"
    cat >"$CONTAINERS_CONF" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=20000:20000"]
netns = "none"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$BASE/events.log"
tmp_dir = "$BASE/tmp"
volume_path = "$BASE/storage/volumes"
static_dir = "$BASE/storage/libpod"
EOF
    # no registries: the test image is imported, never pulled
    printf 'unqualified-search-registries = []\n' >"$CONTAINERS_REGISTRIES_CONF"
    cat >"$CONTAINERS_STORAGE_CONF" <<EOF
[storage]
driver = "${IC_PODMAN_STORAGE_DRIVER:-overlay}"
graphroot = "$BASE/storage"
runroot = "$BASE/run"
EOF
}

ensure_image() {
    if pm image exists "$IMAGE" 2>/dev/null; then
        return 0
    fi
    log "building test image $IMAGE"
    local root applet
    root=$(mktemp -d "$BASE/image.XXXXXX")
    mkdir -p "$root/bin" "$root/etc" "$root/root" "$root/tmp"
    chmod 1777 "$root/tmp"
    cp "$BUSYBOX" "$root/bin/busybox"
    chmod 0755 "$root/bin/busybox"
    for applet in $("$BUSYBOX" --list); do
        case $applet in
            busybox | */*) ;;
            *) ln -sf busybox "$root/bin/$applet" ;;
        esac
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
    tar --numeric-owner --owner=0 --group=0 -C "$root" -cf "$root.tar" .
    rm -rf "$root"
    if ! pm import -c 'CMD ["/bin/sleep","1000000"]' -c 'ENV PATH=/bin' "$root.tar" "$IMAGE" >/dev/null; then
        rm -f "$root.tar"
        die "podman import of $IMAGE failed"
    fi
    rm -f "$root.tar"
    pm image exists "$IMAGE" || die "image $IMAGE missing after import"
}

remove_all_containers() {
    timeout 120 "$PODMAN" --url "$HOST" rm -fa -t 0 >/dev/null 2>&1 \
        || log "WARNING: podman rm -fa failed for some containers"
}

lock_engine() {
    mkdir -p "$BASE"
    exec 9>"$BASE/.lock"
    flock -w 180 9 || die "timed out waiting for the lock of $BASE/.lock"
}

fail_start() {
    log "ERROR: $1"
    log "---- last lines of $LOG ----"
    tail -n 40 "$LOG" >&2 || true
    local pid
    if pid=$(service_pid); then kill -KILL "$pid" 2>/dev/null || true; fi
    cleanup_leftovers
    exit 1
}

cmd_start() {
    require_root
    ensure_installed
    lock_engine
    if service_pid >/dev/null && answers; then
        ensure_image
        printf 'DOCKER_HOST=%s\n' "$HOST"
        return 0
    fi
    # A service that died or hangs is replaced; its containers (and their conmon) are left running with the runroot,
    # so that the new service still knows them and removes them below: cleaning up first would leave their
    # processes running with no record of them.
    local pid
    if pid=$(service_pid); then
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone 10 "$pid" || true
    fi
    rm -f "$SOCK"
    write_config
    if [ -f "$LOG" ] && [ "$(stat -c %s "$LOG")" -gt 20000000 ]; then mv -f "$LOG" "$LOG.old"; fi
    printf '\n==== %s %s: starting\n' "$(date -u +%FT%TZ)" "$ME" >>"$LOG"
    # Own mount namespace: the storage's overlay mounts stay invisible to the host and vanish with the last process.
    # --time 0: the service never ends by itself.
    setsid unshare --mount --propagation slave -- \
        "$PODMAN" --log-level info system service --time 0 "$HOST" </dev/null >>"$LOG" 2>&1 9>&- &
    local launcher=$! t0=$SECONDS
    printf '%s\n' "$launcher" >"$PIDFILE"
    log "started podman system service (log: $LOG)"
    while ! answers; do
        alive "$launcher" || fail_start "podman system service exited during startup"
        [ $SECONDS -ge $((t0 + START_TIMEOUT)) ] && fail_start "the service did not answer within $START_TIMEOUT s"
        sleep 0.2
    done
    log "podman answers after $((SECONDS - t0)) s"
    remove_all_containers
    ensure_image
    printf 'DOCKER_HOST=%s\n' "$HOST"
}

cmd_stop() {
    require_root
    [ -d "$BASE" ] || { log "nothing to stop ($BASE does not exist)"; return 0; }
    ensure_installed
    lock_engine
    local pid
    if pid=$(service_pid); then
        answers && remove_all_containers
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone 30 "$pid"; then
            log "WARNING: the service (pid $pid) did not exit within 30 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone 10 "$pid" || true
        fi
        log "stopped"
    else
        log "not running"
    fi
    cleanup_leftovers
}

cmd_status() {
    ensure_installed
    if service_pid >/dev/null && answers; then
        log "running, DOCKER_HOST=$HOST"
        return 0
    fi
    log "not running"
    return 3
}

[ $# -eq 1 ] || usage
case $1 in
    start) cmd_start ;;
    stop) cmd_stop ;;
    host) printf '%s\n' "$HOST" ;;
    status) cmd_status ;;
    purge) cmd_stop; rm -rf "$BASE"; log "removed $BASE" ;;
    *) usage ;;
esac
