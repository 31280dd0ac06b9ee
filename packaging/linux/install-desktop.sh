#!/usr/bin/env bash
# Add Day of Dialogue to this user's desktop: the menu entry, the icon, and the .dialogue file
# type (double-click opens the event). Run from the unpacked app folder; `--uninstall` removes
# them again. Nothing outside ~/.local/share is touched, no root needed.
set -euo pipefail
APP="$(cd "$(dirname "$0")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
RES="$(find "$APP" -type d -path '*dialogue_app/resources' | head -1)"
if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$DATA/applications/dialogue-app.desktop" "$DATA/mime/packages/dialogue-app.xml" \
        "$DATA"/icons/hicolor/*/apps/dialogue-app.png "$DATA/icons/hicolor/scalable/apps/dialogue-app.svg"
else
  mkdir -p "$DATA/applications" "$DATA/mime/packages" "$DATA/icons/hicolor/scalable/apps"
  sed -e "s|^Exec=dialogue-app-gui|Exec=\"$APP/dialogue-app-gui\"|" \
      -e "s|^TryExec=dialogue-app-gui|TryExec=$APP/dialogue-app-gui|" \
      "$RES/dialogue-app.desktop" >"$DATA/applications/dialogue-app.desktop"
  cp "$RES/dialogue-app-mime.xml" "$DATA/mime/packages/dialogue-app.xml"
  cp "$RES/icons/dialogue-app.svg" "$DATA/icons/hicolor/scalable/apps/dialogue-app.svg"
  for png in "$RES"/icons/dialogue-app-*.png; do
    size="$(basename "$png" .png)"; size="${size#dialogue-app-}"
    mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
    cp "$png" "$DATA/icons/hicolor/${size}x${size}/apps/dialogue-app.png"
  done
fi
command -v update-mime-database >/dev/null && update-mime-database "$DATA/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
if [ "${1:-}" = "--uninstall" ]; then
  echo "Removed the menu entry, the icon and the .dialogue file type."
else
  echo "Added the menu entry, the icon and the .dialogue file type (opens with $APP/dialogue-app-gui)."
fi
