#!/usr/bin/env bash
# Copies Designsystemet's CSS with its default theme and the Inter font from node_modules
# into static/vendor/, so the site serves them itself and makes no third-party requests.
# (static/css/fonts.css declares the font faces for the Latin subsets copied here.)
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules
out=static/vendor
[ -d "$src/@digdir/designsystemet-css" ] || { echo "assets: run scripts/deps.sh first" >&2; exit 1; }
stamp="$out/.stamp"
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ] && [ "$stamp" -nt "$0" ]; then exit 0; fi
rm -rf "$out"
mkdir -p "$out/designsystemet" "$out/inter"
cp "$src/@digdir/designsystemet-css/dist/src/index.css" "$out/designsystemet/designsystemet.css"
cp "$src/@digdir/designsystemet-css/dist/theme/designsystemet.css" "$out/designsystemet/theme.css"
cp "$src/@digdir/designsystemet-css/LICENSE" "$out/designsystemet/LICENSE"
for w in 400 500 600 700; do
  for subset in latin latin-ext; do
    cp "$src/@fontsource/inter/files/inter-$subset-$w-normal.woff2" "$out/inter/"
  done
done
cp "$src/@fontsource/inter/LICENSE" "$out/inter/LICENSE"
touch "$stamp"
