#!/usr/bin/env bash
# Installer smoke test (issue 8), run by .ci/run as root on Debian 12; re-runnable.
#   1. builds the .deb with `mvn -Ppackage -DskipTests package` and checks the jlinked runtime holds every JDK module
#      jdeps says the class path needs, and that the .deb ships the GUI's AOT cache (docs/decisions/0010-aot-cache.md);
#   2. installs it with dpkg -i (its Depends first, with apt);
#   3. starts the installed GUI launcher under its own Xvfb with a fresh data directory and a fresh HOME, waits for the
#      "Instance Console" window, saves a screenshot to target/package-smoke/ and checks it is not blank, and, from the
#      JVM's own log, that it opened the installed AOT cache and loaded the app's and JavaFX's classes from it;
#   4. runs the installed `instancectl --version` from PATH (it prints nothing else, and uses the cache too), and
#      checks that both commands on PATH are our own launchers: they run the bundled runtime's java and nothing else
#      (no rpm or dpkg query as jpackage's launcher made; docs/decisions/0022-own-launchers-on-linux.md);
#   3b. the GUI's stderr holds nothing but the JVM's note about _JAVA_OPTIONS (no "Unsupported JavaFX configuration",
#      no sun.misc.Unsafe warnings), and its process tree ran no rpm or dpkg;
#   5. removes the package with dpkg -r and checks that nothing of it is left, and that the app wrote nothing
#      outside its data directory (every file the GUI process tree created or wrote, traced with strace).
# Any failure ends the script non-zero with one line saying what failed; the package is removed and Xvfb stopped
# on every exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

PKG=instance-console
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
out=$root/target/package-smoke

t0=$(date +%s)
step_started=$t0
log() { printf '\n--- package-smoke: %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }
took() { local now; now=$(date +%s); printf '    %s took %ss\n' "$1" $((now - step_started)); step_started=$now; }
fail() { printf '\npackage-smoke: FAILED: %s\n' "$*" >&2; exit 1; }

work=$(mktemp -d /tmp/package-smoke.XXXXXX)
xvfb_pid='' gui_pid=''
stop_gui() { # gui_pid is strace: signal the traced launcher itself (strace would detach and leave it running)
    [ -n "$gui_pid" ] || return 0
    local pids
    pids=$(pgrep -P "$gui_pid" || true)
    if [ -n "$pids" ]; then kill $pids 2>/dev/null || true; fi   # SC2086: a list of PIDs
    for _ in $(seq 1 100); do kill -0 "$gui_pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$gui_pid" 2>/dev/null; then
        echo "package-smoke: the GUI did not stop within 20 s of SIGTERM; killing it" >&2
        pids=$(pgrep -P "$gui_pid" || true)
        if [ -n "$pids" ]; then kill -9 $pids 2>/dev/null || true; fi
    fi
    wait "$gui_pid" 2>/dev/null || true
    gui_pid=''
}
cleanup() {
    local rc=$?
    stop_gui
    if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; fi
    if present; then
        echo "package-smoke: removing $PKG left installed by a failed run" >&2
        dpkg -r "$PKG" >/dev/null 2>&1 || true
    fi
    dpkg --purge "$PKG" >/dev/null 2>&1 || true   # drops dpkg's record of the removed package
    rm -rf "$work"
    exit "$rc"
}
# Installed, or half-installed by an interrupted run. After dpkg -r the package is "config-files" (it has a postrm,
# so dpkg keeps its record for a later purge; it has no conffiles): that counts as removed.
present() {
    case "$(dpkg-query -W -f='${db:Status-Status}' "$PKG" 2>/dev/null || true)" in
        '' | not-installed | config-files) return 1 ;;
        *) return 0 ;;
    esac
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need() { # installs missing Debian packages (the tools this script uses and the .deb's Depends)
    local missing=()
    for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "    apt-get install ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
            || fail "cannot install ${missing[*]}"
    fi
}

log "tools"
need xvfb xauth x11-utils imagemagick strace fakeroot binutils
# A package left by an interrupted earlier run would make dpkg -i an upgrade and the leftover check meaningless.
if present; then echo "    removing an earlier $PKG"; dpkg -r "$PKG" >/dev/null; fi
rm -rf "$out" && mkdir -p "$out"
took tools

log "building the .deb (mvn -Ppackage -DskipTests package)"
mvn -B -Ppackage -DskipTests package >"$out/build.log" 2>&1 || { tail -40 "$out/build.log" >&2; fail "the package build failed (log: $out/build.log)"; }
version=$(sed -n 's/^version=//p' target/maven-archiver/pom.properties)
deb=target/installer/${PKG}_${version}_amd64.deb
[ -f "$deb" ] || fail "no $deb after the build (target/installer: $(ls target/installer 2>&1))"
[ -x target/app/$PKG/bin/$PKG ] && [ -x target/app/$PKG/bin/instancectl ] || fail "the app image lacks bin/$PKG or bin/instancectl"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "the .deb's version $(dpkg-deb -f "$deb" Version) is not the pom's $version"
aot=/usr/lib/$PKG/app/$PKG.aot
dpkg-deb -c "$deb" >"$work/deb-contents.txt"   # to a file: grep -q would end the pipe early (SIGPIPE under pipefail)
grep -q " \.$aot\$" "$work/deb-contents.txt" \
    || { grep -iE 'AOT|train\.sh' "$out/build.log" >&2 || true; fail "the .deb has no AOT cache $aot (build log: $out/build.log)"; }
grep -q " \.${aot%/*}/instancectl.aot\$" "$work/deb-contents.txt" \
    || { grep -iE 'AOT|train\.sh' "$out/build.log" >&2 || true; fail "the .deb has no AOT cache ${aot%/*}/instancectl.aot (build log: $out/build.log)"; }
took build

log "jlinked modules against jdeps"
linked=$(sed -n 's/^MODULES="\(.*\)"/\1/p' target/jpackage/runtime/release | tr ' ' '\n' | sort)
needed=$(jdeps --print-module-deps --ignore-missing-deps --multi-release 21 --class-path 'target/jpackage/input/*' \
    "target/jpackage/input/$PKG-$version.jar" 2>/dev/null | tail -1 | tr ',' '\n' | sort)
[ -n "$needed" ] || fail "jdeps printed no module list"
missing_modules=$(comm -13 <(echo "$linked") <(echo "$needed"))
[ -z "$missing_modules" ] || fail "jdeps says the app needs modules the runtime lacks (add them to jlink.modules in pom.xml): $missing_modules"
echo "    runtime: $(echo "$linked" | paste -sd, -)"
took jdeps

log "installing $deb"
# shellcheck disable=SC2046  # Depends is a comma-separated list of plain package names here
need $(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/[(|].*//; s/ //g' | grep -v '^$')
snapshot() { find /usr /opt /etc -xdev \( -path /etc/ld.so.cache -o -path /usr/share/applications/mimeinfo.cache \) -prune -o -print 2>/dev/null | sort; }
snapshot >"$work/before.txt"
dpkg -i "$deb" >"$out/dpkg-install.log" 2>&1 || { cat "$out/dpkg-install.log" >&2; fail "dpkg -i $deb failed"; }
dpkg -L "$PKG" >"$work/files.txt"
[ "$(command -v instancectl)" = /usr/bin/instancectl ] || fail "instancectl is not on PATH after the install ($(command -v instancectl || echo none))"
[ "$(command -v $PKG)" = /usr/bin/$PKG ] || fail "$PKG is not on PATH after the install"
desktop=/usr/share/applications/$PKG.desktop
[ -f "$desktop" ] || fail "no menu entry $desktop after the install"
grep -q '^Categories=System;Monitor;' "$desktop" || fail "the menu entry has no System;Monitor category"
icon=$(sed -n 's/^Icon=//p' "$desktop")
[ -f "$icon" ] || fail "the menu entry's icon $icon does not exist"
took install

log "instancectl --version and instance-console --version, from PATH"
cli_version=$(HOME=$work/home-cli instancectl --version | head -1)
[ "$cli_version" = "Instance Console $version" ] || fail "instancectl --version printed '$cli_version', expected 'Instance Console $version'"
gui_version=$(HOME=$work/home-cli $PKG --version | head -1)
[ "$gui_version" = "Instance Console $version" ] || fail "$PKG --version printed '$gui_version', expected 'Instance Console $version'"
# Nothing but the version, on stdout and stderr: the launchers' -XX:AOTCache must never make the JVM say anything.
for cmd in instancectl $PKG; do
    said=$(HOME=$work/home-cli $cmd --version 2>&1)
    extra=$(printf '%s\n' "$said" | sed '1{/^Instance Console /d}' | grep -v '^Java [0-9]' || true)
    [ -z "$extra" ] || fail "$cmd --version printed more than its version: $extra"
done
# The CLI has its own cache. _JAVA_OPTIONS comes after the launchers' own options (-Xlog:aot*=off) and logs again.
HOME=$work/home-cli _JAVA_OPTIONS='-Xlog:aot=info -Xlog:class+load=info' instancectl --version >"$out/instancectl-aot.log" 2>&1
grep -q "Opened AOT cache ${aot%/*}/instancectl.aot" "$out/instancectl-aot.log" || fail "instancectl did not open ${aot%/*}/instancectl.aot (log: $out/instancectl-aot.log)"
cli_cached=$(grep -c ' io\.instanceconsole\..* source: shared objects file' "$out/instancectl-aot.log" || true)
[ "$cli_cached" -gt 0 ] || fail "instancectl loaded no class of the app from its cache (log: $out/instancectl-aot.log)"
echo "    $cli_version"
# Our own launchers: each command on PATH execs the bundled runtime's java directly. Every program either one runs
# (execve, followed into children) must be the launcher itself or that java: jpackage's launcher ran rpm -qf and
# dpkg -S on itself (through sh -c) at every start, 0.07-0.3 s per call.
runtime_java=/usr/lib/$PKG/runtime/bin/java
[ -x "$runtime_java" ] || fail "the package has no $runtime_java for its launchers"
for cmd in instancectl $PKG; do
    HOME=$work/home-cli strace -f -qq -e trace=execve -e status=successful -o "$out/$cmd-exec.log" "/usr/bin/$cmd" --version >/dev/null \
        || fail "/usr/bin/$cmd --version failed under strace"
    ran=$(grep -oE 'execve\("[^"]*"' "$out/$cmd-exec.log" | sed 's/^execve("//; s/"$//' | sort -u)
    [ "$(printf '%s\n' "$ran" | grep -c .)" = 2 ] && printf '%s\n' "$ran" | grep -qx "/usr/bin/$cmd" && printf '%s\n' "$ran" | grep -qx "$runtime_java" \
        || fail "/usr/bin/$cmd --version ran more than its launcher and $runtime_java: ${ran//$'\n'/ } (log: $out/$cmd-exec.log)"
done
echo "    /usr/bin/instancectl and /usr/bin/$PKG run $runtime_java and nothing else (no rpm, no dpkg)"
took versions

log "starting the installed GUI under Xvfb"
display=''
for n in $(seq 91 140); do
    [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] || { display=":$n"; break; }
done
[ -n "$display" ] || fail "no free X display number between :91 and :140"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do DISPLAY=$display xdpyinfo >/dev/null 2>&1 && break; sleep 0.2; done
DISPLAY=$display xdpyinfo >/dev/null 2>&1 || fail "Xvfb $display did not start (log: $out/xvfb.log)"

data=$(mktemp -d "$work/data.XXXXXX")
home=$work/home && mkdir -m 700 "$home"
runtime_dir=$work/runtime && mkdir -m 700 "$runtime_dir"   # what a desktop session provides as XDG_RUNTIME_DIR
touch "$work/launched"
# strace records every file the launcher and its threads create or open for writing; checked after the removal.
# _JAVA_OPTIONS: the JVM's AOT and class-loading log on stdout, to check below that the GUI used the installed cache.
(cd "$home" && exec env -i PATH=/usr/bin:/bin HOME="$home" XDG_RUNTIME_DIR="$runtime_dir" DISPLAY="$display" LANG=C.UTF-8 \
    _JAVA_OPTIONS='-Xlog:aot=info -Xlog:class+path=info -Xlog:class+load=info' \
    strace -f -qq -e trace=openat,open,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,execve \
        -e status=successful -o "$work/strace.log" \
    "/usr/bin/$PKG" --data-dir "$data") >"$out/gui.log" 2>"$out/gui.err" &
gui_pid=$!
started=$(date +%s)
until DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -q '"Instance Console"'; do
    kill -0 "$gui_pid" 2>/dev/null || { cat "$out/gui.log" "$out/gui.err" >&2; fail "the GUI exited before its window appeared (log: $out/gui.log, $out/gui.err)"; }
    [ $(($(date +%s) - started)) -lt 120 ] || fail "no 'Instance Console' window within 120 s (log: $out/gui.log)"
    sleep 0.5
done
echo "    window after $(($(date +%s) - started))s: $(DISPLAY=$display xwininfo -root -tree | grep '"Instance Console"' | head -1 | sed 's/^ *//')"
sleep 5   # the table is painted from the store first, then filled from the simulator
kill -0 "$gui_pid" 2>/dev/null || fail "the GUI died after showing its window (log: $out/gui.log)"
shot=$out/screenshot.png
DISPLAY=$display import -window root "$shot" || fail "import could not take a screenshot"
colours=$(identify -format '%k' "$shot")
spread=$(identify -format '%[fx:int(1000*standard_deviation)]' "$shot")
echo "    screenshot $shot: $colours colours, standard deviation $spread/1000"
[ "$colours" -ge 64 ] && [ "$spread" -ge 20 ] || fail "the screenshot looks blank ($colours colours, deviation $spread/1000): $shot"
stop_gui
kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; xvfb_pid=''
[ -f "$data/instance-console.mv.db" ] || fail "the GUI did not create its store in the data directory $data"
# The installed GUI used the AOT cache made at packaging time: opened it, found the installed jars to be the ones it was
# trained with (same size and mtime, under another directory), and loaded the app's and JavaFX's classes from it.
grep -q "Opened AOT cache $aot" "$out/gui.log" || fail "the GUI did not open its AOT cache $aot (log: $out/gui.log)"
grep -q 'Archived app classpath validation: passed' "$out/gui.log" \
    || { grep -E 'aot|class,path' "$out/gui.log" | grep -iE 'mismatch|not the one|failed|error' | head -5 >&2; fail "the installed jars do not match the AOT cache (log: $out/gui.log)"; }
for prefix in io.instanceconsole javafx org.h2; do
    n=$(grep -c " ${prefix//./\\.}\..* source: shared objects file" "$out/gui.log" || true)
    [ "$n" -gt 0 ] || fail "the GUI loaded no $prefix class from the AOT cache (log: $out/gui.log)"
    cached="${cached:-}$prefix $n, "
done
from_jars=$(grep -c ' source: \(jar\|file\):' "$out/gui.log" || true)
echo "    AOT cache used: classes from it: ${cached}...; from the jars: $from_jars"
# A quiet start: stderr holds only the JVM's "Picked up _JAVA_OPTIONS" (the AOT logging above), nothing from JavaFX
# (its "Unsupported JavaFX configuration" when loaded from the class path) nor the four sun.misc.Unsafe warnings of
# its Marlin rasterizer on JDK 25 (docs/decisions/0022-own-launchers-on-linux.md).
said=$(grep -v '^Picked up _JAVA_OPTIONS: ' "$out/gui.err" || true)
[ -z "$said" ] || fail "the GUI wrote to stderr: $(printf '%s' "$said" | head -5) (log: $out/gui.err)"
grep -q '^Picked up _JAVA_OPTIONS: ' "$out/gui.err" || fail "the GUI's stderr lacks even the JVM's _JAVA_OPTIONS note: was it captured? ($out/gui.err)"
queried=$(grep -E '^[0-9]+ +execve\("[^"]*/(rpm|dpkg|dpkg-query|sh)"' "$work/strace.log" || true)
[ -z "$queried" ] || fail "the GUI's launcher ran: $(printf '%s' "$queried" | head -3)"
echo "    stderr quiet (only the _JAVA_OPTIONS note); no rpm, dpkg or sh run by the GUI's process tree"
took gui

log "removing the package (dpkg -r)"
dpkg -r "$PKG" >"$out/dpkg-remove.log" 2>&1 || { cat "$out/dpkg-remove.log" >&2; fail "dpkg -r $PKG failed"; }
if present; then fail "$PKG is still installed after dpkg -r"; fi
left=$(while read -r f; do if [ ! -d "$f" ] && { [ -e "$f" ] || [ -L "$f" ]; }; then echo "$f"; fi; done <"$work/files.txt")
[ -z "$left" ] || fail "files of the package are left after dpkg -r: $left"
[ ! -e "$desktop" ] || fail "the menu entry $desktop is left after dpkg -r"
[ ! -e /usr/lib/$PKG ] || fail "/usr/lib/$PKG is left after dpkg -r"
# New paths that no installed package owns (another apt run on the machine meanwhile is not our leftover).
new=$(comm -13 "$work/before.txt" <(snapshot) | while read -r f; do dpkg -S "$f" >/dev/null 2>&1 || echo "$f"; done)
[ -z "$new" ] || fail "the install left these under /usr /opt /etc after dpkg -r: $new"
took remove

log "the app wrote nothing outside its data directory"
# Paths the GUI's process tree created or opened for writing (or made by mkdir, rename, link), minus its data
# directory, the session's runtime directory (GTK's dconf keeps a shared-memory file there, as in any desktop
# session), devices, and Mesa's shader cache (the system OpenGL driver's, as for every GL program). A path counts
# when it is still there after the GUI exited and was changed after the launch; temporary files the app removed
# again (JavaFX writes embedded fonts to java.io.tmpdir while it runs) are listed, not failed.
written=$(grep -E '^[0-9]+ +(openat|open|creat)\(.*(O_WRONLY|O_RDWR|O_CREAT)|^[0-9]+ +(mkdir|mkdirat|rename|renameat2?|link|linkat|symlink|symlinkat)\(' "$work/strace.log" \
    | grep -oE '"/[^"]*"' | tr -d '"' | sort -u \
    | grep -v -e "^$data" -e "^$runtime_dir" -e '^/dev/' -e '^/proc/' -e '/\.cache/mesa_shader_cache' || true)
kept='' transient=''
for f in $written; do
    if [ -e "$f" ] && [ "$f" -nt "$work/launched" ]; then kept="$kept $f"; elif [ ! -e "$f" ]; then transient="$transient $f"; fi
done
[ -z "$kept" ] || fail "the GUI wrote outside its data directory:$kept"
[ -z "$transient" ] || echo "    temporary files created and removed again:$transient"
stray=$(find "$home" -mindepth 1 | head -20)
[ -z "$stray" ] || fail "the GUI wrote into HOME: $stray"
echo "    data directory held: $(cd "$data" && find . -mindepth 1 -maxdepth 1 | sort | paste -sd' ' -)"
echo "    runtime directory held: $(cd "$runtime_dir" && find . -mindepth 1 | sort | paste -sd' ' -)"
took "write check"

log "passed in $(($(date +%s) - t0))s: app image $(du -sh target/app/$PKG | cut -f1), $(basename "$deb") $(du -h "$deb" | cut -f1)"
