# Process helpers shared by the engine and lab scripts in .ci/ (sourced, never run). Each function reads /proc only
# and touches no process but the ones it is given.

# alive PID: the process exists and is not a zombie
alive() {
    local st
    st=$(sed -n 's/^.*) \([A-Za-z]\) .*$/\1/p' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# cmdline_has PID STRING: the process's command line contains STRING
cmdline_has() {
    [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# wait_gone TIMEOUT_SECONDS PID...: 0 once every PID is gone, 1 if one is still alive after the timeout
wait_gone() {
    local deadline=$((SECONDS + $1)) p left
    shift
    while :; do
        left=()
        for p in "$@"; do alive "$p" && left+=("$p"); done
        [ ${#left[@]} -eq 0 ] && return 0
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.1
    done
}

# processes_under DIR EXECUTABLE...: the pids of live processes whose executable is one of EXECUTABLE (a name, or a
# prefix ending in *) and whose command line names DIR/; never this shell
processes_under() {
    local dir=$1 d pid exe base name
    shift
    for d in /proc/[0-9]*; do
        pid=${d#/proc/}
        [ "$pid" = $$ ] && continue
        exe=$(readlink "$d/exe" 2>/dev/null) || continue
        base=${exe##*/}
        base=${base% (deleted)}
        for name in "$@"; do
            # shellcheck disable=SC2254 # a name may be a pattern (containerd-shim*)
            case $base in
                $name)
                    cmdline_has "$pid" "$dir/" && alive "$pid" && printf '%s\n' "$pid"
                    break
                    ;;
            esac
        done
    done
    return 0
}

# find_static_busybox: the path of a statically linked busybox (IC_BUSYBOX first), for test images
find_static_busybox() {
    local p
    for p in ${IC_BUSYBOX:-} /bin/busybox /usr/bin/busybox; do
        # ldd fails on a static executable
        if [ -x "$p" ] && ! ldd "$p" >/dev/null 2>&1; then
            printf '%s\n' "$p"
            return 0
        fi
    done
    return 1
}
