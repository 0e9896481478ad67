#!/usr/bin/env bash
# A lab of remote hosts on this machine for Instance Console's integration tests and benchmarks:
# a network namespace with only loopback, and in it N "hosts", each a loopback address 127.0.1.I
# with its own sshd (Debian's OpenSSH server) on port 2222 and, on request, its own dockerd.
# Faults (packet loss, a cut link, a frozen sshd) are set per host.  Nothing in the lab talks to
# any address outside 127.0.0.0/8.
#
# Usage:
#   .ci/host-lab.sh up N [--docker] [--libvirt]
#                                   idempotent: namespace, hosts 1..N (hosts above N that are up
#                                   stay up), the password-only host, client key, agent,
#                                   ssh_config, known_hosts; --docker: a dockerd per host;
#                                   --libvirt: the lab's libvirtd; prints the `env` output
#   .ci/host-lab.sh env             print shell-sourceable LAB_* variables of the running lab
#   .ci/host-lab.sh netns           create only the namespace (what .ci/lab-jvm/bin/java needs first)
#   .ci/host-lab.sh loss I PERCENT  drop PERCENT % (0-100, decimals allowed) of the packets to and
#                                   from host I, at random; 0 removes the loss
#   .ci/host-lab.sh cut I           drop every packet to and from host I
#   .ci/host-lab.sh restore I       remove host I's cut and loss
#   .ci/host-lab.sh stop-sshd I [--sessions]
#                                   SIGSTOP host I's sshd listener (new connections hang after
#                                   the TCP handshake); --sessions also stops every process of
#                                   its open sessions (an established ssh session hangs too)
#   .ci/host-lab.sh cont-sshd I     SIGCONT host I's sshd listener and its sessions
#   .ci/host-lab.sh down            stop everything `up` started, delete the namespace and the
#                                   lab directory; idempotent, safe after a failed `up`
#
# Layout (LAB = ${IC_LAB_DIR:-/tmp/instance-console-lab}, namespace ${IC_LAB_NETNS:-icl-lab}):
#   host I (1..98): address 127.0.1.I on `lo` in the namespace, sshd on 127.0.1.I:2222 started with
#     `ip netns exec`, config LAB/hosts/I/sshd_config, host key LAB/hosts/I/ssh_host_ed25519_key,
#     log LAB/hosts/I/sshd.log; root logs in with the lab's client key only.  Its sshd sets
#     DOCKER_HOST to the host's own Docker socket for every session (SetEnv), so
#     `docker -H ssh://root@127.0.1.I:2222 ps` reaches that host's engine; an explicit socket path
#     (ssh://root@127.0.1.I:2222/LAB/engines/labI/docker.sock) works as well.
#   password-only host: 127.0.1.99:2222 (alias labpw), `AuthenticationMethods password`, no keys.
#   client: key LAB/client/id_ed25519 (0600), held by `ssh-agent -a LAB/agent.sock`;
#     LAB/ssh_config (Host lab1..labN, labpw; User root, Port 2222, IdentityFile, IdentityAgent,
#     UserKnownHostsFile LAB/known_hosts, StrictHostKeyChecking yes, ConnectTimeout 5);
#     LAB/known_hosts holds every host's key as [127.0.1.I]:2222 and as 127.0.1.I (port 22, where
#     a test's delay proxy listens); LAB/bin/ssh runs ssh with LAB/ssh_config, for tools that run
#     `ssh` from PATH (PATH=LAB/bin:$PATH docker -H ssh://root@127.0.1.1:2222 ps).
#   Docker (--docker): engine labI of .ci/docker-engine.sh with IC_ENGINE_ROOT=LAB/engines, socket
#     LAB/engines/labI/docker.sock, test image instanceconsole/busybox:1 loaded.  Each dockerd runs
#     as docker-engine.sh runs it (no bridge, no iptables, containers with --network none), entered
#     into the lab's network namespace with `nsenter --net` (not `ip netns exec`, whose fresh /sys
#     hides the cgroup mounts dockerd needs); unix sockets are not network-namespaced, so each
#     host's sshd (and a test) reaches its socket by path.
#   libvirt (--libvirt): ONE libvirtd for the whole lab (a VM per host costs too much on this
#     machine): .ci/libvirt-env.sh with IC_LIBVIRT_ROOT=LAB/libvirt, domain ic-tiny, entered into
#     the namespace like the dockerds; every host
#     reports the same socket, so qemu+ssh://root@127.0.1.I:2222/system?socket=LAB/libvirt/run/libvirt-sock
#     reaches it through host I's sshd (the remote runs `nc`, package netcat-openbsd).
#   faults: iptables in the namespace, chain ICL-LAB jumped from INPUT (every loopback packet passes
#     INPUT once), per host ICL-C<I> (cut) and ICL-L<I> (loss: a random DROP, then ACCEPT so that a
#     packet is drawn only once).  The kernel has no netem: latency is a delay proxy in test code
#     (src/test/java/io/instanceconsole/lab/DelayProxy.java).
#
# Environment: IC_LAB_DIR (default /tmp/instance-console-lab), IC_LAB_NETNS (default icl-lab); two
# labs side by side need both different.  `down` leaves only the lock files LAB.lock and
# LAB.install.lock beside LAB, and /run/sshd (the privilege separation directory every Debian
# sshd on this machine shares).
# Needs root and `ip netns`.  Installs openssh-server (with a policy-rc.d that starts nothing),
# netcat-openbsd and iptables with apt-get when missing; docker.io through docker-engine.sh.
set -euo pipefail

readonly ME=host-lab
readonly PORT=2222
readonly PW_INDEX=99
readonly PW_ADDR=127.0.1.$PW_INDEX
readonly MAX_HOSTS=98
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
readonly HERE

log() { printf '%s: %s\n' "$ME" "$*" >&2; }
die() { printf '%s: ERROR: %s\n' "$ME" "$*" >&2; exit 1; }
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/process-lib.sh"

usage() {
    sed -n '/^# Usage:/,/^# Layout/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

LAB=${IC_LAB_DIR:-/tmp/instance-console-lab}
case $LAB in /*) ;; *) LAB=$PWD/$LAB ;; esac
LAB=${LAB%/}
[[ $LAB =~ ^[A-Za-z0-9._/+-]+$ ]] || die "IC_LAB_DIR '$LAB' may only contain letters, digits and ._/+-"
NETNS=${IC_LAB_NETNS:-icl-lab}
[[ $NETNS =~ ^[A-Za-z0-9_-]{1,32}$ ]] || die "IC_LAB_NETNS '$NETNS' may only contain letters, digits, _ and -"
readonly LAB NETNS
readonly NETNS_PATH=/run/netns/$NETNS
readonly ENGINES=$LAB/engines
readonly LIBVIRT_ROOT=$LAB/libvirt
readonly LIBVIRT_SOCK=$LIBVIRT_ROOT/run/libvirt-sock
readonly KEY=$LAB/client/id_ed25519
readonly AGENT_SOCK=$LAB/agent.sock
readonly AGENT_PID=$LAB/agent.pid
readonly SSH_CONFIG=$LAB/ssh_config
readonly KNOWN_HOSTS=$LAB/known_hosts

addr() { printf '127.0.1.%s' "$1"; }
host_dir() { printf '%s/hosts/%s' "$LAB" "$1"; }

require_root() { [ "$(id -u)" = 0 ] || die "must run as root (network namespace, sshd, iptables)"; }

require_netns_support() {
    command -v ip >/dev/null || die "'ip' (iproute2) not found"
    ip netns list >/dev/null 2>&1 || die "'ip netns' does not work here"
    command -v nsenter >/dev/null || die "nsenter (util-linux) not found"
}

in_ns() { ip netns exec "$NETNS" "$@"; }

check_index() { # I
    [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && { [ "$1" -le "$MAX_HOSTS" ] || [ "$1" = "$PW_INDEX" ]; } \
        || die "host index '$1' must be 1..$MAX_HOSTS or $PW_INDEX"
}

# ---------------------------------------------------------------------------------------
# packages

pkg_installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]; }

ensure_packages() {
    local want=() p
    [ -x /usr/sbin/sshd ] || want+=(openssh-server)
    command -v ssh >/dev/null && command -v ssh-agent >/dev/null || want+=(openssh-client)
    pkg_installed netcat-openbsd || want+=(netcat-openbsd)
    command -v iptables >/dev/null || want+=(iptables)
    [ ${#want[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing ${want[*]} and no apt-get to install them"
    mkdir -p "$LAB"
    (
        flock -w 900 8 || die "timed out waiting for $LAB.install.lock"
        local still=()
        for p in "${want[@]}"; do pkg_installed "$p" || still+=("$p"); done
        [ ${#still[@]} -eq 0 ] && exit 0
        # Debian starts a freshly installed sshd unless policy-rc.d says no (101 = action forbidden)
        local policy=/usr/sbin/policy-rc.d made_policy=0
        if [ ! -e $policy ]; then
            printf '#!/bin/sh\n# written by %s while it installs packages\nexit 101\n' "$ME" >$policy
            chmod 0755 $policy
            made_policy=1
        fi
        log "installing ${still[*]} with apt-get (log: $LAB/apt.log)"
        export DEBIAN_FRONTEND=noninteractive
        local apt=(apt-get -q -o DPkg::Lock::Timeout=600) ok=1
        "${apt[@]}" update >>"$LAB/apt.log" 2>&1 || ok=0
        [ $ok = 1 ] && { "${apt[@]}" install -y --no-install-recommends "${still[@]}" >>"$LAB/apt.log" 2>&1 || ok=0; }
        [ $made_policy = 1 ] && rm -f $policy
        [ $ok = 1 ] || { tail -n 30 "$LAB/apt.log" >&2; die "apt-get install ${still[*]} failed"; }
    ) 8>"$LAB.install.lock"
    [ -x /usr/sbin/sshd ] || die "/usr/sbin/sshd missing after installing openssh-server"
}

# ---------------------------------------------------------------------------------------
# process helpers

descendants() { # PID: prints every descendant pid, children before grandchildren
    local queue=("$1") p c
    while [ ${#queue[@]} -gt 0 ]; do
        p=${queue[0]}
        queue=("${queue[@]:1}")
        for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do
            printf '%s\n' "$c"
            queue+=("$c")
        done
    done
}

# the pid of host I's sshd listener, if it runs
sshd_pid() {
    local dir pid
    dir=$(host_dir "$1")
    [ -f "$dir/sshd.pid" ] || return 1
    pid=$(tr -dc 0-9 <"$dir/sshd.pid" 2>/dev/null) || return 1
    [ -n "$pid" ] && alive "$pid" && cmdline_has "$pid" "$dir/sshd_config" || return 1
    printf '%s\n' "$pid"
}

agent_pid() {
    local pid
    [ -f "$AGENT_PID" ] || return 1
    pid=$(tr -dc 0-9 <"$AGENT_PID" 2>/dev/null) || return 1
    [ -n "$pid" ] && alive "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = ssh-agent ] || return 1
    printf '%s\n' "$pid"
}

# ---------------------------------------------------------------------------------------
# namespace and firewall

ensure_netns() {
    if [ ! -e "$NETNS_PATH" ]; then
        log "creating network namespace $NETNS"
        ip netns add "$NETNS" || die "ip netns add $NETNS failed"
    fi
    ip -n "$NETNS" link set lo up
}

ensure_firewall_base() {
    in_ns iptables -w -n -L ICL-LAB >/dev/null 2>&1 || in_ns iptables -w -N ICL-LAB
    in_ns iptables -w -C INPUT -j ICL-LAB 2>/dev/null || in_ns iptables -w -I INPUT 1 -j ICL-LAB
}

ensure_firewall_host() { # I
    local i=$1 a chain dir
    a=$(addr "$i")
    for chain in "ICL-C$i" "ICL-L$i"; do
        in_ns iptables -w -n -L "$chain" >/dev/null 2>&1 || in_ns iptables -w -N "$chain"
    done
    for dir in -d -s; do
        for chain in "ICL-C$i" "ICL-L$i"; do
            in_ns iptables -w -C ICL-LAB "$dir" "$a/32" -j "$chain" 2>/dev/null \
                || in_ns iptables -w -A ICL-LAB "$dir" "$a/32" -j "$chain"
        done
    done
}

require_host_up() { # I
    [ -e "$NETNS_PATH" ] || die "the lab is not up (no namespace $NETNS)"
    [ -d "$(host_dir "$1")" ] || die "host $1 is not part of the lab (no $(host_dir "$1"))"
    in_ns iptables -w -n -L "ICL-C$1" >/dev/null 2>&1 || die "host $1 has no firewall chains"
}

# ---------------------------------------------------------------------------------------
# client side

ensure_client() {
    mkdir -p "$LAB/client"
    chmod 0700 "$LAB/client"
    if [ ! -f "$KEY" ] || [ ! -f "$KEY.pub" ]; then
        rm -f "$KEY" "$KEY.pub"
        ssh-keygen -q -t ed25519 -N '' -C "instance-console-lab-client" -f "$KEY" >/dev/null
    fi
    chmod 0600 "$KEY"
    if ! agent_pid >/dev/null; then
        rm -f "$AGENT_SOCK"
        local out pid
        out=$(ssh-agent -s -a "$AGENT_SOCK" 9>&-) || die "ssh-agent failed to start"
        pid=$(sed -n 's/^SSH_AGENT_PID=\([0-9]*\);.*/\1/p' <<<"$out")
        [ -n "$pid" ] || die "ssh-agent printed no pid: $out"
        printf '%s\n' "$pid" >"$AGENT_PID"
        log "ssh-agent pid $pid on $AGENT_SOCK"
    fi
    if ! SSH_AUTH_SOCK=$AGENT_SOCK ssh-add -l 2>/dev/null | grep -qF "$(ssh-keygen -lf "$KEY.pub" | awk '{print $2}')"; then
        SSH_AUTH_SOCK=$AGENT_SOCK ssh-add -q "$KEY" 2>/dev/null || die "ssh-add $KEY failed"
    fi
}

# ssh_config and known_hosts for every host directory present
write_client_files() {
    local d i a tmp
    tmp=$(mktemp "$LAB/ssh_config.XXXXXX")
    {
        printf '# ssh_config of the Instance Console host lab (%s); written by .ci/host-lab.sh\n' "$LAB"
        for d in "$LAB"/hosts/*/; do
            i=$(basename "$d")
            [[ $i =~ ^[0-9]+$ ]] || continue
            if [ "$i" = "$PW_INDEX" ]; then
                printf 'Host labpw\n    HostName %s\n' "$PW_ADDR"
            else
                printf 'Host lab%s\n    HostName %s\n' "$i" "$(addr "$i")"
            fi
        done
        cat <<EOF
Host lab* 127.0.1.*
    Port $PORT
    User root
    IdentityFile $KEY
    IdentitiesOnly yes
    IdentityAgent $AGENT_SOCK
    UserKnownHostsFile $KNOWN_HOSTS
    GlobalKnownHostsFile /dev/null
    StrictHostKeyChecking yes
    UpdateHostKeys no
    CheckHostIP no
    ConnectTimeout 5
    ControlMaster no
    ControlPath none
    LogLevel ERROR
EOF
    } >"$tmp"
    chmod 0644 "$tmp"
    mv -f "$tmp" "$SSH_CONFIG"

    # for tools that run `ssh` from PATH and cannot be given -F (the docker CLI's ssh://)
    mkdir -p "$LAB/bin"
    printf '#!/bin/sh\n# ssh with the lab'"'"'s ssh_config; written by .ci/host-lab.sh\nexec /usr/bin/ssh -F %s "$@"\n' \
        "$SSH_CONFIG" >"$LAB/bin/ssh"
    chmod 0755 "$LAB/bin/ssh"

    tmp=$(mktemp "$LAB/known_hosts.XXXXXX")
    for d in "$LAB"/hosts/*/; do
        i=$(basename "$d")
        [[ $i =~ ^[0-9]+$ ]] && [ -f "$d/ssh_host_ed25519_key.pub" ] || continue
        a=$(addr "$i")
        printf '[%s]:%s,%s %s\n' "$a" "$PORT" "$a" "$(cut -d' ' -f1,2 "$d/ssh_host_ed25519_key.pub")"
    done >"$tmp"
    chmod 0644 "$tmp"
    mv -f "$tmp" "$KNOWN_HOSTS"
}

# ---------------------------------------------------------------------------------------
# hosts

# Debian's sshd needs its privilege separation directory; it is left in place by `down` (other
# sshd's on this machine may use it too)
ensure_privsep_dir() {
    [ -d /run/sshd ] || { mkdir -p /run/sshd && chmod 0755 /run/sshd; }
}

# writes host I's sshd_config; DOCKER_SOCK may be empty
write_sshd_config() { # I DOCKER_SOCK
    local i=$1 sock=$2 dir a
    dir=$(host_dir "$i")
    a=$(addr "$i")
    {
        printf '# sshd_config of lab host %s (%s:%s); written by .ci/host-lab.sh\n' "$i" "$a" "$PORT"
        cat <<EOF
ListenAddress $a:$PORT
HostKey $dir/ssh_host_ed25519_key
PidFile $dir/sshd.pid
LogLevel VERBOSE
UsePAM no
UseDNS no
StrictModes no
PrintMotd no
PrintLastLog no
MaxStartups 200:30:400
MaxSessions 100
AllowTcpForwarding yes
AllowStreamLocalForwarding yes
Subsystem sftp /usr/lib/openssh/sftp-server
KbdInteractiveAuthentication no
EOF
        if [ "$i" = "$PW_INDEX" ]; then
            cat <<EOF
AuthenticationMethods password
PasswordAuthentication yes
PubkeyAuthentication no
AuthorizedKeysFile none
PermitRootLogin yes
EOF
        else
            cat <<EOF
AuthenticationMethods publickey
PasswordAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
EOF
            if [ -n "$sock" ]; then
                printf 'SetEnv DOCKER_HOST=unix://%s\n' "$sock"
            fi
        fi
    } >"$dir/sshd_config.new"
    mv -f "$dir/sshd_config.new" "$dir/sshd_config"
}

wait_listening() { # ADDR PID HOSTINDEX
    local deadline=$((SECONDS + 15))
    while ! in_ns ss -Hltn "src $1 and sport = :$PORT" 2>/dev/null | grep -q LISTEN; do
        alive "$2" || return 1
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.05
    done
}

# starts host I's sshd (or restarts it when its config changed); DOCKER_SOCK may be empty
ensure_host() { # I DOCKER_SOCK
    local i=$1 sock=$2 dir a pid
    dir=$(host_dir "$i")
    a=$(addr "$i")
    mkdir -p "$dir"
    # grep reads everything (no -q): ip flushes each address, and under pipefail a grep -q that quits at
    # the first match lets a later write fail with SIGPIPE, so a present address looked missing ("Address
    # already assigned"), one `up` in four once the lab has more hosts than the one looked for
    ip -n "$NETNS" addr show dev lo | grep -F " $a/32 " >/dev/null || ip -n "$NETNS" addr add "$a/32" dev lo
    ensure_firewall_host "$i"
    [ -f "$dir/ssh_host_ed25519_key" ] \
        || ssh-keygen -q -t ed25519 -N '' -C "lab-host-$i" -f "$dir/ssh_host_ed25519_key" >/dev/null
    chmod 0600 "$dir/ssh_host_ed25519_key"
    if [ "$i" != "$PW_INDEX" ]; then
        cp "$KEY.pub" "$dir/authorized_keys"
        chmod 0644 "$dir/authorized_keys"
    fi
    local before=""
    [ -f "$dir/sshd_config" ] && before=$(cat "$dir/sshd_config")
    write_sshd_config "$i" "$sock"
    /usr/sbin/sshd -t -f "$dir/sshd_config" || die "sshd -t rejects $dir/sshd_config"
    if pid=$(sshd_pid "$i"); then
        [ "$before" = "$(cat "$dir/sshd_config")" ] && return 0
        log "host $i: sshd_config changed, restarting sshd"
        stop_host_sshd "$i"
    fi
    rm -f "$dir/sshd.pid"
    in_ns /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log" </dev/null 9>&- \
        || { tail -n 20 "$dir/sshd.log" >&2 || true; die "host $i: sshd did not start"; }
    local deadline=$((SECONDS + 10))
    until pid=$(sshd_pid "$i"); do
        [ $SECONDS -ge $deadline ] && { tail -n 20 "$dir/sshd.log" >&2 || true; die "host $i: sshd wrote no pid file"; }
        sleep 0.05
    done
    wait_listening "$a" "$pid" "$i" || { tail -n 20 "$dir/sshd.log" >&2 || true; die "host $i: sshd does not listen on $a:$PORT"; }
    log "host $i: sshd pid $pid on $a:$PORT"
}

stop_host_sshd() { # I
    local pid pids=() p
    pid=$(sshd_pid "$1") || return 0
    pids=("$pid")
    for p in $(descendants "$pid"); do pids+=("$p"); done
    kill -CONT "${pids[@]}" 2>/dev/null || true
    kill -TERM "${pids[@]}" 2>/dev/null || true
    if ! wait_gone 5 "${pids[@]}"; then
        kill -KILL "${pids[@]}" 2>/dev/null || true
        wait_gone 5 "${pids[@]}" || log "WARNING: host $1: processes still alive: ${pids[*]}"
    fi
}

# ---------------------------------------------------------------------------------------
# docker and libvirt

start_engines() { # INDEX...
    local i pids=() names=() rc=0 k
    mkdir -p "$ENGINES"
    for i in "$@"; do
        # in the lab's network namespace, whatever namespace this script runs in
        IC_ENGINE_ROOT=$ENGINES nsenter --net="$NETNS_PATH" -- "$HERE/docker-engine.sh" start "lab$i" \
            >"$ENGINES/.start-lab$i.out" 2>"$ENGINES/.start-lab$i.err" 9>&- &
        pids+=($!)
        names+=("$i")
    done
    for k in "${!pids[@]}"; do
        if ! wait "${pids[$k]}"; then
            sed "s/^/  lab${names[$k]}: /" "$ENGINES/.start-lab${names[$k]}.err" >&2 || true
            rc=1
        fi
        rm -f "$ENGINES/.start-lab${names[$k]}.out" "$ENGINES/.start-lab${names[$k]}.err"
    done
    [ $rc = 0 ] || die "docker-engine.sh start failed for some lab hosts"
}

engine_sock() { printf '%s/lab%s/docker.sock' "$ENGINES" "$1"; }

engine_running() { IC_ENGINE_ROOT=$ENGINES "$HERE/docker-engine.sh" status "lab$1" 2>/dev/null; }

start_libvirt() {
    mkdir -p "$LIBVIRT_ROOT"
    # the kernel and initramfs are cached by the project's default libvirt root: reuse them
    local cached=${IC_LIBVIRT_ROOT_DEFAULT:-/tmp/instance-console-libvirt}/images
    if [ ! -d "$LIBVIRT_ROOT/images" ] && [ -s "$cached/vmlinuz" ]; then
        cp -a "$cached" "$LIBVIRT_ROOT/images"
    fi
    IC_LIBVIRT_ROOT=$LIBVIRT_ROOT nsenter --net="$NETNS_PATH" -- "$HERE/libvirt-env.sh" start >/dev/null 9>&- \
        || die "libvirt-env.sh start failed (IC_LIBVIRT_ROOT=$LIBVIRT_ROOT)"
}

libvirt_running() { [ -S "$LIBVIRT_SOCK" ] && IC_LIBVIRT_ROOT=$LIBVIRT_ROOT "$HERE/libvirt-env.sh" status 2>/dev/null | grep -q 'libvirtd: running'; }

# ---------------------------------------------------------------------------------------
# commands

lock_lab() {
    mkdir -p "$(dirname "$LAB")"
    exec 9>"$LAB.lock"
    flock -w 600 9 || die "timed out waiting for the lab lock $LAB.lock"
}

cmd_netns() {
    require_root
    require_netns_support
    lock_lab
    ensure_netns
}

# What needs the network (packages, the guest's kernel and initramfs), done in the host's namespace before a
# test JVM enters the lab's loopback-only one, from where `up` cannot fetch anything.
cmd_prepare() {
    cmd_netns
    mkdir -p "$LIBVIRT_ROOT"
    local cached=${IC_LIBVIRT_ROOT_DEFAULT:-/tmp/instance-console-libvirt}/images
    if [ ! -d "$LIBVIRT_ROOT/images" ] && [ -s "$cached/vmlinuz" ]; then
        cp -a "$cached" "$LIBVIRT_ROOT/images"
    fi
    IC_LIBVIRT_ROOT=$LIBVIRT_ROOT "$HERE/libvirt-env.sh" prepare >&2 9>&- \
        || die "libvirt-env.sh prepare failed (IC_LIBVIRT_ROOT=$LIBVIRT_ROOT)"
}

cmd_up() {
    [ $# -ge 1 ] || usage
    local n=$1 docker=0 libvirt=0 i
    shift
    [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le $MAX_HOSTS ] || die "N must be 1..$MAX_HOSTS, not '$n'"
    while [ $# -gt 0 ]; do
        case $1 in
            --docker) docker=1 ;;
            --libvirt) libvirt=1 ;;
            *) usage ;;
        esac
        shift
    done
    require_root
    require_netns_support
    local t0=$SECONDS
    ensure_packages
    lock_lab
    mkdir -p "$LAB/hosts"
    chmod 0755 "$LAB"
    ensure_netns
    ensure_firewall_base
    ensure_privsep_dir
    ensure_client

    if [ $docker = 1 ]; then
        local missing=()
        for i in $(seq 1 "$n"); do engine_running "$i" || missing+=("$i"); done
        [ ${#missing[@]} -gt 0 ] && start_engines "${missing[@]}"
    fi
    [ $libvirt = 1 ] && { libvirt_running || start_libvirt; }

    local sock
    for i in $(seq 1 "$n"); do
        sock=""
        [ -S "$(engine_sock "$i")" ] && sock=$(engine_sock "$i")
        ensure_host "$i" "$sock"
    done
    ensure_host "$PW_INDEX" ""
    write_client_files
    log "lab up: $n host(s)$([ $docker = 1 ] && echo ', docker')$([ $libvirt = 1 ] && echo ', libvirt') in $((SECONDS - t0)) s"
    cmd_env
}

q() { printf '%s=%q\n' "$1" "$2"; }

cmd_env() {
    [ -e "$NETNS_PATH" ] && [ -f "$SSH_CONFIG" ] || die "the lab is not up (run: $0 up N)"
    local d i count=0 indexes=()
    for d in "$LAB"/hosts/*/; do
        i=$(basename "$d")
        [[ $i =~ ^[0-9]+$ ]] && [ "$i" != "$PW_INDEX" ] && sshd_pid "$i" >/dev/null || continue
        indexes+=("$i")
    done
    mapfile -t indexes < <(printf '%s\n' "${indexes[@]}" | sort -n)
    count=${#indexes[@]}
    q LAB_DIR "$LAB"
    q LAB_NETNS "$NETNS"
    q LAB_SSH_CONFIG "$SSH_CONFIG"
    q LAB_KNOWN_HOSTS "$KNOWN_HOSTS"
    q LAB_AGENT_SOCK "$AGENT_SOCK"
    q LAB_KEY "$KEY"
    q LAB_BIN "$LAB/bin"
    q LAB_SSH_PORT "$PORT"
    q LAB_HOSTS "$count"
    q LAB_PASSWORD_HOST "$PW_ADDR"
    local lv=0
    [ -S "$LIBVIRT_SOCK" ] && lv=1
    for i in "${indexes[@]}"; do
        q "LAB_HOST_$i" "$(addr "$i")"
        q "LAB_HOST_KEY_$i" "$(host_dir "$i")/ssh_host_ed25519_key.pub"
        [ -S "$(engine_sock "$i")" ] && q "LAB_DOCKER_SOCK_$i" "$(engine_sock "$i")"
        [ $lv = 1 ] && q "LAB_LIBVIRT_SOCK_$i" "$LIBVIRT_SOCK"
    done
    return 0
}

cmd_loss() {
    [ $# -eq 2 ] || usage
    local i=$1 pct=$2 p
    check_index "$i"
    [[ $pct =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "PERCENT must be a number 0..100, not '$pct'"
    p=$(awk -v x="$pct" 'BEGIN { if (x > 100) exit 1; printf "%.6f", x / 100 }') || die "PERCENT must be at most 100"
    require_root
    require_host_up "$i"
    in_ns iptables -w -F "ICL-L$i"
    if awk -v x="$p" 'BEGIN { exit !(x > 0) }'; then
        in_ns iptables -w -A "ICL-L$i" -m statistic --mode random --probability "$p" -j DROP
        in_ns iptables -w -A "ICL-L$i" -j ACCEPT
        log "host $i: dropping $pct % of packets"
    else
        log "host $i: no loss"
    fi
}

cmd_cut() {
    [ $# -eq 1 ] || usage
    check_index "$1"
    require_root
    require_host_up "$1"
    in_ns iptables -w -F "ICL-C$1"
    in_ns iptables -w -A "ICL-C$1" -j DROP
    log "host $1: link cut"
}

cmd_restore() {
    [ $# -eq 1 ] || usage
    check_index "$1"
    require_root
    require_host_up "$1"
    in_ns iptables -w -F "ICL-C$1"
    in_ns iptables -w -F "ICL-L$1"
    log "host $1: link restored"
}

cmd_stop_sshd() {
    [ $# -ge 1 ] && [ $# -le 2 ] || usage
    local i=$1 sessions=0 pid pids=() p
    [ $# -eq 2 ] && { [ "$2" = --sessions ] || usage; sessions=1; }
    check_index "$i"
    require_root
    pid=$(sshd_pid "$i") || die "host $i: sshd is not running"
    pids=("$pid")
    if [ $sessions = 1 ]; then
        for p in $(descendants "$pid"); do pids+=("$p"); done
    fi
    kill -STOP "${pids[@]}"
    log "host $i: stopped ${#pids[@]} process(es) (${pids[*]})"
}

cmd_cont_sshd() {
    [ $# -eq 1 ] || usage
    local pid pids=() p
    check_index "$1"
    require_root
    pid=$(sshd_pid "$1") || die "host $1: sshd is not running"
    pids=("$pid")
    for p in $(descendants "$pid"); do pids+=("$p"); done
    kill -CONT "${pids[@]}" 2>/dev/null || true
    log "host $1: continued ${#pids[@]} process(es)"
}

# processes in the lab's namespace other than this script and its ancestors
netns_processes() {
    [ -e "$NETNS_PATH" ] || return 0
    local ino self=() p d pid
    ino=$(stat -L -c %i "$NETNS_PATH" 2>/dev/null) || return 0
    p=$$
    while [ -n "$p" ] && [ "$p" != 0 ]; do
        self+=("$p")
        p=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null) || break
    done
    for d in /proc/[0-9]*; do
        pid=${d#/proc/}
        [ "$(stat -L -c %i "$d/ns/net" 2>/dev/null)" = "$ino" ] || continue
        [[ " ${self[*]} " == *" $pid "* ]] && continue
        alive "$pid" && printf '%s\n' "$pid"
    done
    return 0
}

cmd_down() {
    if [ ! -e "$LAB" ] && [ ! -e "$NETNS_PATH" ]; then
        log "nothing to take down (no $LAB, no namespace $NETNS)"
        return 0
    fi
    require_root
    lock_lab
    local d i rc=0 pid pids=()
    for d in "$LAB"/hosts/*/; do
        [ -d "$d" ] || continue
        i=$(basename "$d")
        [[ $i =~ ^[0-9]+$ ]] && stop_host_sshd "$i"
    done
    if pid=$(agent_pid); then
        kill -TERM "$pid" 2>/dev/null || true
        wait_gone 5 "$pid" || kill -KILL "$pid" 2>/dev/null || true
    fi
    if [ -d "$ENGINES" ]; then
        IC_ENGINE_ROOT=$ENGINES "$HERE/docker-engine.sh" stop-all || { log "WARNING: stopping the lab's engines failed"; rc=1; }
    fi
    if [ -d "$LIBVIRT_ROOT" ]; then
        IC_LIBVIRT_ROOT=$LIBVIRT_ROOT "$HERE/libvirt-env.sh" stop || { log "WARNING: stopping the lab's libvirtd failed"; rc=1; }
    fi
    # whatever still runs in the namespace (a session's command, a test's ssh client, ...)
    for pid in $(netns_processes); do pids+=("$pid"); done
    if [ ${#pids[@]} -gt 0 ]; then
        log "killing ${#pids[@]} leftover process(es) in $NETNS: $(for p in "${pids[@]}"; do
            printf '%s(%s) ' "$p" "$(cat "/proc/$p/comm" 2>/dev/null)"; done)"
        kill -CONT "${pids[@]}" 2>/dev/null || true
        kill -TERM "${pids[@]}" 2>/dev/null || true
        wait_gone 5 "${pids[@]}" || { kill -KILL "${pids[@]}" 2>/dev/null || true; wait_gone 5 "${pids[@]}" || rc=1; }
    fi
    if [ -e "$NETNS_PATH" ]; then
        ip netns exec "$NETNS" iptables -w -F >/dev/null 2>&1 || true
        ip netns del "$NETNS" 2>/dev/null || true
        if [ -e "$NETNS_PATH" ]; then
            umount "$NETNS_PATH" 2>/dev/null || umount -l "$NETNS_PATH" 2>/dev/null || true
            rm -f "$NETNS_PATH" 2>/dev/null || true
        fi
        [ -e "$NETNS_PATH" ] && { log "WARNING: could not delete namespace $NETNS"; rc=1; }
    fi
    # anything mounted under the lab directory (deepest first)
    local mp
    while read -r mp; do
        [ -n "$mp" ] && { umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || { log "WARNING: cannot unmount $mp"; rc=1; }; }
    done < <(awk -v dir="$LAB" '$5 == dir || index($5, dir "/") == 1 { print length($5) "\t" $5 }' /proc/self/mountinfo | sort -rn | cut -f2-)
    rm -rf --one-file-system "$LAB" || { log "WARNING: could not remove $LAB"; rc=1; }
    [ $rc = 0 ] && log "lab down" || log "lab down, with the warnings above"
    return $rc
}

[ $# -ge 1 ] || usage
cmd=$1
shift
case $cmd in
    up) cmd_up "$@" ;;
    env) [ $# -eq 0 ] || usage; cmd_env ;;
    netns) [ $# -eq 0 ] || usage; cmd_netns ;;
    prepare) [ $# -eq 0 ] || usage; cmd_prepare ;;
    loss) cmd_loss "$@" ;;
    cut) cmd_cut "$@" ;;
    restore) cmd_restore "$@" ;;
    stop-sshd) cmd_stop_sshd "$@" ;;
    cont-sshd) cmd_cont_sshd "$@" ;;
    down) [ $# -eq 0 ] || usage; cmd_down ;;
    -h | --help | help) usage ;;
    *) usage ;;
esac
