#!/usr/bin/env bash
# The app image and the OS's installer, from the built jar: the `package` Maven profile runs this once, in the package
# phase (`mvn -Ppackage -DskipTests package`, see pom.xml and docs/decisions/0004-packaging.md), from the repository
# root, because jpackage's argument files in packaging/ name their paths relative to it.
#
# Inputs (all options required; the pom passes them):
#   --jdk DIR              the JDK whose jlink and jpackage run (Maven's java.home)
#   --jar FILE             the app's jar (the main jar of both launchers)
#   --dependencies DIR     the runtime dependency jars (maven-dependency-plugin's copy-dependencies)
#   --javafx-version V     JavaFX's version: its non-classified javafx-*-V.jar are empty and left out
#   --modules LIST         the JDK modules to jlink, comma-separated
#   --app-version V        the version jpackage writes into the image and the installer
#   --os OS                linux, windows or macos: picks packaging/OS/*.txt and the native libraries to ship
#   --arch ARCH            the JVM's os.arch (amd64, aarch64, x86_64): picks JNA's native library
#   --type TYPE            the installer: deb or rpm (Linux), msi or exe (Windows), dmg or pkg (macOS)
#   --jvm-options OPTS     the GUI's JVM options (gui.jvmArgs)
#   --aot-cache BOOL       false/off/no: no AOT cache (docs/decisions/0010-aot-cache.md)
#   --aot-training-ms N    how long the AOT training run goes on after its first paint
#   --work DIR             scratch directory (target/jpackage; packaging/windows/image.txt names its natives/bin)
#   --app-dest DIR         where the app image goes (target/app)
#   --installer-dest DIR   where the installer goes (target/installer)
# Outputs:
#   APP_DEST/instance-console/  the app image: bin/instance-console (GUI) and bin/instancectl (CLI) on Linux
#                               (instance-console.app on macOS), a jlinked runtime of --modules only, the class path
#                               with JavaFX's and JNA's native libraries beside the jars
#   INSTALLER_DEST/             the installer of --type, from the same inputs
#   On Linux with --type deb, both carry lib/app/instance-console.aot, the GUI's AOT cache, trained here by
#   packaging/aot/train.sh under a private Xvfb, and lib/app/instancectl.aot, instancectl's, trained on its own
#   commands; without an X server, or with --aot-cache false, this says so and packages without them. The AOT steps
#   use GNU touch, hence Linux only.
#   Scratch under WORK: input/ (class path), runtime/ (jlink), natives/ (Windows), aot/ (training logs).
# Environment:
#   SOURCE_DATE_EPOCH      optional: the mtime given to the packaged jars when there is an AOT cache (default: now),
#                          and then passed to jpackage for the installer, so dpkg-deb clamps the .deb's files to it
#   DISPLAY                the X server the training uses when Xvfb is not installed
# Exit status: 0 when the image and the installer are built; anything else fails the Maven build.
# Written for bash 3.2 (macOS's /bin/bash) and Git Bash (Windows runners; paths are taken in C:/x form there).
set -euo pipefail

fail() { echo "build-installer.sh: $*" >&2; exit 1; }
usage() { fail "usage: build-installer.sh --jdk DIR --jar FILE --dependencies DIR --javafx-version V --modules LIST --app-version V --os OS --arch ARCH --type TYPE --jvm-options OPTS --aot-cache BOOL --aot-training-ms N --work DIR --app-dest DIR --installer-dest DIR (see the header)"; }

jdk='' jar='' dependencies='' javafx_version='' modules='' app_version='' os='' arch='' type='' jvm_options=''
aot_cache='' aot_training_ms='' work='' app_dest='' installer_dest=''
while [ $# -gt 0 ]; do
    [ $# -ge 2 ] || usage
    case "$1" in
        --jdk) jdk=$2 ;;
        --jar) jar=$2 ;;
        --dependencies) dependencies=$2 ;;
        --javafx-version) javafx_version=$2 ;;
        --modules) modules=$2 ;;
        --app-version) app_version=$2 ;;
        --os) os=$2 ;;
        --arch) arch=$2 ;;
        --type) type=$2 ;;
        --jvm-options) jvm_options=$2 ;;
        --aot-cache) aot_cache=$2 ;;
        --aot-training-ms) aot_training_ms=$2 ;;
        --work) work=$2 ;;
        --app-dest) app_dest=$2 ;;
        --installer-dest) installer_dest=$2 ;;
        *) echo "build-installer.sh: unknown option $1" >&2; usage ;;
    esac
    shift 2
done
for v in jdk jar dependencies javafx_version modules app_version os arch type jvm_options aot_cache aot_training_ms \
         work app_dest installer_dest; do
    [ -n "${!v}" ] || { echo "build-installer.sh: --$(echo "$v" | tr _ -) is missing or empty" >&2; usage; }
done
[ -f "packaging/jpackage-common.txt" ] || fail "run from the repository root (no packaging/jpackage-common.txt in $(pwd))"

# Git Bash on Windows: C:\x\y as C:/x/y, a form both bash and the JDK's tools read
case "$(uname -s)" in
    MINGW* | MSYS* | CYGWIN*)
        for v in jdk jar dependencies work app_dest installer_dest; do
            printf -v "$v" '%s' "$(cygpath -m "${!v}")"
        done
        ;;
esac

case "$jdk" in
    /* | [A-Za-z]:/*) ;;
    *) jdk=$(pwd)/$jdk ;;
esac
jlink=$jdk/bin/jlink jpackage=$jdk/bin/jpackage jartool=$jdk/bin/jar
input=$work/input
runtime=$work/runtime
aot_work=$work/aot
main_jar=$(basename "$jar")
step() { printf 'build-installer.sh: %s\n' "$*"; }

rm -rf "$input" "$runtime" "$work/natives" "$aot_work" "$app_dest" "$installer_dest"
mkdir -p "$input"

# The class path: our jar and the runtime dependencies, minus JavaFX's empty non-classified jars. On Linux JavaFX's
# jars are linked into the runtime as modules instead (below; docs/decisions/0022-own-launchers-on-linux.md): from the
# class path it warns "Unsupported JavaFX configuration" at every start, and an AOT cache cannot hold a module path
# that moves (no prefix substitution for it in JDK 25), while it holds a runtime's own modules anywhere.
fx_modules=$work/javafx
rm -rf "$fx_modules"
step "class path in $input"
cp "$jar" "$input/"
for f in "$dependencies"/*.jar; do
    case "$(basename "$f")" in
        "javafx-"*"-$javafx_version.jar") ;;
        "javafx-"*) if [ "$os" = linux ]; then mkdir -p "$fx_modules" && cp "$f" "$fx_modules/"; else cp "$f" "$input/"; fi ;;
        *) cp "$f" "$input/" ;;
    esac
done

# unpack JAR DIR REGEX: the entries of JAR whose names match REGEX, flattened into DIR (the JDK's jar tool, which
# every OS here has, unlike unzip)
unpack() {
    local from=$1 dir=$2 regex=$3 entries tmp
    case "$from" in
        /* | [A-Za-z]:/*) ;;
        *) from=$(pwd)/$from ;;   # the jar tool runs in another directory below
    esac
    entries=$("$jartool" tf "$from" | tr -d '\r' | grep -E "$regex" || true)   # \r: jar.exe ends lines with CRLF
    [ -n "$entries" ] || return 0
    tmp=$work/unpack.tmp
    rm -rf "$tmp" && mkdir -p "$tmp" "$dir"
    # shellcheck disable=SC2086  # one entry a word: these entry names have no spaces
    (cd "$tmp" && "$jartool" xf "$from" $entries)
    find "$tmp" -type f -exec mv {} "$dir/" \;
    rm -rf "$tmp"
}

# Native libraries beside the jars, where JavaFX and JNA look first, so neither unpacks copies into the user's home
# (~/.openjfx/cache, ~/.cache/JNA): the app writes only to its data dir. JavaFX looks in the jar's own directory on
# Linux and macOS and in ../bin on Windows (packaging/windows/image.txt adds that directory with --app-content).
# On Linux they go into the runtime's lib/, where JavaFX looks first for its jlinked modules.
case "$os" in
    windows) fx_natives=$work/natives/bin ;;
    linux) fx_natives=$work/natives/lib ;;
    *) fx_natives=$input ;;
esac
case "$os/$arch" in
    linux/amd64) jna_platform=linux-x86-64 ;;
    linux/aarch64) jna_platform=linux-aarch64 ;;
    windows/amd64) jna_platform=win32-x86-64 ;;
    macos/aarch64) jna_platform=darwin-aarch64 ;;
    macos/x86_64) jna_platform=darwin-x86-64 ;;
    *) fail "no JNA native library for $os $arch" ;;
esac
step "native libraries: JavaFX's into $fx_natives, JNA's $jna_platform into $input"
for f in "$input"/javafx-*.jar "$fx_modules"/javafx-*.jar; do
    [ -e "$f" ] && unpack "$f" "$fx_natives" '^[^/]+\.(so|dylib|dll)$'
done
for f in "$input"/jna-*.jar; do
    [ -e "$f" ] && unpack "$f" "$input" "^com/sun/jna/$jna_platform/[^/]+\$"
done

# On Linux the runtime keeps bin/java (and no other command): our own launchers exec it
# (packaging/linux/write-launchers.sh, docs/decisions/0022-own-launchers-on-linux.md). Elsewhere jpackage's launchers
# load the JVM themselves, so the runtime has no commands at all.
# JavaFX's modules come from its jars (the JDK's own from the build JDK's run-time image); the native libraries inside
# those jars are left out of lib/modules, they are copied to lib/ instead.
link_options=(--strip-native-commands)
link_modules=$modules
if [ "$os" = linux ]; then
    link_options=(--module-path "$fx_modules" --exclude-resources '**.so')
    link_modules=$modules,javafx.controls,javafx.fxml
fi
step "jlink $link_modules"
"$jlink" --add-modules "$link_modules" "${link_options[@]}" \
    --strip-debug --no-header-files --no-man-pages --compress zip-9 \
    --output "$runtime"
if [ "$os" = linux ]; then
    find "$runtime/bin" -mindepth 1 ! -name java -exec rm -f {} +
    [ "$(ls "$runtime/bin")" = java ] || fail "the runtime's bin/ holds more than java: $(ls "$runtime/bin")"
    cp "$fx_natives"/*.so "$runtime/lib/"
fi

# own_launchers IMAGE: on Linux, our launcher scripts in place of jpackage's in the app image IMAGE
own_launchers() {
    if [ "$os" = linux ]; then bash packaging/linux/write-launchers.sh image "$1"; fi
}

# The CLI launcher's properties, with the AOT options added below when there is a cache
cp packaging/instancectl.properties "$work/instancectl.properties"

# jpackage_run TYPE DEST [OPTION...]: one jpackage call with the arguments every call shares; app-image calls read
# packaging/OS/image.txt, installer calls also installer.txt and TYPE.txt
jpackage_run() {
    local kind=$1 dest=$2
    shift 2
    local files=(@packaging/jpackage-common.txt "@packaging/$os/image.txt")
    if [ "$kind" != app-image ]; then files+=("@packaging/$os/installer.txt" "@packaging/$os/$kind.txt"); fi
    "$jpackage" "${files[@]}" \
        --type "$kind" --app-version "$app_version" \
        --add-launcher "instancectl=$work/instancectl.properties" \
        --input "$input" \
        --main-jar "$main_jar" \
        --java-options "$jvm_options" \
        ${1+"$@"} \
        --runtime-image "$runtime" \
        --dest "$dest"
}

# The GUI's AOT cache (docs/decisions/0010-aot-cache.md), for the app image and the .deb. Not for an rpm (rpmbuild
# keeps its build root's mtimes, which would not match the cache; untested here, so not shipped) nor, yet, on
# Windows or macOS.
aot_why=''
case "$(echo "$aot_cache" | tr '[:upper:]' '[:lower:]')" in
    false | off | no) aot_why="-Daot.cache=$aot_cache" ;;
esac
if [ -z "$aot_why" ] && [ "$os" != linux ]; then aot_why="only trained on Linux"; fi
if [ -z "$aot_why" ] && [ "$type" != deb ]; then aot_why="only shipped in a .deb, not a $type"; fi
aot_made=false
aot_options=()
if [ -z "$aot_why" ]; then
    # The cache holds for jars of the size and mtime they had when it was made, so every packaged jar gets one mtime,
    # $SOURCE_DATE_EPOCH or now: the training image and the app image are touched to it, and dpkg-deb clamps the
    # .deb's files to it (jpackage runs it with SOURCE_DATE_EPOCH set).
    epoch=${SOURCE_DATE_EPOCH:-$(date +%s)}
    # 0. a training image: the app image without the cache options (a recording run refuses -XX:AOTCache), trained
    #    through its own GUI launcher; the image is scratch, the cache is kept
    step "AOT cache: training image in $aot_work/image"
    jpackage_run app-image "$aot_work/image"
    own_launchers "$aot_work/image/instance-console"   # the training runs the launchers users get
    touch -d "@$epoch" "$aot_work/image/instance-console/lib/app/"*.jar
    rc=0
    JAVA_HOME=$jdk bash packaging/aot/train.sh train "$aot_work/image/instance-console" "$aot_work/training" \
        "$input/instance-console.aot" "$input" "$aot_training_ms" || rc=$?
    # exit 3: no X server could be had, so no cache (train.sh said so); any other failure fails
    case "$rc" in
        0 | 3) ;;
        *) rm -rf "$aot_work/image"; fail "The AOT cache's training failed (logs: $aot_work/training)" ;;
    esac
    # instancectl's own cache, trained on its own commands (docs/decisions/0018-instancectl-per-call-cost.md): the
    # GUI's made every call load JavaFX's classes too, and held none of the CLI's paths
    if [ -f "$input/instance-console.aot" ]; then
        JAVA_HOME=$jdk bash packaging/aot/train.sh train-cli "$aot_work/image/instance-console" "$aot_work/training-cli" \
            "$input/instancectl.aot" || { rm -rf "$aot_work/image"; fail "instancectl's AOT cache could not be trained (logs: $aot_work/training-cli)"; }
    fi
    rm -rf "$aot_work/image"
    if [ -f "$input/instance-console.aot" ]; then aot_made=true; else aot_why="no X server for the training run"; fi
fi
if [ "$aot_made" = true ]; then
    # The GUI's launcher uses the GUI's cache, instancectl its own. -Xlog:aot*=off: a cache that does not match (a
    # jar changed, another runtime) is ignored by the JVM, which would also say so on stdout at every start; the user
    # cannot act on that.
    # shellcheck disable=SC2016  # $APPDIR is the launcher's, expanded at each start
    aot_java_options='-XX:AOTCache=$APPDIR/instance-console.aot -Xlog:aot*=off,cds*=off'
    aot_options=(--java-options "$aot_java_options")
    # shellcheck disable=SC2016
    cli_aot_java_options='-XX:AOTCache=$APPDIR/instancectl.aot -Xlog:aot*=off,cds*=off'
    sed "s|^java-options=|java-options=$cli_aot_java_options |" packaging/instancectl.properties >"$work/instancectl.properties"
else
    echo "[WARNING] No AOT cache ($aot_why): the app image and the installer are packaged without it" >&2
fi

# 1. the app image, everywhere. ${aot_options[@]+...}: an empty array is "unbound" to bash 3.2 under set -u.
step "app image in $app_dest"
jpackage_run app-image "$app_dest" ${aot_options[@]+"${aot_options[@]}"}
own_launchers "$app_dest/instance-console"
if [ "$aot_made" = true ]; then
    touch -d "@$epoch" "$app_dest/instance-console/lib/app/"*.jar
    # fails the build unless both launchers of the app image load the app's classes from the cache
    bash packaging/aot/train.sh check "$app_dest/instance-console"
fi

# 2. the OS's installer, from the same inputs (so the CLI launcher's own settings carry over)
step "$type installer in $installer_dest"
if [ "$aot_made" = true ]; then
    (export SOURCE_DATE_EPOCH=$epoch; jpackage_run "$type" "$installer_dest" "${aot_options[@]}")
else
    jpackage_run "$type" "$installer_dest"
fi
# 3. the .deb's launchers: ours, written from its own .cfg files for /usr/lib/instance-console. jpackage cannot be told
#    to ship another launcher, so the package is unpacked, changed and packed again by dpkg-deb, with the same
#    SOURCE_DATE_EPOCH (the jars keep the mtime the AOT caches were trained with). The rpm keeps jpackage's launchers.
if [ "$os" = linux ] && [ "$type" = deb ]; then
    deb_file=$(ls "$installer_dest"/*.deb)
    tree=$work/deb-tree
    step "own launchers in $deb_file"
    rm -rf "$tree"
    dpkg-deb -R "$deb_file" "$tree"
    bash packaging/linux/write-launchers.sh installed "$tree" /usr/lib/instance-console
    installed_size=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
    sed -i "s/^Installed-Size: .*/Installed-Size: $installed_size/" "$tree/DEBIAN/control"
    rm -f "$deb_file"
    (if [ "$aot_made" = true ]; then export SOURCE_DATE_EPOCH=$epoch; fi
     dpkg-deb --root-owner-group --build "$tree" "$deb_file" >/dev/null)
    rm -rf "$tree"
fi
step "done: $(cd "$installer_dest" && ls)"
