#!/usr/bin/env bash
# Start and stop throw-away local Docker Engines (Debian docker.io, 20.10 / API 1.41)
# for the Instance Console integration tests.  Several engines can run side by side;
# each has its own directory, socket, data-root, exec-root, containerd, containerd
# namespace, cgroup parent, mount namespace and engine ID.
#
# Usage:
#   .ci/docker-engine.sh start NAME   start engine NAME (idempotent), load the test image,
#                                     last stdout line: DOCKER_HOST=unix://BASE/NAME/docker.sock
#   .ci/docker-engine.sh stop NAME    remove all containers, stop dockerd, clean up (idempotent)
#   .ci/docker-engine.sh restart NAME stop dockerd as a host restart does (its containers stop), then start it again
#                                     (which, as every start, removes the containers)
#   .ci/docker-engine.sh stop-all     stop every engine under BASE
#   .ci/docker-engine.sh host NAME    print the DOCKER_HOST value (unix://...) only
#   .ci/docker-engine.sh status NAME  exit 0 if engine NAME is running and answers, 3 if not
#   .ci/docker-engine.sh image NAME   (re)load the test image into running engine NAME if missing
#   .ci/docker-engine.sh purge NAME   stop NAME and delete its directory (images, logs, ...)
#
# NAME: letters/digits, optionally separated by single '.', '_' or '-' (max 32 chars).
# BASE: ${IC_ENGINE_ROOT:-/tmp/instance-console-engines}; engine NAME lives in BASE/NAME:
#   docker.sock, docker.pid, dockerd.log, daemon.json, data/, exec/, etc-docker/
#
# Environment:
#   IC_ENGINE_ROOT             base directory (default /tmp/instance-console-engines)
#   IC_ENGINE_START_TIMEOUT    seconds to wait for dockerd to answer (default 60)
#   IC_ENGINE_STOP_TIMEOUT     seconds to wait for dockerd to exit after SIGTERM (default 30)
#   IC_ENGINE_PRIVATE_MOUNTNS  1 (default): run dockerd in a private mount namespace with its
#                              own /etc/docker (=> distinct engine IDs, no mounts leak to the
#                              host); 0: run it in the host mount namespace
#   IC_DOCKER_STORAGE_DRIVER   force a storage driver (default: dockerd's choice, overlay2)
#   IC_DOCKERD_EXTRA_ARGS      more dockerd arguments for `start`, split on blanks (no quoting), e.g.
#                              "--tlsverify --tlscacert F --tlscert F --tlskey F --host tcp://127.0.0.1:PORT";
#                              the unix socket stays the script's own way in. Used only when `start`
#                              launches dockerd: an engine already running keeps its arguments (stop it first)
#
# The test image instanceconsole/busybox:1 is built locally (no registry): static busybox
# plus applet symlinks, CMD ["/bin/sleep","1000000"].  Run test containers with
# --network none (engines are started with --bridge=none and no iptables).
#
# Needs root.  Installs docker.io and busybox-static with apt-get when missing.
set -euo pipefail

readonly IMAGE=instanceconsole/busybox:1
readonly ME=docker-engine

log() { printf '%s: %s\n' "$ME" "$*" >&2; }
die() { printf '%s: ERROR: %s\n' "$ME" "$*" >&2; exit 1; }
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/process-lib.sh"

usage() {
    sed -n '/^# Usage:/,/^# NAME:/p' "$0" | sed -e 's/^# \{0,1\}//' -e '/^NAME:/d' >&2
    exit 2
}

BASE_ROOT=${IC_ENGINE_ROOT:-/tmp/instance-console-engines}
case $BASE_ROOT in
    /*) ;;
    *) BASE_ROOT=$PWD/$BASE_ROOT ;;
esac
BASE_ROOT=${BASE_ROOT%/}
[[ $BASE_ROOT =~ ^[A-Za-z0-9._/+-]+$ ]] \
    || die "IC_ENGINE_ROOT '$BASE_ROOT' may only contain letters, digits and ._/+-"
START_TIMEOUT=${IC_ENGINE_START_TIMEOUT:-60}
STOP_TIMEOUT=${IC_ENGINE_STOP_TIMEOUT:-30}
PRIVATE_MOUNTNS=${IC_ENGINE_PRIVATE_MOUNTNS:-1}

# Docker CLI calls made by this script: fixed API version (the daemon is 20.10 / 1.41),
# and no influence from the user's ~/.docker config, contexts or TLS settings.
export DOCKER_API_VERSION=1.41
export DOCKER_CONFIG=$BASE_ROOT/.docker-cli
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_HOST

# ---------------------------------------------------------------------------------------
# engine naming

set_engine() {
    NAME=$1
    [[ $NAME =~ ^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$ && ${#NAME} -le 32 ]] \
        || die "invalid engine name '$NAME' (letters/digits, single . _ - separators, max 32)"
    DIR=$BASE_ROOT/$NAME
    SOCK=$DIR/docker.sock
    PIDFILE=$DIR/docker.pid
    LOG=$DIR/dockerd.log
    HOST=unix://$SOCK
    local sum
    sum=$(printf '%s' "$DIR" | cksum | cut -d' ' -f1)
    CG_PARENT=/instance-console-$NAME-$sum     # cgroup parent of this engine's containers
    CTRD_NS=ic-$NAME-$sum                        # containerd namespace of this engine
    # unix socket paths are limited to 107 bytes; containerd's is the longest one
    local longest=$DIR/exec/containerd/containerd.sock.ttrpc
    [ ${#longest} -le 107 ] \
        || die "IC_ENGINE_ROOT '$BASE_ROOT' is too long: $longest exceeds the unix socket path limit"
}

# ---------------------------------------------------------------------------------------
# tools

find_bin() {
    local p
    for p in "$@"; do
        [ -x "$p" ] && { printf '%s\n' "$p"; return 0; }
    done
    return 1
}

ensure_installed() {
    local pkgs=()
    command -v dockerd >/dev/null 2>&1 || find_bin /usr/sbin/dockerd /usr/bin/dockerd >/dev/null \
        || pkgs+=(docker.io)
    find_static_busybox >/dev/null || pkgs+=(busybox-static)
    if [ ${#pkgs[@]} -gt 0 ]; then
        command -v apt-get >/dev/null || die "missing ${pkgs[*]} and no apt-get to install them"
        mkdir -p "$BASE_ROOT"
        (
            # one installer at a time among our own invocations; apt's lock timeout covers others
            flock -w 900 8 || die "timed out waiting for $BASE_ROOT/.install.lock"
            local still=() p
            for p in "${pkgs[@]}"; do
                dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' \
                    || still+=("$p")
            done
            [ ${#still[@]} -eq 0 ] && exit 0
            log "installing ${still[*]} with apt-get (log: $BASE_ROOT/apt.log)"
            export DEBIAN_FRONTEND=noninteractive
            local apt=(apt-get -q -o DPkg::Lock::Timeout=600)
            local i
            for i in 1 2 3; do
                "${apt[@]}" update >>"$BASE_ROOT/apt.log" 2>&1 && break
                [ "$i" = 3 ] && { tail -n 20 "$BASE_ROOT/apt.log" >&2; die "apt-get update failed"; }
                sleep 10
            done
            "${apt[@]}" install -y --no-install-recommends "${still[@]}" >>"$BASE_ROOT/apt.log" 2>&1 \
                || { tail -n 30 "$BASE_ROOT/apt.log" >&2; die "apt-get install ${still[*]} failed"; }
        ) 8>"$BASE_ROOT/.install.lock"
    fi
    DOCKERD=$(find_bin /usr/sbin/dockerd /usr/bin/dockerd || command -v dockerd) \
        || die "dockerd not found after installation"
    BUSYBOX=$(find_static_busybox) || die "no statically linked busybox found (package busybox-static)"
}

find_docker_cli() {
    # Prefer Debian's client (same version as the daemon); any newer one negotiates down.
    DOCKER=$(find_bin /usr/bin/docker || command -v docker) \
        || die "docker CLI not found (package docker.io)"
}

dk() { "$DOCKER" -H "$HOST" "$@"; }

require_root() {
    [ "$(id -u)" = 0 ] || die "must run as root (dockerd needs it)"
}

# ---------------------------------------------------------------------------------------
# process helpers

# prints the pid of this engine's dockerd if it is running
dockerd_pid() {
    local pid
    [ -f "$PIDFILE" ] || return 1
    pid=$(tr -dc 0-9 <"$PIDFILE" 2>/dev/null) || return 1
    [ -n "$pid" ] || return 1
    alive "$pid" && cmdline_has "$pid" "$SOCK" || return 1
    printf '%s\n' "$pid"
}

answers() {
    timeout 10 "$DOCKER" -H "$HOST" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# cgroup directories (all hierarchies, v1 and v2) of this engine's containers
engine_cgroups() {
    local d
    for d in /sys/fs/cgroup"$CG_PARENT" /sys/fs/cgroup/*"$CG_PARENT"; do
        [ -d "$d" ] && printf '%s\n' "$d"
    done
    return 0
}

# Kill whatever is left of the engine: container processes (via its cgroups), shims,
# containerd, dockerd; remove its cgroups; unmount anything under DIR.
cleanup_leftovers() {
    local cg pids=() p f

    # 1. container processes still in the engine's cgroups (thaw paused ones first)
    for cg in $(engine_cgroups); do
        find "$cg" -name freezer.state 2>/dev/null | while read -r f; do
            echo THAWED >"$f" 2>/dev/null || true
        done
        find "$cg" -name cgroup.freeze 2>/dev/null | while read -r f; do
            echo 0 >"$f" 2>/dev/null || true
        done
    done
    # the same processes show up in every hierarchy: de-duplicate
    for p in $(for cg in $(engine_cgroups); do
                   find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null
               done | sort -un); do
        alive "$p" && pids+=("$p")
    done
    if [ ${#pids[@]} -gt 0 ]; then
        log "killing ${#pids[@]} leftover container process(es) of engine $NAME"
        kill -KILL "${pids[@]}" 2>/dev/null || true
        wait_gone 10 "${pids[@]}" || log "WARNING: container processes still alive: ${pids[*]}"
    fi

    # 2. leftover dockerd / containerd / shims
    pids=()
    # the engine's infrastructure (dockerd, containerd, shims, ...) that mentions DIR
    for p in $(processes_under "$DIR" dockerd containerd 'containerd-shim*' runc docker-proxy docker-init); do pids+=("$p"); done
    if [ ${#pids[@]} -gt 0 ]; then
        log "killing leftover engine processes of $NAME: $(for p in "${pids[@]}"; do
            printf '%s(%s) ' "$p" "$(cat "/proc/$p/comm" 2>/dev/null)"; done)"
        kill -TERM "${pids[@]}" 2>/dev/null || true
        if ! wait_gone 5 "${pids[@]}"; then
            kill -KILL "${pids[@]}" 2>/dev/null || true
            wait_gone 10 "${pids[@]}" || log "WARNING: processes still alive: ${pids[*]}"
        fi
    fi

    # 3. the engine's cgroups (docker never removes the parent)
    for cg in $(engine_cgroups); do
        find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null || true
        [ -d "$cg" ] && log "WARNING: could not remove cgroup $cg"
    done

    # 4. mounts under DIR in our mount namespace (only with IC_ENGINE_PRIVATE_MOUNTNS=0,
    #    or after an unclean exit); deepest first
    local mp
    while read -r mp; do
        [ -n "$mp" ] || continue
        umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null \
            || log "WARNING: could not unmount $mp"
    done < <(awk -v dir="$DIR" '{
                 mp = $5
                 while (match(mp, /\\[0-7][0-7][0-7]/)) {   # decode \040 etc.
                     c = substr(mp, RSTART + 1, 3)
                     v = (substr(c,1,1) * 64) + (substr(c,2,1) * 8) + substr(c,3,1)
                     mp = substr(mp, 1, RSTART - 1) sprintf("%c", v) substr(mp, RSTART + 4)
                 }
                 if (mp == dir || index(mp, dir "/") == 1) print length(mp) "\t" mp
             }' /proc/self/mountinfo | sort -rn -u | cut -f2-)

    # exec-root is runtime state (like /run/docker): a stale containerd.pid there whose pid
    # is a not yet reaped zombie makes the next dockerd wait for a containerd that never
    # answers ("containerd is still running" ... "timeout waiting for containerd to start")
    rm -rf --one-file-system "$DIR/exec" 2>/dev/null \
        || log "WARNING: could not fully remove $DIR/exec"
    rm -f "$PIDFILE" "$SOCK"
}

# ---------------------------------------------------------------------------------------
# test image

ensure_image() {
    if dk image inspect "$IMAGE" >/dev/null 2>&1; then
        return 0
    fi
    log "building test image $IMAGE in engine $NAME"
    local root applet
    root=$(mktemp -d "$DIR/image.XXXXXX")
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
    ln -sf busybox "$root/bin/sh"
    ln -sf busybox "$root/bin/sleep"
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
    if ! tar --numeric-owner --owner=0 --group=0 -C "$root" -cf - . \
        | dk import -c 'CMD ["/bin/sleep","1000000"]' -c 'ENV PATH=/bin' - "$IMAGE" >/dev/null; then
        rm -rf "$root"
        die "docker import of $IMAGE into engine $NAME failed"
    fi
    rm -rf "$root"
    dk image inspect "$IMAGE" >/dev/null 2>&1 || die "image $IMAGE missing after import"
}

# ---------------------------------------------------------------------------------------
# commands

lock_engine() {
    mkdir -p "$DIR"
    exec 9>"$DIR/.lock"
    flock -w 180 9 || die "timed out waiting for the lock of engine $NAME ($DIR/.lock)"
}

fail_start() { # MESSAGE
    log "ERROR: $1"
    log "---- last lines of $LOG ----"
    tail -n 40 "$LOG" >&2 || true
    log "---- end of $LOG ----"
    local pid
    if pid=$(dockerd_pid); then kill -KILL "$pid" 2>/dev/null || true; fi
    cleanup_leftovers
    exit 1
}

cmd_start() {
    require_root
    ensure_installed
    find_docker_cli
    lock_engine

    local pid
    if pid=$(dockerd_pid); then
        if ! answers; then
            log "engine $NAME (pid $pid) is running but does not answer yet; waiting"
            wait_ready "$pid" ""
        fi
        ensure_image
        printf 'DOCKER_HOST=%s\n' "$HOST"
        return 0
    fi

    # not running: clear whatever a crashed or killed previous run left behind
    cleanup_leftovers

    mkdir -p "$DIR/data" "$DIR/exec" "$DIR/etc-docker"
    [ -f "$DIR/daemon.json" ] || printf '{}\n' >"$DIR/daemon.json"

    local args=(
        --config-file "$DIR/daemon.json"
        --host "$HOST"
        --data-root "$DIR/data"
        --exec-root "$DIR/exec"
        --pidfile "$PIDFILE"
        --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false
        --bridge=none
        --cgroup-parent "$CG_PARENT"
        --containerd-namespace "$CTRD_NS"
        --containerd-plugins-namespace "$CTRD_NS-plugins"
        --shutdown-timeout 5
        --label "org.instanceconsole.engine=$NAME"
    )
    [ -n "${IC_DOCKER_STORAGE_DRIVER:-}" ] && args+=(--storage-driver "$IC_DOCKER_STORAGE_DRIVER")
    if [ -n "${IC_DOCKERD_EXTRA_ARGS:-}" ]; then
        local extra=()
        read -r -a extra <<<"$IC_DOCKERD_EXTRA_ARGS"
        args+=("${extra[@]}")
        log "engine $NAME: extra dockerd arguments: ${extra[*]}"
    fi

    # dockerd finds containerd, runc, docker-init, docker-proxy on PATH: use the packaged ones
    local path
    path=$(dirname "$DOCKERD"):/usr/sbin:/usr/bin:/sbin:/bin
    # keep the log bounded across many CI runs
    if [ -f "$LOG" ] && [ "$(stat -c %s "$LOG")" -gt 20000000 ]; then mv -f "$LOG" "$LOG.old"; fi
    printf '\n==== %s %s: starting engine %s\n' "$(date -u +%FT%TZ)" "$ME" "$NAME" >>"$LOG"

    local t0=$SECONDS launcher
    if [ "$PRIVATE_MOUNTNS" = 1 ]; then
        # Own mount namespace: dockerd's mounts (data-root, overlays, netns) stay invisible
        # to the host and vanish with its last process; own /etc/docker => own key.json =>
        # distinct engine ID per engine.
        mkdir -p /etc/docker
        # shellcheck disable=SC2016  # $1/$@ are expanded by the inner sh
        setsid unshare --mount --propagation slave -- \
            /bin/sh -c 'mount --bind "$1" /etc/docker && shift && exec "$@"' sh \
            "$DIR/etc-docker" env PATH="$path" "$DOCKERD" "${args[@]}" \
            </dev/null >>"$LOG" 2>&1 9>&- &
    else
        setsid env PATH="$path" "$DOCKERD" "${args[@]}" </dev/null >>"$LOG" 2>&1 9>&- &
    fi
    launcher=$!
    log "started dockerd for engine $NAME (log: $LOG)"
    wait_ready "" "$launcher"
    log "engine $NAME answers after $((SECONDS - t0)) s"
    # a freshly started engine has no containers (leftovers of a crashed run are dropped)
    remove_all_containers
    ensure_image
    printf 'DOCKER_HOST=%s\n' "$HOST"
}

wait_ready() { # KNOWN_PID LAUNCHER_PID
    local deadline=$((SECONDS + START_TIMEOUT)) pid
    while :; do
        if answers; then return 0; fi
        if ! pid=$(dockerd_pid); then
            pid=
        fi
        if [ -z "$pid" ] && { [ -z "$2" ] || ! alive "$2"; }; then
            fail_start "dockerd for engine $NAME exited during startup"
        fi
        [ $SECONDS -ge $deadline ] \
            && fail_start "engine $NAME did not answer within $START_TIMEOUT s"
        sleep 0.2
    done
}

remove_all_containers() {
    local ids
    ids=$(timeout 30 "$DOCKER" -H "$HOST" ps -aq 2>/dev/null) || ids=
    if [ -n "$ids" ]; then
        log "removing $(wc -w <<<"$ids") container(s) of engine $NAME"
        # shellcheck disable=SC2086
        timeout 120 "$DOCKER" -H "$HOST" rm -fv $ids >/dev/null \
            || log "WARNING: docker rm -f failed for some containers of engine $NAME"
    fi
}

cmd_stop() {
    require_root
    [ -d "$DIR" ] || { log "engine $NAME: nothing to stop ($DIR does not exist)"; return 0; }
    find_docker_cli
    lock_engine

    local pid
    if pid=$(dockerd_pid); then
        if answers; then
            remove_all_containers
        else
            log "WARNING: engine $NAME (pid $pid) does not answer; stopping it anyway"
        fi
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone "$STOP_TIMEOUT" "$pid"; then
            log "WARNING: dockerd (pid $pid) did not exit within $STOP_TIMEOUT s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone 10 "$pid" || true
        fi
        log "stopped engine $NAME"
    else
        log "engine $NAME is not running"
    fi
    cleanup_leftovers
}

cmd_restart() {
    require_root
    find_docker_cli
    (
        lock_engine
        local pid
        if pid=$(dockerd_pid); then
            kill -TERM "$pid" 2>/dev/null || true
            if ! wait_gone "$STOP_TIMEOUT" "$pid"; then
                kill -KILL "$pid" 2>/dev/null || true
                wait_gone 10 "$pid" || true
            fi
            log "stopped engine $NAME for a restart"
        fi
        cleanup_leftovers
    )
    cmd_start
}

cmd_stop_all() {
    [ -d "$BASE_ROOT" ] || { log "no engines ($BASE_ROOT does not exist)"; return 0; }
    local d n rc=0
    for d in "$BASE_ROOT"/*/; do
        [ -d "$d" ] || continue
        n=$(basename "$d")
        [[ $n =~ ^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$ ]] || continue
        "$BASH" "$0" stop "$n" || rc=1
    done
    return $rc
}

cmd_status() {
    find_docker_cli
    local pid
    if pid=$(dockerd_pid) && answers; then
        log "engine $NAME is running (pid $pid), DOCKER_HOST=$HOST"
        return 0
    fi
    log "engine $NAME is not running"
    return 3
}

cmd_image() {
    require_root
    ensure_installed
    find_docker_cli
    if ! { dockerd_pid >/dev/null && answers; }; then
        die "engine $NAME is not running"
    fi
    ensure_image
}

cmd_purge() {
    cmd_stop
    if [ -d "$DIR" ]; then
        rm -rf "$DIR"
        log "removed $DIR"
    fi
}

[ $# -ge 1 ] || usage
cmd=$1
shift
case $cmd in
    start | stop | restart | host | status | image | purge)
        [ $# -eq 1 ] || usage
        set_engine "$1"
        case $cmd in
            start) cmd_start ;;
            stop) cmd_stop ;;
            restart) cmd_restart ;;
            host) printf '%s\n' "$HOST" ;;
            status) cmd_status ;;
            image) cmd_image ;;
            purge) cmd_purge ;;
        esac
        ;;
    stop-all)
        [ $# -eq 0 ] || usage
        require_root
        cmd_stop_all
        ;;
    -h | --help | help) usage ;;
    *) usage ;;
esac
