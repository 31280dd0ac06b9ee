"""Take the screenshot of the Tables area (the demo event's plan) at 1366×768 (offscreen).
Usage:

    QT_QPA_PLATFORM=offscreen python scripts/screenshots_tables.py [--lang nl] [--out docs]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DIALOGUE_APP_DATA_DIR", tempfile.mkdtemp(prefix="dialogue-shots-"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en")
    ap.add_argument("--out", default="docs")
    ap.add_argument("--suffix", default="")
    args = ap.parse_args()
    from dialogue_app import demo, i18n

    i18n.set_language(args.lang)
    from PySide6.QtWidgets import QApplication

    from dialogue_app.ui import context
    from dialogue_app.ui.app import create_app
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    context.record_errors_for_tests()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="shots-"))
    event = demo.create_demo_file(work / "Day of Dialogue 2026.dialogue", participants=120, seed=1, lang=args.lang)
    app = create_app()
    ctx = AppContext()
    win = MainWindow(ctx)
    win.resize(1366, 768)
    win.show()
    win.open_path(event)
    win.show_area("tables")
    for _ in range(10):
        app.processEvents()
        time.sleep(0.02)
    win.grab().save(str(out / f"screenshot-tables{args.suffix}.png"))
    ctx.close_event()
    QApplication.processEvents()


if __name__ == "__main__":
    main()
