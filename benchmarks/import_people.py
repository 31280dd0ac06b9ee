"""Benchmark: read + validate + apply a 5,000-person registration list into a new event
(and the same file again into the same event: nothing may be added), then Edit > Undo and
Redo of that import.

    .venv/bin/python benchmarks/import_people.py [--people 5000] [--runs 5]

Builds a realistic CSV (Dutch headers, ``;`` delimiter, cp1252-free UTF-8 with
BOM, names from :mod:`dialogue_app.demo_data`, ages as numbers, a consent
column, a few "prefer not to say"), then times each step into a fresh event
file per run and prints JSON with the median and all runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dialogue_app import demo_data, storage, vocab
from dialogue_app.importing import guess_mapping, read_table
from dialogue_app.services import events, people
from dialogue_app.services.edits import UndoImport
from dialogue_app.services.importing import apply, validate

HEADERS = ["Voornaam", "Achternaam", "E-mail", "Telefoon", "Leeftijd", "Geslacht", "Herkomst", "Religie",
           "Opleiding", "Wijk", "Organisatie", "Rol", "Talen", "Rolstoel", "Toestemming", "Opmerkingen"]


def build_csv(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    origins = list(demo_data.ORIGINS)
    shares = [demo_data.ORIGINS[o]["share"] for o in origins]
    hoods = demo_data.NEIGHBOURHOODS_SOUTH + demo_data.NEIGHBOURHOODS_NORTH
    edu = ["basisschool", "vmbo", "mbo", "havo", "hbo", "wo", "universiteit", "bachelor", "master"]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(HEADERS)
        for i in range(n):
            origin = rng.choices(origins, weights=shares)[0]
            o = demo_data.ORIGINS[origin]
            female = rng.random() < 0.52
            first = rng.choice(o["female"] if female else o["male"])
            last = rng.choice(o["surnames"])
            slug = vocab.fold(f"{first}.{last}").replace(" ", ".") or "gast"
            consent = rng.random() < 0.85
            religion = max(o["religion"], key=lambda k: rng.random() * o["religion"][k])
            w.writerow([
                first, last, f"{slug}{i}@example.org", f"06-{rng.randint(10000000, 99999999)}",
                str(rng.randint(16, 90)), rng.choice(["V", "vrouw"] if female else ["M", "man"]),
                origin if consent else "", religion if consent else "",
                rng.choice(edu), rng.choice(hoods),
                rng.choice(demo_data.ORGANISATIONS) if rng.random() < 0.8 else "",
                "deelnemer" if rng.random() < 0.95 else "gespreksleider", o["languages"],
                "ja" if rng.random() < 0.02 else "nee", "ja" if consent else "nee", "",
            ])


def run_once(csv_path: Path, folder: Path, k: int) -> dict[str, float]:
    store = storage.create_event_file(folder / f"bench{k}.dialogue")
    with store.session() as s:
        events.create_event(s, "Benchmark", lang="nl")
    try:
        t0 = time.perf_counter()
        table = read_table(csv_path)
        t1 = time.perf_counter()
        c1 = time.process_time()
        with store.session() as s:
            preview = validate(s, table, guess_mapping(table.headers, events.list_dimensions(s)))
            t2 = time.perf_counter()
            result = apply(s, preview)
            t3 = time.perf_counter()
        t4 = time.perf_counter()  # includes the commit
        c4 = time.process_time()
        assert result.created == len(table.rows), (result, preview.errors[:3])
        # the same file again: everyone is recognised, nothing is added
        with store.session() as s:
            again = apply(s, validate(s, read_table(csv_path), guess_mapping(table.headers,
                                                                              events.list_dimensions(s))))
        t5 = time.perf_counter()
        assert again.created == 0 and again.unchanged == len(table.rows), again
        # Edit > Undo of the first import, then Redo (each one unit of work, on the GUI thread)
        with store.session() as s:
            redo = UndoImport(result.changes, "import").apply(s)
        t6 = time.perf_counter()
        with store.session() as s:
            redo.apply(s)
        t7 = time.perf_counter()
        with store.reader() as s:
            assert len(people.list_people(s)) == len(table.rows)
    finally:
        store.close()
    return {"read": t1 - t0, "validate": t2 - t1, "apply": t3 - t2, "commit": t4 - t3, "total": t4 - t0,
            "validate_apply": t4 - t1, "reimport_same_file": t5 - t4, "undo": t6 - t5, "redo": t7 - t6,
            # CPU time of this process: what the machine's other users do not inflate
            "validate_apply_cpu": c4 - c1}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "people.csv"
        build_csv(csv_path, args.people)
        runs = [run_once(csv_path, folder, k) for k in range(args.runs)]
    med = {key: round(statistics.median(r[key] for r in runs), 3) for key in runs[0]}
    print(json.dumps({
        "benchmark": "import_people", "people": args.people, "runs": args.runs, "median_seconds": med,
        "all_total_seconds": [round(r["total"], 3) for r in runs], "target_seconds": 3.0,
        "python": sys.version.split()[0],
        "load_average": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
