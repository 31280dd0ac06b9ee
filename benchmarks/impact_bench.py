"""Twelve fictional events (3 cities × 4 years) → the impact report (PDF, JSON, XLSX), timed.

    PYTHONPATH=. python benchmarks/impact_bench.py [OUT_DIR] [--lang nl]

The cities differ in size and effect; one Gent event asks "view_changed" as a 5-point question
(listed as a difference, not mixed) and one Lyon event was exported by an older app (schema 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from pathlib import Path

from dialogue_app import i18n
from dialogue_app.impact.analysis import build_report
from dialogue_app.impact.reader import read_export
from dialogue_app.impact.report_pdf import write_impact_pdf
from dialogue_app.impact.tables import to_json, write_xlsx
from dialogue_app.services.survey.sample import write_sample_export

CITIES = (("Rotterdam", "nl", 220, 0.40), ("Gent", "nl", 90, 0.30), ("Lyon", "fr", 45, 0.15))


def make_events(out: Path, seed: int = 2026) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for city, lang, size, shift in CITIES:
        for year in range(2022, 2026):
            n = max(8, int(rng.gauss(size, size * 0.15)))
            kinds = {"view_changed": "agree5"} if (city, year) == ("Gent", 2024) else None
            paths.append(write_sample_export(
                out / f"{city.lower()}-{year}.sqlite", title=f"Dag van de Dialoog {year}" if lang == "nl"
                else f"Journée du dialogue {year}", city=city, date=dt.date(year, 11, rng.randint(1, 20)), lang=lang,
                respondents=n, rng=rng, shift=shift + rng.gauss(0, 0.08), pair_rate=rng.uniform(0.6, 0.9),
                follow_up=0.35 if city != "Lyon" and year >= 2024 else 0.0,
                schema="1" if (city, year) == ("Lyon", 2022) else "2", kinds=kinds))
    return paths


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default="/tmp/impact-bench")
    ap.add_argument("--lang", default="en")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    paths = make_events(out)
    t1 = time.perf_counter()
    exports = [read_export(p) for p in paths]
    t2 = time.perf_counter()
    with i18n.language(args.lang):
        report = build_report(exports)
        t3 = time.perf_counter()
        write_impact_pdf(report, out / f"impact-{args.lang}.pdf")
        t4 = time.perf_counter()
        write_xlsx(report, out / f"impact-{args.lang}.xlsx")
        (out / f"impact-{args.lang}.json").write_text(json.dumps(to_json(report), ensure_ascii=False, indent=1))
    print(f"generate {t1 - t0:.2f}s, read {t2 - t1:.2f}s, analyse {t3 - t2:.2f}s, pdf {t4 - t3:.2f}s")


if __name__ == "__main__":
    main()
