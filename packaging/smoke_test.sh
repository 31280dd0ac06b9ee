#!/usr/bin/env bash
# Smoke-test a built app folder (default dist/dialogue-app) as an organiser would use it:
# the demo event written without a window, `--lang nl info`, a PDF (badges with QR codes),
# and the main window opening (offscreen, unless a display is given), each timed.
#
#     bash packaging/smoke_test.sh [APP_FOLDER]
set -euo pipefail
APP="$(cd "${1:-dist/dialogue-app}" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export DIALOGUE_APP_DATA_DIR="$WORK/data"   # leave the user's own data folder alone
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
CLI="$APP/dialogue-app"
GUI="$APP/dialogue-app-gui"
fail() { echo "SMOKE TEST FAILED: $*" >&2; exit 1; }
step() { printf '%-44s' "$1"; }
secs() { python3 -c "import time,sys; print(f'{time.time() - float(sys.argv[1]):.2f}s')" "$1"; }
now() { python3 -c 'import time; print(time.time())'; }

step "version"
"$CLI" --version >"$WORK/out" || fail "--version"; cat "$WORK/out"

step "demo --no-gui"
t=$(now); "$CLI" demo --no-gui "$WORK/demo.dialogue" >"$WORK/out" 2>&1 || { cat "$WORK/out"; fail "demo"; }
[ -s "$WORK/demo.dialogue" ] || fail "demo wrote no file"
echo "ok ($(secs "$t"))"

step "--lang nl info"
t=$(now); "$CLI" --lang nl info "$WORK/demo.dialogue" >"$WORK/out" 2>&1 || { cat "$WORK/out"; fail "info"; }
grep -q "Deelnemer\|deelnemer" "$WORK/out" || { cat "$WORK/out"; fail "info is not in Dutch"; }
echo "ok ($(secs "$t"))"

step "print badges (PDF)"
t=$(now); "$CLI" print "$WORK/demo.dialogue" badges -o "$WORK/badges.pdf" >"$WORK/out" 2>&1 \
  || { cat "$WORK/out"; fail "print badges"; }
head -c 5 "$WORK/badges.pdf" | grep -q "%PDF-" || fail "badges.pdf is not a PDF"
echo "ok ($(secs "$t"), $(du -k "$WORK/badges.pdf" | cut -f1) KB)"

step "main window (dialogue-app-gui FILE)"
t=$(now)
DIALOGUE_APP_QUIT_WHEN_READY="${SMOKE_SCREENSHOT:-yes}" timeout 60 "$GUI" "$WORK/demo.dialogue" >"$WORK/out" 2>&1 \
  || { cat "$WORK/out"; fail "the window did not open"; }
grep -q "window ready: .*demo.dialogue" "$WORK/out" || { cat "$WORK/out"; fail "the window did not show the event"; }
echo "ok ($(secs "$t"))"

step "translations, icon and MIME type shipped"
RES="$(find "$APP" -type d -path '*dialogue_app/resources' | head -1)"
[ -f "$RES/icons/dialogue-app-256.png" ] && [ -f "$RES/dialogue-app.desktop" ] && [ -f "$RES/dialogue-app-mime.xml" ] \
  || fail "resources missing in $APP"
[ -n "$(find "$APP" -path '*dialogue_app/translations/nl/*.po' | head -1)" ] || fail "Dutch catalog missing"
[ -f "$APP/THIRD-PARTY-NOTICES.txt" ] || fail "THIRD-PARTY-NOTICES.txt missing"
echo "ok"
echo "SMOKE TEST PASSED"
