#!/usr/bin/env bash
# Start and stop a throw-away 3-member LXD cluster (Debian lxd 5.0) for the Instance Console integration tests.
# Every daemon runs inside a network namespace that has only loopback: at start-up LXD looks up its public image
# server, and in a namespace without a route that lookup fails at once instead of leaving the machine.  The members
# listen on 127.0.2.1-3:8443 inside that namespace; HTTPS clients must enter it too (`nsenter --net=NETNS_PATH`),
# while member 1's unix socket works from anywhere.
#
# Usage:
#   .ci/lxd-cluster.sh start           start the cluster (idempotent), import the busybox image, launch the base
#                                      instances ic-base-1..3 (one per member); prints KEY=VALUE lines (see env)
#   .ci/lxd-cluster.sh stop            stop every instance, shut the members down (last joiner first), unmount,
#                                      remove the namespace and the members' directories (idempotent)
#   .ci/lxd-cluster.sh env             print LXD_SOCKET, LXD_HTTPS, LXD_NETNS, LXD_NETNS_PATH, LXD_CONF, LXD_DIR_N
#   .ci/lxd-cluster.sh status          exit 0 if all members answer, 3 if not
#   .ci/lxd-cluster.sh token NAME      print a new trust token for a client certificate called NAME
#   .ci/lxd-cluster.sh lxc N ARGS...   run `lxc ARGS...` against member N (its unix socket), e.g. `lxc 1 list`
#   .ci/lxd-cluster.sh member-stop N   shut member N down (outage tests; N > 1)
#   .ci/lxd-cluster.sh member-kill N   kill member N's daemon at once (a crash: its instances keep running)
#   .ci/lxd-cluster.sh member-start N  start member N again after member-stop or member-kill
#
# BASE: ${IC_LXD_ROOT:-${IC_ENGINE_ROOT:-/tmp/instance-console-engines}/lxd}:
#   mN/ (LXD_DIR of member N: unix.socket, lxd.log, lxd.pid), client/ (LXD_CONF of the lxc client), image/
# Namespace: ${IC_LXD_NETNS:-iclxd} (/run/netns/NAME).
#
# Needs root.  Installs lxd, lxd-client and busybox-static with apt-get when missing.
set -euo pipefail

readonly ME=lxd-cluster
readonly MEMBERS=3
readonly IMAGE=ic-busybox
readonly PORT=8443

log() { printf '%s: %s\n' "$ME" "$*" >&2; }
die() { printf '%s: ERROR: %s\n' "$ME" "$*" >&2; exit 1; }
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/process-lib.sh"

usage() {
    sed -n '/^# Usage:/,/^# BASE:/p' "$0" | sed -e 's/^# \{0,1\}//' -e '/^BASE:/d' >&2
    exit 2
}

BASE=${IC_LXD_ROOT:-${IC_ENGINE_ROOT:-/tmp/instance-console-engines}/lxd}
case $BASE in /*) ;; *) BASE=$PWD/$BASE ;; esac
BASE=${BASE%/}
[[ $BASE =~ ^[A-Za-z0-9._/+-]+$ ]] || die "IC_LXD_ROOT '$BASE' may only contain letters, digits and ._/+-"
[ ${#BASE} -le 80 ] || die "IC_LXD_ROOT '$BASE' is too long for the members' unix socket paths"
NETNS=${IC_LXD_NETNS:-iclxd}
[[ $NETNS =~ ^[A-Za-z0-9_-]{1,32}$ ]] || die "IC_LXD_NETNS '$NETNS' may only contain letters, digits, _ and -"
readonly BASE NETNS
readonly NETNS_PATH=/run/netns/$NETNS
readonly CLIENT=$BASE/client
START_TIMEOUT=${IC_LXD_START_TIMEOUT:-60}

member_dir() { printf '%s/m%s' "$BASE" "$1"; }
member_addr() { printf '127.0.2.%s' "$1"; }

# ---------------------------------------------------------------------------------------
# tools

ensure_installed() {
    local pkgs=()
    command -v lxd >/dev/null 2>&1 || pkgs+=(lxd)
    command -v lxc >/dev/null 2>&1 || pkgs+=(lxd-client)
    find_static_busybox >/dev/null || pkgs+=(busybox-static)
    command -v nsenter >/dev/null 2>&1 || pkgs+=(util-linux)
    command -v ip >/dev/null 2>&1 || pkgs+=(iproute2)
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
    BUSYBOX=$(find_static_busybox) || die "no statically linked busybox found (package busybox-static)"
}

require_root() { [ "$(id -u)" = 0 ] || die "must run as root (network namespace, lxd)"; }

# the lxc client against member N's unix socket, with this cluster's own client configuration; never with the
# caller's stdin (`lxc launch` reads instance configuration from a stdin that is not a terminal, and waits for it)
lxc_on() { # N ARGS...
    local n=$1
    shift
    LXD_DIR=$(member_dir "$n") LXD_CONF=$CLIENT nsenter --net="$NETNS_PATH" -- lxc "$@" </dev/null
}

# lxd's own commands (init, waitready, shutdown) for member N, inside the namespace
lxd_on() { # N ARGS...
    local n=$1
    shift
    LXD_DIR=$(member_dir "$n") nsenter --net="$NETNS_PATH" -- lxd "$@"
}

member_pid() { # N
    local dir pid
    dir=$(member_dir "$1")
    [ -f "$dir/lxd.pid" ] || return 1
    pid=$(tr -dc 0-9 <"$dir/lxd.pid" 2>/dev/null) || return 1
    [ -n "$pid" ] && alive "$pid" || return 1
    { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qxF "LXD_DIR=$dir" || return 1
    printf '%s\n' "$pid"
}

member_answers() { # N
    member_pid "$1" >/dev/null && [ -S "$(member_dir "$1")/unix.socket" ] && lxd_on "$1" waitready --timeout 5 >/dev/null 2>&1
}

lock_cluster() {
    mkdir -p "$BASE"
    exec 9>"$BASE/.lock"
    flock -w 300 9 || die "timed out waiting for the lock of $BASE/.lock"
}

# ---------------------------------------------------------------------------------------
# namespace, daemons, cluster

ensure_netns() {
    if [ ! -e "$NETNS_PATH" ]; then
        ip netns add "$NETNS" || die "ip netns add $NETNS failed"
    fi
    ip -n "$NETNS" link set lo up
    # loopback only: any other interface would give the daemons a way off the machine
    local others
    others=$(ip -n "$NETNS" -o link show | awk -F': ' '$2 != "lo" { print $2 }')
    [ -z "$others" ] || die "namespace $NETNS has interfaces besides lo: $others"
    local i
    for i in $(seq 1 "$MEMBERS"); do
        ip -n "$NETNS" addr show dev lo | grep -qF "$(member_addr "$i")/" \
            || ip -n "$NETNS" addr add "$(member_addr "$i")/32" dev lo
    done
}

start_daemon() { # N
    local n=$1 dir t0
    dir=$(member_dir "$n")
    mkdir -p "$dir"
    chmod 0711 "$dir"
    printf '\n==== %s %s: starting member %s\n' "$(date -u +%FT%TZ)" "$ME" "$n" >>"$dir/lxd.log"
    LXD_DIR=$dir setsid nsenter --net="$NETNS_PATH" -- lxd --group root --logfile "$dir/lxd.log" \
        </dev/null >>"$dir/lxd.out" 2>&1 9>&- &
    printf '%s\n' "$!" >"$dir/lxd.pid"
    t0=$SECONDS
    until lxd_on "$n" waitready --timeout 1 >/dev/null 2>&1; do
        alive "$(cat "$dir/lxd.pid")" || { tail -n 30 "$dir/lxd.log" "$dir/lxd.out" >&2; die "member $n exited at start-up"; }
        [ $SECONDS -ge $((t0 + START_TIMEOUT)) ] && die "member $n did not get ready within $START_TIMEOUT s"
    done
}

clustered() { # N: whether member N already belongs to the cluster
    lxc_on 1 cluster list --format csv 2>/dev/null | cut -d, -f1 | grep -qxF "m$1"
}

init_first() {
    clustered 1 && return 0
    log "initialising member 1 ($(member_addr 1):$PORT)"
    lxd_on 1 init --preseed <<EOF
config:
  core.https_address: $(member_addr 1):$PORT
  images.auto_update_interval: 0
storage_pools:
- name: default
  driver: dir
profiles:
- name: default
  devices:
    root:
      path: /
      pool: default
      type: disk
cluster:
  server_name: m1
  enabled: true
EOF
}

join_member() { # N
    local n=$1 token
    clustered "$n" && return 0
    log "joining member $n ($(member_addr "$n"):$PORT)"
    token=$(lxc_on 1 cluster add "m$n" --quiet) || die "lxc cluster add m$n failed"
    token=$(printf '%s\n' "$token" | tail -n 1)
    lxd_on "$n" init --preseed <<EOF
cluster:
  enabled: true
  server_name: m$n
  server_address: $(member_addr "$n"):$PORT
  cluster_token: $token
  member_config:
  - entity: storage-pool
    name: default
    key: source
    value: ""
EOF
}

ensure_image() {
    lxc_on 1 image info "$IMAGE" >/dev/null 2>&1 && return 0
    log "building image $IMAGE from $BUSYBOX"
    local work applet
    work=$(mktemp -d "$BASE/image.XXXXXX")
    mkdir -p "$work/rootfs/bin" "$work/rootfs/sbin" "$work/rootfs/etc" "$work/rootfs/root" "$work/rootfs/tmp" \
        "$work/rootfs/proc" "$work/rootfs/sys" "$work/rootfs/dev" "$work/rootfs/run"
    chmod 1777 "$work/rootfs/tmp"
    cp "$BUSYBOX" "$work/rootfs/bin/busybox"
    chmod 0755 "$work/rootfs/bin/busybox"
    for applet in $("$BUSYBOX" --list); do
        case $applet in busybox | */*) ;; *) ln -sf busybox "$work/rootfs/bin/$applet" ;; esac
    done
    # an init that ends on LXD's shutdown signal (SIGPWR), so that a graceful stop or restart completes
    printf '#!/bin/sh\ntrap "exit 0" PWR TERM INT\nwhile :; do sleep 3600 & wait $!; done\n' >"$work/rootfs/sbin/init"
    chmod 0755 "$work/rootfs/sbin/init"
    printf 'root:x:0:0:root:/root:/bin/sh\n' >"$work/rootfs/etc/passwd"
    printf 'root:x:0:\n' >"$work/rootfs/etc/group"
    cat >"$work/metadata.yaml" <<EOF
architecture: $(uname -m)
creation_date: $(date +%s)
properties:
  description: busybox-static for the Instance Console tests
  os: busybox
EOF
    tar --numeric-owner --owner=0 --group=0 -C "$work" -czf "$work.tar.gz" metadata.yaml rootfs
    rm -rf "$work"
    lxc_on 1 image import "$work.tar.gz" --alias "$IMAGE" >/dev/null || { rm -f "$work.tar.gz"; die "lxc image import failed"; }
    rm -f "$work.tar.gz"
}

ensure_base_instances() {
    local i name
    for i in $(seq 1 "$MEMBERS"); do
        name=ic-base-$i
        if ! lxc_on 1 info "$name" >/dev/null 2>&1; then
            lxc_on 1 launch "$IMAGE" "$name" --target "m$i" >/dev/null 2>&1 || die "lxc launch $name on m$i failed"
        fi
    done
}

print_env() {
    local i
    printf 'LXD_NETNS=%s\n' "$NETNS"
    printf 'LXD_NETNS_PATH=%s\n' "$NETNS_PATH"
    printf 'LXD_CONF=%s\n' "$CLIENT"
    for i in $(seq 1 "$MEMBERS"); do printf 'LXD_DIR_%s=%s\n' "$i" "$(member_dir "$i")"; done
    printf 'LXD_HTTPS=https://%s:%s\n' "$(member_addr 1)" "$PORT"
    printf 'LXD_SOCKET=%s\n' "$(member_dir 1)/unix.socket"
}

# ---------------------------------------------------------------------------------------
# stopping

unmount_under() { # DIR
    local mp
    while read -r mp; do
        [ -n "$mp" ] || continue
        umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || log "WARNING: could not unmount $mp"
    done < <(awk -v dir="$1" '$5 == dir || index($5, dir "/") == 1 { print length($5) "\t" $5 }' \
                 /proc/self/mountinfo | sort -rn -u | cut -f2-)
}

shutdown_member() { # N
    local n=$1 pid
    pid=$(member_pid "$n") || return 0
    lxd_on "$n" shutdown --force --timeout 20 >/dev/null 2>&1 || true
    if ! wait_gone 20 "$pid"; then
        log "WARNING: member $n (pid $pid) did not shut down; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone 10 "$pid" || true
    fi
}

# processes whose LXD_DIR is one of ours (daemons, forkstart monitors, containers' init), left after the shutdown
leftover_processes() {
    local d pid
    for d in /proc/[0-9]*; do
        pid=${d#/proc/}
        [ "$pid" = $$ ] && continue
        { tr '\0' '\n' <"$d/environ"; } 2>/dev/null | grep -q "^LXD_DIR=$BASE/m[0-9]*\$" && alive "$pid" && printf '%s\n' "$pid"
    done
    return 0
}

cmd_stop() {
    require_root
    [ -d "$BASE" ] || { log "nothing to stop ($BASE does not exist)"; return 0; }
    lock_cluster
    local i pids=() p
    if member_answers 1; then
        LXD_DIR=$(member_dir 1) LXD_CONF=$CLIENT timeout 60 nsenter --net="$NETNS_PATH" -- lxc stop --all --force \
            >/dev/null 2>&1 || log "WARNING: lxc stop --all --force failed"
    fi
    for i in $(seq "$MEMBERS" -1 1); do shutdown_member "$i"; done
    for p in $(leftover_processes); do pids+=("$p"); done
    if [ ${#pids[@]} -gt 0 ]; then
        log "killing leftover processes: ${pids[*]}"
        kill -KILL "${pids[@]}" 2>/dev/null || true
        wait_gone 10 "${pids[@]}" || log "WARNING: processes still alive: ${pids[*]}"
    fi
    unmount_under "$BASE"
    [ -e "$NETNS_PATH" ] && { ip netns delete "$NETNS" || log "WARNING: could not remove namespace $NETNS"; }
    for i in $(seq 1 "$MEMBERS"); do rm -rf --one-file-system "$(member_dir "$i")"; done
    rm -rf "$CLIENT"
    log "stopped"
}

# ---------------------------------------------------------------------------------------
# commands

cmd_start() {
    require_root
    ensure_installed
    lock_cluster
    ensure_netns
    mkdir -p "$CLIENT"
    local i
    for i in $(seq 1 "$MEMBERS"); do
        member_answers "$i" && continue
        if [ -d "$(member_dir "$i")/database" ]; then
            # a member that died: the cluster it belonged to cannot be trusted; start afresh
            log "member $i is down with data left; rebuilding the cluster"
            exec 9>&-
            cmd_stop
            lock_cluster
            ensure_netns
            mkdir -p "$CLIENT"
        fi
        break
    done
    for i in $(seq 1 "$MEMBERS"); do
        member_answers "$i" || start_daemon "$i"
    done
    init_first
    for i in $(seq 2 "$MEMBERS"); do join_member "$i"; done
    ensure_image
    ensure_base_instances
    print_env
}

cmd_status() {
    local i
    for i in $(seq 1 "$MEMBERS"); do
        member_answers "$i" || { log "member $i is not running"; return 3; }
    done
    log "running"
}

cmd_member_stop() { # N
    require_root
    [[ $1 =~ ^[2-9]$ ]] && [ "$1" -le "$MEMBERS" ] || die "member-stop: N must be 2..$MEMBERS"
    lock_cluster
    shutdown_member "$1"
    unmount_under "$(member_dir "$1")"
}

cmd_member_kill() { # N
    require_root
    [[ $1 =~ ^[2-9]$ ]] && [ "$1" -le "$MEMBERS" ] || die "member-kill: N must be 2..$MEMBERS"
    lock_cluster
    local pid
    pid=$(member_pid "$1") || { log "member $1 is not running"; return 0; }
    kill -KILL "$pid"
    wait_gone 10 "$pid" || die "member $1 (pid $pid) survived SIGKILL"
}

cmd_member_start() { # N
    require_root
    [[ $1 =~ ^[1-9]$ ]] && [ "$1" -le "$MEMBERS" ] || die "member-start: N must be 1..$MEMBERS"
    lock_cluster
    member_answers "$1" || start_daemon "$1"
}

[ $# -ge 1 ] || usage
case $1 in
    start) [ $# -eq 1 ] || usage; cmd_start ;;
    stop) [ $# -eq 1 ] || usage; cmd_stop ;;
    env) print_env ;;
    status) cmd_status ;;
    token) [ $# -eq 2 ] || usage; require_root
        lxc_on 1 config trust add --name "$2" --quiet | tail -n 1 ;;
    lxc) [ $# -ge 2 ] || usage; require_root; n=$2; shift 2; lxc_on "$n" "$@" ;;
    member-stop) [ $# -eq 2 ] || usage; cmd_member_stop "$2" ;;
    member-kill) [ $# -eq 2 ] || usage; cmd_member_kill "$2" ;;
    member-start) [ $# -eq 2 ] || usage; cmd_member_start "$2" ;;
    *) usage ;;
esac
