#!/usr/bin/env bash
# Regenerates every icon jpackage and the desktop entry need from instance-console.svg. The outputs are committed, so
# the build itself needs none of these tools; run this only after changing the SVG.
# Needs (Debian): librsvg2-bin (rsvg-convert), imagemagick (convert, for .ico), icnsutils (png2icns, for .icns).
set -euo pipefail
cd "$(dirname "$0")"
src=instance-console.svg
for tool in rsvg-convert png2icns; do
    command -v "$tool" >/dev/null || { echo "build-icons.sh: $tool is missing (apt-get install librsvg2-bin icnsutils)" >&2; exit 1; }
done
# ImageMagick 6's own binary: /usr/local/bin may hold a wrapper named convert.
convert=$(command -v convert-im6.q16 || command -v convert)

mkdir -p png
for size in 16 24 32 48 64 128 256 512; do
    rsvg-convert --width "$size" --height "$size" --output "png/instance-console-$size.png" "$src"
done
# Linux: jpackage --icon takes one PNG; the desktop entry refers to it by name.
cp png/instance-console-512.png instance-console.png
# Windows: one .ico holding the sizes Explorer, the taskbar and the title bar use.
"$convert" png/instance-console-{16,24,32,48,64,128,256}.png instance-console.ico
# macOS: png2icns takes the sizes it has a slot for (16, 32, 48, 128, 256, 512).
png2icns instance-console.icns png/instance-console-{16,32,48,128,256,512}.png >/dev/null
ls -l instance-console.png instance-console.ico instance-console.icns
