"""Screenshots of the night before at 1366×768, offscreen: the Reports area with the badges in
name order (previewed) and the table-package dialog making one package per table. Usage:

    QT_QPA_PLATFORM=offscreen python scripts/screenshots_evening.py [--lang nl] [--out docs]
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
    from dialogue_app import i18n
    from dialogue_app.services import demo

    i18n.set_language(args.lang)
    from dialogue_app.ui import context
    from dialogue_app.ui.app import create_app
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow
    from dialogue_app.ui.offline.package_dialog import PackageDialog

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

    def settle(seconds: float = 0.1) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    reports = win.show_area("reports")
    reports.docs.setCurrentRow(0)  # badges
    reports.print_options.order.setCurrentIndex(reports.print_options.order.findData("name"))
    reports.create_pdf()
    deadline = time.monotonic() + 120
    while reports.handle is not None and time.monotonic() < deadline:
        settle()
    settle(0.5)  # the preview draws its pages
    win.grab().save(str(out / f"print-panel{args.suffix}.png"))

    dialog = PackageDialog(ctx, win)
    dialog.all_button.click()
    dialog.each.setChecked(True)
    dialog.show()
    settle(0.3)
    dialog.grab().save(str(out / f"offline-package-dialog{args.suffix}.png"))
    dialog.reject()
    ctx.close_event()
    app.processEvents()


if __name__ == "__main__":
    main()
