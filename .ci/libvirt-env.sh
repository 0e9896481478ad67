#!/usr/bin/env bash
# .ci/libvirt-env.sh — real libvirt for Instance Console's integration tests.
#
#   .ci/libvirt-env.sh testnode N PATH
#       Write a test-driver node XML with N domains (ic-test-0001 ...; most
#       running, every 10th paused, every 7th shut off) to PATH and print the
#       URI test:///abs/PATH. Every connection to that URI gets its own private
#       copy of the state.
#   .ci/libvirt-env.sh start
#       Install what is missing (apt), prepare kernel + busybox initramfs
#       (cached under the base dir), start a private libvirtd (QEMU driver,
#       qemu:///system flavour, own socket), define and start the TCG domain
#       `ic-tiny` (96 MiB; its serial port is a pty, so libvirt can open it as the
#       domain's console, and is also logged to BASE/ic-tiny.serial.log), wait for
#       the boot marker, and print as last lines:
#           LIBVIRT_URI=qemu+unix:///system?socket=BASE/run/libvirt-sock
#           IC_TINY_SERIAL=BASE/ic-tiny.serial.log
#   .ci/libvirt-env.sh prepare
#       Only the part of `start` that needs the network: install what is missing
#       and prepare the kernel and initramfs. A `start` afterwards needs none (the
#       host lab runs it in a network namespace that has only loopback).
#   .ci/libvirt-env.sh stop
#       Destroy/undefine ic-tiny, stop the libvirtd this script started. Idempotent.
#   .ci/libvirt-env.sh uri
#       Print the LIBVIRT_URI value.
#   .ci/libvirt-env.sh status
#       Show whether the daemon is up and the domain list (diagnostics).
#
# BASE is ${IC_LIBVIRT_ROOT:-/tmp/instance-console-libvirt}. All logs go under
# BASE/logs (this script's own: BASE/logs/libvirt-env.log).
#
# How the daemon is isolated: libvirtd runs as root (privileged, i.e. it serves
# qemu:///system) inside a private mount namespace (unshare -m) in which
# /etc/libvirt, /run/libvirt, /var/lib/libvirt, /var/cache/libvirt and
# /var/log/libvirt are bind mounts of directories under BASE. So its config
# (qemu.conf: run QEMU as root, no security driver, no cgroups, no virtlogd),
# its state and its sockets all live under BASE and the host's /etc, /run and
# /var are not written (except for creating empty mount-point directories that
# do not exist yet; `stop` removes those again). No systemd, no virtlogd.
#
# Guest output markers: "IC-TINY-BOOT-OK" once, then "IC-TINY-TICK <n>" every
# second (n = 1, 2, ...). Ticks stop while the domain is suspended.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ASSETS="$HERE/libvirt"
BASE=${IC_LIBVIRT_ROOT:-/tmp/instance-console-libvirt}
case "$BASE" in /*) ;; *) BASE="$(pwd)/$BASE" ;; esac
BASE=${BASE%/}

RUN_DIR="$BASE/run"              # bind-mounted on /run/libvirt
ETC_DIR="$BASE/etc"              # bind-mounted on /etc/libvirt
LIB_DIR="$BASE/lib"              # bind-mounted on /var/lib/libvirt
CACHE_DIR="$BASE/cache-libvirt"  # bind-mounted on /var/cache/libvirt
LOG_DIR="$BASE/logs"             # bind-mounted on /var/log/libvirt
IMG_DIR="$BASE/images"           # kernel + initramfs (cache, survives stop)
SOCK="$RUN_DIR/libvirt-sock"
PIDFILE="$BASE/libvirtd.pid"
MOUNTPOINTS_FILE="$BASE/created-mountpoints"
URI="qemu+unix:///system?socket=$SOCK"
DOMAIN=ic-tiny
SERIAL="$BASE/$DOMAIN.serial.log"
BOOT_MARKER="IC-TINY-BOOT-OK"   # then "IC-TINY-TICK <n>" lines (see libvirt/init)
BOOT_TIMEOUT=${IC_LIBVIRT_BOOT_TIMEOUT:-90}
DAEMON_TIMEOUT=30
EMULATOR=/usr/bin/qemu-system-x86_64

# host path -> bind-mount target inside the daemon's namespace
BIND_PAIRS=(
  "$ETC_DIR:/etc/libvirt"
  "$RUN_DIR:/run/libvirt"
  "$LIB_DIR:/var/lib/libvirt"
  "$CACHE_DIR:/var/cache/libvirt"
  "$LOG_DIR:/var/log/libvirt"
)

DAEMON_PKGS=(libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 busybox-static)
TEST_PKGS=(libvirt0 libvirt-clients)

log() {
  printf '[libvirt-env] %s\n' "$*" >&2
  if [[ -d $LOG_DIR ]]; then printf '%s %s\n' "$(date '+%F %T')" "$*" >> "$LOG_DIR/libvirt-env.log" 2>/dev/null || true; fi
}
die() { log "ERROR: $*"; exit 1; }
now()  { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

need_root() {
  [[ $(id -u) -eq 0 ]] || die "'$1' must run as root (it starts a privileged libvirtd / uses apt-get)"
}

# ---------------------------------------------------------------- packages --

pkg_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == installed ]]
}

APT_UPDATED=0
apt_update_once() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -qq >&2 \
      || die "apt-get update failed"
    APT_UPDATED=1
  fi
}

ensure_pkgs() {
  local missing=() p
  for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  need_root "installing ${missing[*]}"
  apt_update_once
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
    --no-install-recommends "${missing[@]}" >&2 \
    || die "apt-get install ${missing[*]} failed"
  for p in "${missing[@]}"; do pkg_installed "$p" || die "package $p still not installed"; done
}

# ------------------------------------------------------------------ images --

prepare_kernel() {
  local kernel="$IMG_DIR/vmlinuz"
  [[ -s $kernel ]] && return 0
  mkdir -p "$IMG_DIR"
  local tmp pkg deb
  tmp=$(mktemp -d "$IMG_DIR/kernel.XXXXXX")
  # Resolve the metapackage to the concrete linux-image-<abi>-cloud-amd64.
  pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null \
        | awk '/Depends: linux-image-[0-9].*-cloud-amd64/ { print $2; exit }' || true)
  if [[ -z $pkg ]]; then
    apt_update_once
    pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null \
          | awk '/Depends: linux-image-[0-9].*-cloud-amd64/ { print $2; exit }' || true)
  fi
  [[ -n $pkg ]] || { rm -rf "$tmp"; die "cannot resolve linux-image-cloud-amd64 via apt-cache"; }
  log "downloading kernel package $pkg"
  if ! (cd "$tmp" && apt-get -o APT::Sandbox::User=root download -qq "$pkg" >&2); then
    apt_update_once
    (cd "$tmp" && apt-get -o APT::Sandbox::User=root download -qq "$pkg" >&2) || { rm -rf "$tmp"; die "apt-get download $pkg failed"; }
  fi
  local debs=("$tmp"/*.deb)
  deb=${debs[0]}
  [[ -f $deb ]] || { rm -rf "$tmp"; die "apt-get download $pkg produced no .deb"; }
  (cd "$tmp" && dpkg-deb --fsys-tarfile "$deb" | tar -x --wildcards './boot/vmlinuz-*') \
    || { rm -rf "$tmp"; die "cannot extract vmlinuz from $deb"; }
  local v
  local vs=("$tmp"/boot/vmlinuz-*)
  v=${vs[0]}
  [[ -s $v ]] || { rm -rf "$tmp"; die "no vmlinuz in $deb"; }
  mv -f "$v" "$kernel"
  basename "$v" > "$IMG_DIR/vmlinuz.version"
  rm -rf "$tmp"
  log "kernel ready: $kernel ($(cat "$IMG_DIR/vmlinuz.version"))"
}

prepare_initramfs() {
  local initrd="$IMG_DIR/initramfs.cpio.gz"
  local stamp="$IMG_DIR/initramfs.sha256"
  local want
  want=$(cat "$ASSETS/init" /bin/busybox | sha256sum | cut -d' ' -f1)
  if [[ -s $initrd && -f $stamp && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  [[ -x /bin/busybox ]] || die "/bin/busybox missing (package busybox-static)"
  if ldd /bin/busybox >/dev/null 2>&1; then
    die "/bin/busybox is dynamically linked; package busybox-static is needed"
  fi
  mkdir -p "$IMG_DIR"
  local root
  root=$(mktemp -d "$IMG_DIR/initramfs.XXXXXX")
  mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,etc}
  cp /bin/busybox "$root/bin/busybox"
  ln -s busybox "$root/bin/sh"
  install -m 0755 "$ASSETS/init" "$root/init"
  # The kernel needs /dev/console before /init runs to wire up stdio.
  mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true
  (cd "$root" && find . | LC_ALL=C sort | /bin/busybox cpio -o -H newc 2>/dev/null | gzip -9 > "$initrd.tmp") \
    || { rm -rf "$root"; die "building initramfs failed"; }
  mv -f "$initrd.tmp" "$initrd"
  echo "$want" > "$stamp"
  rm -rf "$root"
  log "initramfs ready: $initrd ($(stat -c %s "$initrd") bytes)"
}

# ------------------------------------------------------------------ daemon --

daemon_pid() {
  local pid
  [[ -f $PIDFILE ]] || return 1
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" == libvirtd ]] || return 1
  echo "$pid"
}

vsh() { virsh -q -c "$URI" "$@"; }

daemon_answers() { virsh -q -c "$URI" version >/dev/null 2>&1; }

check_socket_path() {
  # sun_path is 108 bytes including the NUL.
  (( ${#SOCK} <= 100 )) || die "socket path too long (${#SOCK} > 100 chars): $SOCK; use a shorter IC_LIBVIRT_ROOT"
}

start_daemon() {
  if daemon_pid >/dev/null && daemon_answers; then
    log "libvirtd already running (pid $(daemon_pid))"
    return 0
  fi
  if daemon_pid >/dev/null; then
    log "libvirtd (pid $(daemon_pid)) does not answer; restarting it"
    stop_daemon
  fi
  check_socket_path
  command -v unshare >/dev/null || die "unshare (util-linux) not found"
  command -v libvirtd >/dev/null || die "libvirtd not found"
  # The QEMU driver resolves its built-in default user (libvirt-qemu) even
  # though qemu.conf overrides it with root; without the account it refuses to
  # initialise ("Failed to parse user 'libvirt-qemu'").
  if ! getent passwd libvirt-qemu >/dev/null; then
    log "creating system user libvirt-qemu"
    useradd --system --user-group --no-create-home --home-dir /var/lib/libvirt \
      --shell /usr/sbin/nologin libvirt-qemu || die "useradd libvirt-qemu failed"
  fi

  # Fresh runtime state each time the daemon starts; images are kept. A QEMU
  # left over from a daemon that died would be orphaned by that: kill it first.
  kill_qemu_leftovers
  # The QEMU capabilities cache (CACHE_DIR) is kept: probing costs seconds.
  rm -rf "$RUN_DIR" "$ETC_DIR" "$LIB_DIR"
  mkdir -p "$RUN_DIR" "$ETC_DIR" "$LIB_DIR" "$CACHE_DIR" "$LOG_DIR"
  cp "$ASSETS/qemu.conf" "$ETC_DIR/qemu.conf"
  cp "$ASSETS/libvirtd.conf" "$ETC_DIR/libvirtd.conf"

  # Mount points must exist on the host; remember the ones we create.
  local pair target script=""
  for pair in "${BIND_PAIRS[@]}"; do
    target=${pair#*:}
    if [[ ! -d $target ]]; then
      mkdir -p "$target"
      echo "$target" >> "$MOUNTPOINTS_FILE"
    fi
    script+="mount --bind '${pair%%:*}' '$target' || exit 97; "
  done
  script+="exec libvirtd -f /etc/libvirt/libvirtd.conf -p '$PIDFILE'"

  rm -f "$PIDFILE"
  log "starting libvirtd (log: $LOG_DIR/libvirtd.log, stderr: $LOG_DIR/libvirtd.stderr)"
  # Pin libvirtd to one CPU. Its QEMU capabilities cache is invalidated when
  # the host CPUID it reads differs from the cached one, and in this sandbox
  # CPUID differs between CPUs: unpinned, about every other start re-probes
  # QEMU (~8 s instead of ~0.3 s). libvirt gives QEMU itself all host CPUs.
  local pin=() cpu
  cpu=$(awk '/^Cpus_allowed_list:/ { split($2, a, /[-,]/); print a[1] }' /proc/self/status 2>/dev/null || true)
  if [[ $cpu =~ ^[0-9]+$ ]] && command -v taskset >/dev/null; then
    pin=(taskset -c "$cpu")
  fi
  setsid "${pin[@]}" unshare --mount --propagation private -- sh -c "$script" \
    </dev/null >"$LOG_DIR/libvirtd.stderr" 2>&1 &
  local launcher=$! t0
  t0=$(now)
  while ! daemon_answers; do
    if ! kill -0 "$launcher" 2>/dev/null; then
      sed 's/^/  libvirtd: /' "$LOG_DIR/libvirtd.stderr" >&2 || true
      tail -n 20 "$LOG_DIR/libvirtd.log" 2>/dev/null | sed 's/^/  libvirtd.log: /' >&2 || true
      die "libvirtd exited during startup"
    fi
    if awk -v a="$t0" -v b="$(now)" -v t="$DAEMON_TIMEOUT" 'BEGIN { exit !(b - a > t) }'; then
      tail -n 20 "$LOG_DIR/libvirtd.log" 2>/dev/null | sed 's/^/  libvirtd.log: /' >&2 || true
      die "libvirtd did not answer on $SOCK within ${DAEMON_TIMEOUT}s"
    fi
    sleep 0.2
  done
  log "libvirtd up (pid $(daemon_pid || echo "?")) in $(since "$t0")s"
}

kill_qemu_leftovers() {
  # QEMU processes outlive libvirtd by design; kill any we started.
  local f pid
  for f in "$RUN_DIR"/qemu/*.pid; do
    [[ -f $f ]] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    [[ $pid =~ ^[0-9]+$ ]] || continue
    if kill -0 "$pid" 2>/dev/null && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == qemu-system-* ]]; then
      log "killing leftover qemu pid $pid"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

stop_daemon() {
  local pid
  if pid=$(daemon_pid); then
    log "stopping libvirtd pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "libvirtd pid $pid ignored SIGTERM; killing"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
    fi
  fi
  rm -f "$PIDFILE"
}

remove_mountpoints() {
  [[ -f $MOUNTPOINTS_FILE ]] || return 0
  local d
  # Only ever rmdir (never rm -r): they are empty on the host side.
  sort -ru "$MOUNTPOINTS_FILE" | while read -r d; do
    if [[ -n $d ]]; then rmdir "$d" 2>/dev/null || true; fi
  done
  rm -f "$MOUNTPOINTS_FILE"
}

# ------------------------------------------------------------------ domain --

remove_domain() {
  if vsh dominfo "$DOMAIN" >/dev/null 2>&1; then
    if [[ "$(vsh domstate "$DOMAIN" 2>/dev/null || true)" != "shut off" ]]; then
      vsh destroy "$DOMAIN" >/dev/null 2>&1 || true
    fi
    vsh undefine "$DOMAIN" >/dev/null 2>&1 || true
  fi
}

start_domain() {
  remove_domain
  rm -f "$SERIAL"
  local xml="$BASE/$DOMAIN.xml"
  sed -e "s|@KERNEL@|$IMG_DIR/vmlinuz|" \
      -e "s|@INITRD@|$IMG_DIR/initramfs.cpio.gz|" \
      -e "s|@SERIAL@|$SERIAL|" \
      -e "s|@EMULATOR@|$EMULATOR|" \
      "$ASSETS/ic-tiny.xml.in" > "$xml"
  vsh define "$xml" >/dev/null || die "virsh define $xml failed"
  local t0
  t0=$(now)
  if ! vsh start "$DOMAIN" >/dev/null; then
    tail -n 20 "$LOG_DIR/qemu/$DOMAIN.log" 2>/dev/null | sed 's/^/  qemu log: /' >&2 || true
    die "virsh start $DOMAIN failed"
  fi
  log "domain $DOMAIN started; waiting for '$BOOT_MARKER' in $SERIAL (timeout ${BOOT_TIMEOUT}s)"
  while ! grep -q "$BOOT_MARKER" "$SERIAL" 2>/dev/null; do
    if [[ "$(vsh domstate "$DOMAIN" 2>/dev/null || true)" != running ]]; then
      tail -n 30 "$SERIAL" 2>/dev/null | sed 's/^/  serial: /' >&2 || true
      tail -n 20 "$LOG_DIR/qemu/$DOMAIN.log" 2>/dev/null | sed 's/^/  qemu log: /' >&2 || true
      die "domain $DOMAIN is no longer running ($(vsh domstate "$DOMAIN" --reason 2>/dev/null || echo unknown))"
    fi
    if awk -v a="$t0" -v b="$(now)" -v t="$BOOT_TIMEOUT" 'BEGIN { exit !(b - a > t) }'; then
      tail -n 30 "$SERIAL" 2>/dev/null | sed 's/^/  serial: /' >&2 || true
      die "no '$BOOT_MARKER' in $SERIAL within ${BOOT_TIMEOUT}s"
    fi
    sleep 0.5
  done
  log "guest booted in $(since "$t0")s"
}

# ---------------------------------------------------------------- commands --

cmd_testnode() {
  [[ $# -eq 2 ]] || die "usage: $0 testnode N PATH"
  local n=$1 path=$2
  case "$path" in /*) ;; *) path="$(pwd)/$path" ;; esac
  if [[ $(id -u) -eq 0 ]]; then
    ensure_pkgs "${TEST_PKGS[@]}"
  else
    pkg_installed libvirt0 || log "warning: libvirt0 is not installed (run as root to install it)"
  fi
  "$ASSETS/gen-testnode.sh" "$n" "$path"
  echo "test://$path"
}

cmd_prepare() {
  need_root prepare
  mkdir -p "$BASE" "$LOG_DIR"
  ensure_pkgs "${DAEMON_PKGS[@]}"
  [[ -x $EMULATOR ]] || die "$EMULATOR missing"
  prepare_kernel
  prepare_initramfs
}

cmd_start() {
  need_root start
  local t0
  t0=$(now)
  cmd_prepare
  start_daemon
  start_domain
  log "start done in $(since "$t0")s"
  echo "LIBVIRT_URI=$URI"
  echo "IC_TINY_SERIAL=$SERIAL"
}

cmd_stop() {
  if [[ ! -d $BASE ]]; then
    log "nothing to stop ($BASE does not exist)"
    return 0
  fi
  if daemon_pid >/dev/null && daemon_answers; then
    remove_domain
  fi
  stop_daemon
  kill_qemu_leftovers
  remove_mountpoints
  log "stopped"
}

cmd_status() {
  if daemon_pid >/dev/null; then
    echo "libvirtd: running (pid $(daemon_pid)), URI $URI"
    vsh list --all || true
  else
    echo "libvirtd: not running"
  fi
}

main() {
  [[ $# -ge 1 ]] || usage
  local cmd=$1
  shift
  case "$cmd" in
    testnode) cmd_testnode "$@" ;;
    start)    [[ $# -eq 0 ]] || usage; cmd_start ;;
    prepare)  [[ $# -eq 0 ]] || usage; cmd_prepare ;;
    stop)     [[ $# -eq 0 ]] || usage; cmd_stop ;;
    uri)      [[ $# -eq 0 ]] || usage; echo "$URI" ;;
    status)   [[ $# -eq 0 ]] || usage; cmd_status ;;
    -h|--help|help) usage ;;
    *) echo "[libvirt-env] unknown command '$cmd'" >&2; usage ;;
  esac
}

main "$@"
