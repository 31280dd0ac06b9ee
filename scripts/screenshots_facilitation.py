"""Make the facilitation screenshots in docs/ (run: .venv/bin/python scripts/screenshots_facilitation.py).

Builds a demo event, seats the first table, runs a session with a fake clock into
overtime and grabs the facilitator screen, the projector view and the commitments area
at 1366×768.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import select  # noqa: E402

from dialogue_app import i18n, paths, storage  # noqa: E402
from dialogue_app.facilitation.timer import FakeClock  # noqa: E402
from dialogue_app.models import Assignment, DialogueTable, Person  # noqa: E402
from dialogue_app.services import demo  # noqa: E402


def seat_demo(path: Path) -> None:
    """Seat participants round-robin (the planner does this in real use)."""
    store = storage.open_event_file(path)
    with store.session() as s:
        if s.scalars(select(Assignment.id).limit(1)).first() is None:
            tables = list(s.scalars(select(DialogueTable).order_by(DialogueTable.number)))
            people = [p for p in s.scalars(select(Person).order_by(Person.code))
                      if "facilitator" not in p.role_names and p.attendance != "cancelled"]
            for i, p in enumerate(people):
                s.add(Assignment(person_id=p.id, table_id=tables[i % len(tables)].id, round=1))
    store.close()


def main(lang: str = "en") -> None:
    tmp = Path(tempfile.mkdtemp())
    paths.set_data_dir(tmp)
    i18n.set_language(lang)
    app = QApplication.instance() or QApplication([])
    path = tmp / "demo.dialogue"
    demo.create_demo_file(path, participants=60, seed=3, lang=lang)
    seat_demo(path)
    from dialogue_app.ui.context import AppContext, record_errors_for_tests
    from dialogue_app.ui.facilitation import panel as facilitation_panel
    from dialogue_app.ui.main_window import MainWindow

    record_errors_for_tests()
    clock = FakeClock()
    orig = facilitation_panel.FacilitationPanel.__init__

    def init(self, ctx, parent=None, clock_=clock):
        orig(self, ctx, parent, clock=clock_)

    facilitation_panel.FacilitationPanel.__init__ = init
    w = MainWindow(AppContext())
    w.resize(1366, 768)
    w.show()
    w.open_path(path)
    panel = w.show_area("facilitation")
    app.processEvents()
    panel.command("start")
    clock.advance(9 * 60)
    panel.command("next")
    clock.advance(21 * 60 + 40)
    panel.command("next")
    clock.advance(35 * 60 + 135)
    panel.update_display()
    app.processEvents()
    suffix = "" if lang == "en" else f"-{lang}"
    w.grab().save(str(ROOT / f"docs/screenshot-facilitation{suffix}.png"))
    panel.command("next")
    panel.command("next")
    clock.advance(60)
    panel.c_text.setText("I will invite my neighbour for coffee")
    app.processEvents()
    w.grab().save(str(ROOT / f"docs/screenshot-facilitation-do{suffix}.png"))
    panel.command("back")
    panel.command("back")
    panel.toggle_projector()
    panel.projector.resize(1366, 768)
    panel.update_display()
    app.processEvents()
    panel.projector.grab().save(str(ROOT / f"docs/screenshot-projector{suffix}.png"))
    panel.toggle_projector()
    panel.tabs.setCurrentIndex(1)
    app.processEvents()
    w.grab().save(str(ROOT / f"docs/screenshot-script{suffix}.png"))
    w.show_area("commitments")
    app.processEvents()
    w.grab().save(str(ROOT / f"docs/screenshot-commitments{suffix}.png"))
    w.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "en")
