"""Screenshots of the check-in desk (Tables ▸ Check-in) at 1366×768, offscreen: a few people
checked in, a walk-in seated, a search for "yilmaz" without Turkish letters. Usage:

    QT_QPA_PLATFORM=offscreen python scripts/screenshots_door.py [--lang nl] [--out docs] [--nobody]
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
    ap.add_argument("--search", default="yilmaz")
    ap.add_argument("--nobody", action="store_true", help="also a shot of a search that finds nobody")
    args = ap.parse_args()
    from dialogue_app import i18n
    from dialogue_app.services import demo

    i18n.set_language(args.lang)
    from sqlalchemy import select

    from dialogue_app.models import Assignment, Person
    from dialogue_app.services import planning as plan_svc
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
    plan_svc.plan_event(ctx.store, seconds=1.0, seed=1)
    panel = win.show_area("tables")
    panel.refresh()
    panel.tabs.setCurrentIndex(1)
    ci = panel.checkin
    codes = ctx.read(lambda s: list(s.scalars(select(Person.code).join(Assignment).order_by(Person.code))))
    for code in codes[:23]:
        ci.code.setText(code)
        ci.check_in_code()
    ci.walk_first.setText("Noor")
    ci.walk_last.setText("Haddad")
    ci.walk_in.add()
    ci.code.setText(codes[30])
    ci.check_in_code()
    ci.search.setText(args.search)
    for _ in range(5):
        app.processEvents()
        time.sleep(0.02)
    suffix = "" if args.lang == "en" else f"-{args.lang}"
    win.grab().save(str(out / f"screenshot-checkin{suffix}.png"))
    if args.nobody:
        ci.search.setText("xyzq")
        for _ in range(3):
            app.processEvents()
        win.grab().save(str(out / f"screenshot-checkin-nobody{suffix}.png"))
    ctx.close_event()


if __name__ == "__main__":
    main()
