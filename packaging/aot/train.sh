#!/usr/bin/env bash
# The GUI's AOT cache (JDK 25, JEPs 483/514/515), made by the `package` Maven profile on Linux; why and how:
# docs/decisions/0010-aot-cache.md.
#
#   train.sh train IMAGE WORK CACHE CLASSPATH_DIR EXIT_AFTER_MS
#       Trains on IMAGE, an app image whose launchers do not name a cache yet (JDK 25 refuses -XX:AOTCache in a
#       recording run): prepares WORK/data (10,000 simulated instances cached in the store, by TrainingData.java with
#       the jars in CLASSPATH_DIR), starts IMAGE's own GUI launcher on it under a private Xvfb with
#       -XX:AOTMode=record, lets it end itself EXIT_AFTER_MS after its first paint (StartupProbe), then assembles
#       CACHE with -XX:AOTMode=create through the same launcher. JDK options go in through JAVA_TOOL_OPTIONS, so the
#       launcher's own command line (on Linux our script, packaging/linux/write-launchers.sh) is the one recorded.
#       Exit 0: CACHE written. Exit 3: no X server to be had (no Xvfb, no DISPLAY): nothing written, the build
#       packages without a cache. Anything else: the training failed.
#   train.sh train-cli IMAGE WORK CACHE
#       Trains instancectl's own cache (docs/decisions/0018-instancectl-per-call-cost.md) on IMAGE, whose instancectl
#       launcher names no cache yet: makes WORK/data with one simulated host and one Docker connection to
#       TrainingDockerEngine.java (a few canned answers on a unix socket) through instancectl itself, then runs that
#       launcher once with -XX:AOTMode=record and -Dinstanceconsole.probe.cliTraining=FILE (the app's CliTraining: the
#       command lines of FILE one after the other in one JVM: --help, list, pause and resume by name and by query,
#       connections list, history), then assembles CACHE. No display needed. Exit 0: CACHE written; else failed.
#   train.sh check IMAGE
#       Fails unless IMAGE's GUI launcher opens lib/app/instance-console.aot and loads the app's and JavaFX's classes
#       from it, its instancectl opens lib/app/instancectl.aot and loads the app's classes from it, and both print
#       nothing but their version (a cache that does not match must stay silent).
#
# Everything the runs write stays in WORK (data directory, HOME, XDG_RUNTIME_DIR, logs).
set -euo pipefail

fail() { echo "train.sh: $*" >&2; exit 1; }

# Only what the launcher needs: none of the caller's JVM or engine settings leak into the training.
clean_env() {
    env -u JAVA_TOOL_OPTIONS -u _JAVA_OPTIONS -u JDK_JAVA_OPTIONS -u DOCKER_HOST -u LIBVIRT_DEFAULT_URI \
        -u INSTANCE_CONSOLE_HOME -u INSTANCE_CONSOLE_SIMULATOR "$@"
}

train() {
    local image=$1 work=$2 cache=$3 classpath_dir=$4 exit_after_ms=$5
    local launcher=$image/bin/instance-console
    [ -x "$launcher" ] || fail "no launcher $launcher"
    rm -rf "$work" && mkdir -p "$work/home" "$work/tmp" && mkdir -m 700 "$work/runtime"
    work=$(cd "$work" && pwd)
    local conf=$work/instance-console.aotconf

    # An X server for the GUI: a private Xvfb (it picks a free display and says which on fd 3), else the session's.
    local xvfb_pid='' display=''
    if command -v Xvfb >/dev/null 2>&1; then
        Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
        xvfb_pid=$!
        # shellcheck disable=SC2064  # the pid is known now
        trap "kill $xvfb_pid 2>/dev/null || true" EXIT
        for _ in $(seq 1 100); do
            [ -s "$work/display" ] && break
            kill -0 "$xvfb_pid" 2>/dev/null || break
            sleep 0.1
        done
        [ -s "$work/display" ] && display=:$(tr -d '[:space:]' <"$work/display")
    fi
    if [ -z "$display" ] && [ -n "${DISPLAY:-}" ]; then
        display=$DISPLAY
    fi
    if [ -z "$display" ]; then
        echo "train.sh: no X server (Xvfb not installed or did not start, DISPLAY not set): no AOT cache"
        exit 3
    fi
    echo "train.sh: X display $display${xvfb_pid:+ (private Xvfb)}"

    # The data directory, made by the app's own store code from the jars being packaged.
    clean_env HOME="$work/home" "${JAVA_HOME:?}/bin/java" --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir="$work/tmp" \
        -cp "$classpath_dir/*" "$(dirname "$0")/TrainingData.java" "$work/data" >"$work/data.log" 2>&1 \
        || { tail -20 "$work/data.log" >&2; fail "could not prepare the training data directory (log: $work/data.log)"; }
    grep '^training data:' "$work/data.log" || fail "TrainingData printed no summary (log: $work/data.log)"

    # 1. The training run: the real GUI launcher, its own java-options, a normal start on a filled store.
    local started=$SECONDS rc=0
    clean_env HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime" DISPLAY="$display" \
        JAVA_TOOL_OPTIONS="-XX:AOTMode=record -XX:AOTConfiguration=$conf -Dinstanceconsole.probe.firstPaint=true -Dinstanceconsole.probe.exitAfterFirstPaintMs=$exit_after_ms" \
        timeout 300 "$launcher" --data-dir "$work/data" >"$work/record.log" 2>&1 || rc=$?
    [ "$rc" = 0 ] || { tail -30 "$work/record.log" >&2; fail "the training run ended with exit code $rc (log: $work/record.log)"; }
    grep '^FIRST_PAINT_MS' "$work/record.log" || fail "the training run never painted its table (log: $work/record.log)"
    [ -s "$conf" ] || fail "the training run wrote no AOT configuration (log: $work/record.log)"
    echo "train.sh: training run took $((SECONDS - started)) s; $(grep -c 'Skipping' "$work/record.log" || true) classes skipped by the JVM (log: $work/record.log)"

    # 2. The cache, assembled from what the training run recorded; no display needed (the JVM exits before main).
    started=$SECONDS rc=0
    rm -f "$cache"
    clean_env HOME="$work/home" \
        JAVA_TOOL_OPTIONS="-XX:AOTMode=create -XX:AOTConfiguration=$conf -XX:AOTCache=$cache" \
        timeout 300 "$launcher" >"$work/create.log" 2>&1 || rc=$?
    if [ "$rc" != 0 ] || [ ! -s "$cache" ]; then
        tail -30 "$work/create.log" >&2
        fail "could not create the AOT cache (exit code $rc, log: $work/create.log)"
    fi
    echo "train.sh: $(basename "$cache"): $(($(stat -c %s "$cache") / 1024 / 1024)) MiB in $((SECONDS - started)) s"
    rm -f "$conf"   # ~50 MB, needed only to create the cache
}

train_cli() {
    local image=$1 work=$2 cache=$3
    local launcher=$image/bin/instancectl
    [ -x "$launcher" ] || fail "no launcher $launcher"
    rm -rf "$work" && mkdir -p "$work/home"
    work=$(cd "$work" && pwd)
    local conf=$work/instancectl.aotconf data=$work/data commands=$work/commands.txt
    ctl() { clean_env HOME="$work/home" "$launcher" --data-dir "$data" "$@"; }
    # a Docker engine's few answers on a unix socket (TrainingDockerEngine.java), for the Docker adapter's classes
    local engine_pid socket=$work/docker.sock
    "${JAVA_HOME:?}/bin/java" "$(dirname "$0")/TrainingDockerEngine.java" "$socket" >"$work/engine.log" 2>&1 &
    engine_pid=$!
    # shellcheck disable=SC2064  # the pid is known now
    trap "kill $engine_pid 2>/dev/null || true" EXIT
    for _ in $(seq 1 300); do
        [ -S "$socket" ] && break
        kill -0 "$engine_pid" 2>/dev/null || break
        sleep 0.1
    done
    [ -S "$socket" ] || { cat "$work/engine.log" >&2; fail "the training Docker engine did not start (log: $work/engine.log)"; }
    { ctl connections add sim --simulator && ctl connections add dock --docker "unix://$socket" && ctl list; } \
        >"$work/prepare.log" 2>&1 \
        || { tail -20 "$work/prepare.log" >&2; fail "could not prepare instancectl's training data (log: $work/prepare.log)"; }
    local name
    name=$(ctl list --connection sim --status running | awk 'NR == 2 { print $1 }')
    [ -n "$name" ] || fail "the training host has no running instance (log: $work/prepare.log)"
    local d="--data-dir $data"
    printf '%s\n' --version --help 'pause --help' "$d connections list" "$d list" "$d list --json" "$d pause $name" \
        "$d resume $name" "$d pause --json $name" "$d resume --json $name" "$d pause training" "$d resume training" \
        "$d pause --json training" "$d resume --json training" "$d list --connection dock" \
        "$d pause --all-matching status:running" "$d resume --all-matching status:paused --json" "$d history" \
        "$d history --json" >"$commands"
    local started=$SECONDS rc=0
    clean_env HOME="$work/home" \
        JAVA_TOOL_OPTIONS="-XX:AOTMode=record -XX:AOTConfiguration=$conf -Dinstanceconsole.probe.cliTraining=$commands" \
        timeout 300 "$launcher" >"$work/record.log" 2>&1 || rc=$?
    [ "$rc" = 0 ] || { tail -30 "$work/record.log" >&2; fail "instancectl's training run ended with exit code $rc (log: $work/record.log)"; }
    local ran
    ran=$(grep -c '^cli-training: ' "$work/record.log" || true)
    [ "$ran" = "$(grep -c . "$commands")" ] || fail "instancectl's training ran $ran of $(grep -c . "$commands") command lines (log: $work/record.log)"
    [ -s "$conf" ] || fail "instancectl's training run wrote no AOT configuration (log: $work/record.log)"
    echo "train.sh: instancectl training run took $((SECONDS - started)) s for $ran command lines (log: $work/record.log)"
    started=$SECONDS rc=0
    rm -f "$cache"
    clean_env HOME="$work/home" \
        JAVA_TOOL_OPTIONS="-XX:AOTMode=create -XX:AOTConfiguration=$conf -XX:AOTCache=$cache" \
        timeout 300 "$launcher" >"$work/create.log" 2>&1 || rc=$?
    if [ "$rc" != 0 ] || [ ! -s "$cache" ]; then
        tail -30 "$work/create.log" >&2
        fail "could not create instancectl's AOT cache (exit code $rc, log: $work/create.log)"
    fi
    echo "train.sh: $(basename "$cache"): $(($(stat -c %s "$cache") / 1024 / 1024)) MiB in $((SECONDS - started)) s"
    rm -f "$conf"   # needed only to create the cache
    kill "$engine_pid" 2>/dev/null || true
}

check() {
    local image
    image=$(cd "$1" && pwd -P)
    local log
    log=$(mktemp)
    for launcher in instance-console instancectl; do
        # the GUI's cache, and instancectl's own (no JavaFX in it)
        local cache=$image/lib/app/instance-console.aot
        if [ "$launcher" = instancectl ]; then cache=$image/lib/app/instancectl.aot; fi
        # The launchers silence the JVM's AOT logging (-Xlog:aot*=off); _JAVA_OPTIONS comes after them and turns it on.
        _JAVA_OPTIONS='-Xlog:aot=info -Xlog:class+load=info' "$image/bin/$launcher" --version >"$log" 2>&1 \
            || { cat "$log" >&2; fail "$launcher --version failed"; }
        grep -q "Opened AOT cache $cache" "$log" \
            || { grep -i aot "$log" | head -20 >&2; fail "$launcher did not open $cache"; }
        local app fx
        app=$(grep -c ' io\.instanceconsole\..* source: shared objects file' "$log" || true)
        fx=$(grep -c ' javafx\..* source: shared objects file' "$log" || true)
        if [ "$app" = 0 ] || { [ "$launcher" = instance-console ] && [ "$fx" = 0 ]; }; then
            grep -iE 'aot|mismatch' "$log" | head -20 >&2
            fail "$launcher loaded $app app and $fx JavaFX classes from $cache"
        fi
        echo "train.sh: $launcher --version: $app app and $fx JavaFX classes from $(basename "$cache")"
        local out
        out=$("$image/bin/$launcher" --version 2>&1)
        [ "$out" = "$("$image/bin/$launcher" --version 2>/dev/null)" ] || fail "$launcher printed to stderr: $out"
        if grep -qi 'aot\|warning' <<<"$out"; then fail "$launcher printed: $out"; fi
    done
    rm -f "$log"
}

case "${1:-}" in
    train) shift; [ $# = 5 ] || fail "usage: train.sh train IMAGE WORK CACHE CLASSPATH_DIR EXIT_AFTER_MS"; train "$@" ;;
    train-cli) shift; [ $# = 3 ] || fail "usage: train.sh train-cli IMAGE WORK CACHE"; train_cli "$@" ;;
    check) shift; [ $# = 1 ] || fail "usage: train.sh check IMAGE"; check "$@" ;;
    *) fail "usage: train.sh (train IMAGE WORK CACHE CLASSPATH_DIR EXIT_AFTER_MS | train-cli IMAGE WORK CACHE | check IMAGE)" ;;
esac
