#!/usr/bin/env bash
# Build the standalone Linux app from this checkout, pack it and smoke-test it:
#
#     bash packaging/build_linux.sh
#
# Makes a fresh build environment (build/bundle/venv: the app and PyInstaller from PyPI),
# freezes the app with packaging/dialogue_app.spec into dist/dialogue-app/, adds the
# third-party licence notices and the desktop-integration script, packs
# dist/dialogue-app-VERSION-linux-x86_64.tar.gz, then runs packaging/smoke_test.sh on it.
# Takes a few minutes; needs python3 (3.11+) with venv, and the network to PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PY="${PYTHON:-python3}"
BUILD="$ROOT/build/bundle"
VENV="$BUILD/venv"
VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
ARCH="$(uname -m)"
ARCHIVE="dist/dialogue-app-$VERSION-linux-$ARCH.tar.gz"

echo "== build environment ($VENV)"
rm -rf "$VENV" "$BUILD/work" dist/dialogue-app "$ARCHIVE"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q ".[bundle]"

echo "== PyInstaller"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$BUILD/work" packaging/dialogue_app.spec

echo "== notices and desktop integration"
"$VENV/bin/python" packaging/collect_notices.py dist/dialogue-app/THIRD-PARTY-NOTICES.txt
cp LICENSE dist/dialogue-app/LICENSE
cp packaging/linux/install-desktop.sh dist/dialogue-app/install-desktop.sh
chmod +x dist/dialogue-app/install-desktop.sh

echo "== pack"
tar -C dist -czf "$ARCHIVE" dialogue-app
echo "unpacked: $(du -sh dist/dialogue-app | cut -f1) in $(find dist/dialogue-app -type f | wc -l) files;" \
     "packed: $(du -sh "$ARCHIVE" | cut -f1) ($ARCHIVE)"

echo "== smoke test"
bash packaging/smoke_test.sh dist/dialogue-app
