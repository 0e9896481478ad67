#!/usr/bin/env bash
# Our own launchers for Linux (docs/decisions/0022-own-launchers-on-linux.md): POSIX sh scripts that exec the bundled
# runtime's bin/java with what jpackage's launcher would pass, read from jpackage's own .cfg files, in place of
# jpackage's native launcher, which asks rpm and dpkg which package owns it at every start (0.07-0.3 s a call).
#
#   write-launchers.sh image IMAGE
#       Rewrites IMAGE/bin/instance-console and IMAGE/bin/instancectl of a jpackage app image (IMAGE/lib/app/*.cfg,
#       IMAGE/lib/runtime/bin/java). The scripts find the image from their own path, so the image can move.
#   write-launchers.sh installed TREE PREFIX
#       The same for an unpacked .deb: TREE/usr/bin/{instance-console,instancectl} from TREE/PREFIX/app/*.cfg, naming
#       PREFIX/app and PREFIX/runtime as absolute paths (no process started before the JVM's).
# Both remove jpackage's launcher library (lib/libapplauncher.so), which only its native launchers load. The .cfg
# files stay: they are what the scripts were written from, and `diff` against them shows what differs.
#
# What the scripts pass is what jpackage's launcher passes, in its order: -classpath (the cfg's app.classpath lines,
# in order: the AOT caches record it), the cfg's java-options with $APPDIR expanded, -Djpackage.app-path, the main
# class, the arguments. Unlike jpackage's launcher, bin/java would also read JDK_JAVA_OPTIONS: the scripts unset it,
# so a user's setting meant for their own java does not change the app's options (nor put a note on stderr);
# JAVA_TOOL_OPTIONS and _JAVA_OPTIONS, read by the JVM itself, apply as before. jpackage's launcher also appends $APPDIR to LD_LIBRARY_PATH; nothing needs it (JavaFX loads
# its libraries by full path from the runtime's lib/, JNA through jna.boot.library.path), so the scripts leave the
# environment as it is.
set -euo pipefail

fail() { echo "write-launchers.sh: $*" >&2; exit 1; }

# quote VALUE: VALUE in double quotes for sh, $APPDIR left to expand at run time, anything else taken literally
quote() {
    local v=$1
    case "$v" in
        *'"'* | *'`'* | *'\'*) fail "an option with a quote, backquote or backslash is not supported: $v" ;;
    esac
    local rest=${v//\$APPDIR/}
    case "$rest" in
        *'$'*) fail "an option with a \$ other than \$APPDIR is not supported: $v" ;;
    esac
    printf '"%s"' "$v"
}

# write CFG OUT PRELUDE JAVA: the launcher script OUT for jpackage's CFG; PRELUDE sets APPDIR, JAVA names bin/java
write() {
    local cfg=$1 out=$2 prelude=$3 java=$4 name main
    name=$(basename "$cfg" .cfg)
    [ -f "$cfg" ] || fail "no $cfg"
    main=$(sed -n 's/^app\.mainclass=//p' "$cfg")
    [ -n "$main" ] || fail "$cfg names no app.mainclass"
    local classpath=() options=() entry
    while IFS= read -r entry; do classpath+=("$entry"); done < <(sed -n 's/^app\.classpath=//p' "$cfg")
    [ ${#classpath[@]} -gt 0 ] || fail "$cfg has no app.classpath"
    while IFS= read -r entry; do options+=("$entry"); done < <(sed -n 's/^java-options=//p' "$cfg")
    local joined
    {
        printf '#!/bin/sh\n'
        printf '# %s of Instance Console: runs the bundled Java runtime directly. Written at packaging time by\n' "$name"
        printf '# packaging/linux/write-launchers.sh from app/%s.cfg (docs/decisions/0022-own-launchers-on-linux.md).\n' "$name"
        printf '%s\n' "$prelude"
        # the java launcher reads JDK_JAVA_OPTIONS (and says so on stderr); jpackage's launcher did not
        printf 'unset JDK_JAVA_OPTIONS\n'
        printf 'exec %s \\\n' "$java"
        joined=$(IFS=:; echo "${classpath[*]}")
        printf '    -classpath %s \\\n' "$(quote "$joined")"
        for entry in "${options[@]}"; do printf '    %s \\\n' "$(quote "$entry")"; done
        printf '    "-Djpackage.app-path=$0" \\\n'
        printf '    %s "$@"\n' "$main"
    } >"$out.tmp"
    chmod 755 "$out.tmp"
    mv -f "$out.tmp" "$out"
    sh -n "$out" || fail "wrote a launcher sh cannot parse: $out"
}

case "${1:-}" in
    image)
        [ $# = 2 ] || fail "usage: write-launchers.sh image IMAGE"
        image=$2
        [ -x "$image/lib/runtime/bin/java" ] || fail "$image/lib/runtime has no bin/java (jlinked with --strip-native-commands?)"
        # the image's directory from the script's own path, through a symlink if it is one; cd -P: no '..' in the
        # paths the JVM sees (the AOT caches compare class-path entries)
        # shellcheck disable=SC2016  # expanded by the launcher at each start
        prelude='self=$0
if [ -L "$self" ]; then self=$(readlink -f -- "$self"); fi
case $self in */*) ;; *) self=./$self ;; esac
root=$(cd -P -- "${self%/*}/.." && pwd) || exit 1
APPDIR=$root/lib/app'
        for cfg in "$image"/lib/app/*.cfg; do
            write "$cfg" "$image/bin/$(basename "$cfg" .cfg)" "$prelude" '"$root/lib/runtime/bin/java"'
        done
        rm -f "$image/lib/libapplauncher.so"
        ;;
    installed)
        [ $# = 3 ] || fail "usage: write-launchers.sh installed TREE PREFIX"
        tree=$2 prefix=$3
        [ -x "$tree$prefix/runtime/bin/java" ] || fail "$tree$prefix/runtime has no bin/java"
        for cfg in "$tree$prefix"/app/*.cfg; do
            write "$cfg" "$tree/usr/bin/$(basename "$cfg" .cfg)" "APPDIR=$prefix/app" "$prefix/runtime/bin/java"
        done
        rm -f "$tree$prefix/lib/libapplauncher.so"
        rmdir "$tree$prefix/lib" 2>/dev/null || true
        ;;
    *) fail "usage: write-launchers.sh (image IMAGE | installed TREE PREFIX)" ;;
esac
