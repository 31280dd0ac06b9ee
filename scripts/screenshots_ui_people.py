"""Take the screenshots of the welcome screen, the People, Event and Tables areas (the demo
event's plan) and the import wizard at 1366×768 (offscreen). Usage:

    QT_QPA_PLATFORM=offscreen python scripts/screenshots_ui_people.py [--lang nl] [--out docs]
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
    from PySide6.QtWidgets import QApplication

    from dialogue_app.ui import context, people_panel
    from dialogue_app.ui.app import create_app
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    context.record_errors_for_tests()
    people_panel.CONFIRM_ANSWER = True
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="shots-"))
    event = demo.create_demo_file(work / "Day of Dialogue 2026.dialogue", participants=120, seed=1, lang=args.lang)
    app = create_app()
    ctx = AppContext()
    ctx.settings.recent = [str(event), str(work / "Neighbourhood table talk 2025.dialogue")]
    win = MainWindow(ctx)
    win.resize(1366, 768)
    win.show()
    win._on_event_closed()

    def shot(widget, name):
        for _ in range(5):
            app.processEvents()
            time.sleep(0.02)
        widget.grab().save(str(out / f"screenshot-{name}{args.suffix}.png"))

    shot(win, "welcome")
    win.open_path(event)
    panel = win.show_area("people")
    panel.view.selectRow(2)
    shot(win, "people")
    win.show_area("event")
    shot(win, "event")
    win.show_area("tables")
    shot(win, "tables")
    csv = work / "registrations.csv"
    # as registration files arrive: a stray UTF-8 mark before Windows (Turkish) text, ";" between columns
    csv.write_bytes(b"\xef\xbb\xbf" + (
        "Voornaam;Achternaam;E-mail;Rol;Aanwezigheid;Geboortedatum;Geslacht;Schoenmaat\r\n"
        "Anna;Peeters;anna@example.org;deelnemer;ingeschreven;12-03-1990;vrouw;39\r\n"
        "Hüseyin;Yılmaz;huseyin@example.org;gespreksleider;aanwezig;1975;man;44\r\n"
        "Bram;Janssens;bram@example;facilitator;aanwezig;31-02-1984;man;44\r\n"
        ";;nobody@example.org;deelnemer;ingeschreven;1985;;41\r\n"
        "Ayşe;Öztürk;ayse@example.org;astronaut;ingeschreven;1997;vrouw;37\r\n"
        "Anna;Peeters;anna@example.org;deelnemer;ingeschreven;12-03-1990;vrouw;39\r\n").encode("cp1254"))
    wizard = win.import_people()
    wizard.file_page.path.setText(str(csv))
    wizard.next()
    shot(wizard, "import-mapping")
    wizard.next()
    deadline = time.monotonic() + 20
    while wizard.preview is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    shot(wizard, "import")
    wizard.next()
    shot(wizard, "import-confirm")
    wizard.reject()
    ctx.close_event()
    QApplication.processEvents()


if __name__ == "__main__":
    main()
