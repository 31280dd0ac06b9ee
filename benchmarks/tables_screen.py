"""How long the Tables screen takes to show and to update after a hand move.

    python benchmarks/tables_screen.py [--sizes 500,2000] [--runs 5]

For each size: a demo event is written and planned once; then, per run, a fresh
main window opens the event and shows the Tables area (timed: "show"), and one
guest is dropped on another table (timed: "move": database write + in-memory
re-scoring + redraw of the cards). Prints JSON with the median and every run.
Target: a move updates in under 100 ms for 500 people.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="500,2000")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-tables-"))
    os.environ["DIALOGUE_APP_DATA_DIR"] = str(tmp / "data")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from dialogue_app import storage
    from dialogue_app.services import demo, planning
    from dialogue_app.ui import context
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    context.record_errors_for_tests()
    out = {}
    for n in [int(x) for x in args.sizes.split(",")]:
        path = tmp / f"demo-{n}.dialogue"
        demo.create_demo_file(path, participants=n, seed=1)
        with storage.open_event_file(path) as store:
            planning.plan_event(store, seconds=3.0)
        shows, moves = [], []
        for _run in range(args.runs):
            ctx = AppContext()
            w = MainWindow(ctx)
            w.resize(1366, 768)
            w.show()
            app.processEvents()
            w.open_path(path)
            app.processEvents()
            t0 = time.perf_counter()
            panel = w.show_area("tables")
            app.processEvents()
            shows.append(time.perf_counter() - t0)
            view = panel.plan_view
            cards = list(view.cards.values())
            src, dst = cards[0], cards[1]
            item = next(src.people.item(i) for i in range(src.people.count())
                        if "(" not in src.people.item(i).text())
            pid = item.data(Qt.ItemDataRole.UserRole)
            t0 = time.perf_counter()
            view.on_drop([pid], dst.table_id, None)
            app.processEvents()
            moves.append(time.perf_counter() - t0)
            ctx.undo_stack.undo()
            ctx.close_event()
            w.close()
            w.deleteLater()
            app.processEvents()
        out[str(n)] = {
            "show_median_s": round(statistics.median(shows), 3),
            "move_median_s": round(statistics.median(moves), 4),
            "show_runs": [round(x, 3) for x in shows],
            "move_runs": [round(x, 4) for x in moves],
        }
        print(f"{n} people: show {out[str(n)]['show_median_s']} s, move {out[str(n)]['move_median_s']} s",
              file=sys.stderr)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
