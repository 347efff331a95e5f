#!/bin/sh
# Rebuild data/fonts/*.woff2: DejaVu Sans Mono cut down to what pomplan's exports draw
# (Latin text, punctuation, arrows, box drawing and block elements). Needs fonttools and
# brotli (pip install fonttools brotli) and the DejaVu fonts (Debian: fonts-dejavu-core).
set -eu
src=${DEJAVU_DIR:-/usr/share/fonts/truetype/dejavu}
out=$(dirname "$0")/../data/fonts
for face in DejaVuSansMono DejaVuSansMono-Bold; do
    pyftsubset "$src/$face.ttf" \
        --unicodes="U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-203A,U+20AC,U+2122,U+2190-2199,U+2500-259F,U+25A0-25CF,U+2713,U+2714,U+2717,U+2718" \
        --flavor=woff2 --layout-features='' --no-hinting --desubroutinize \
        --output-file="$out/$face.woff2"
done
