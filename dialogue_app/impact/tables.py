"""The impact report as JSON and as an XLSX workbook (aggregates only; see :mod:`.analysis`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from dialogue_app.i18n import gettext as _
from dialogue_app.impact.analysis import EventResult, ImpactReport, ItemImpact, Pooled, clean
from dialogue_app.impact.words import event_sentence, pooled_sentence


def _event_json(item: ItemImpact, r: EventResult) -> dict:
    shown = r.shown
    d = {"event": r.event, "year": r.year, "language": r.language, "n": r.n if shown else None,
         "note": r.note, "estimate": r.estimate, "ci_low": r.ci_low, "ci_high": r.ci_high,
         "pairing_rate": r.pairing_rate if shown else None, "sentence": event_sentence(item, r)}
    if item.analysis != "after-share":
        d.update(up=r.up, down=r.down, p_value=r.p_value)
    if item.analysis == "paired-scale":
        d["rank_biserial_r"] = r.effect_size
    if item.analysis == "paired-yes-no":
        d.update(odds_ratio=r.odds_ratio, or_ci_low=r.or_ci_low, or_ci_high=r.or_ci_high)
    return {k: clean(v) for k, v in d.items()}


def _pooled_json(item: ItemImpact, p: Pooled) -> dict:
    d: dict[str, Any] = {"events": p.k, "n": p.n, "estimate": p.estimate, "ci_low": p.ci_low, "ci_high": p.ci_high,
         "pairing_rate": p.pairing_rate, "i2": p.i2}
    if item.analysis == "paired-yes-no":
        d.update(method="Mantel-Haenszel matched pairs; CMH test on the discordant pairs"
                 + (" (exact binomial)" if p.exact else ""), up=p.up, down=p.down, p_value=p.p_value,
                 odds_ratio=p.odds_ratio, or_ci_low=p.or_ci_low, or_ci_high=p.or_ci_high)
    elif item.analysis == "paired-scale":
        d.update(method="DerSimonian-Laird random effects of the standardised mean change (d_z)", up=p.up,
                 down=p.down, p_value=p.p_value, tau2=p.tau2)
    else:
        d.update(method="DerSimonian-Laird random effects of the logit share", tau2=p.tau2)
    return {k: clean(v) for k, v in d.items()}


def to_json(report: ImpactReport) -> dict:
    """One JSON object: events, differences between instruments, items (per event, pooled, by year)."""
    return {
        "events": [{"name": e.name, "year": e.year, "network_name": e.network_name, "language": e.language,
                    "instrument_version": e.instrument_version, "schema_version": e.schema_version,
                    "forms": e.forms, "form_languages": e.form_languages, "match_rate": clean(e.match_rate)}
                   for e in report.events],
        "differences": [{"item_key": d.key, "what": d.what, "events": list(d.events)} for d in report.differences],
        "items": [{
            "key": it.key, "label": it.label, "kind": it.kind, "analysis": it.analysis, "waves": list(it.waves),
            "variant": it.variant, "sentence": pooled_sentence(it), "pooled": _pooled_json(it, it.pooled),
            "by_year": [{"year": y, **_pooled_json(it, p)} for y, p in it.by_year],
            "events": [_event_json(it, r) for r in it.events],
        } for it in report.items],
    }


def write_xlsx(report: ImpactReport, out: Path) -> None:
    """Sheets: pooled results, per event, by year, differences (written atomically)."""
    from openpyxl import Workbook

    data = to_json(report)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Pooled")[:31]
    cols = ["events", "n", "estimate", "ci_low", "ci_high", "p_value", "odds_ratio", "or_ci_low", "or_ci_high",
            "up", "down", "i2", "tau2", "pairing_rate", "method"]
    ws.append(["item_key", "label", "analysis", *cols, "sentence"])
    for it in data["items"]:
        ws.append([it["key"], it["label"], it["analysis"], *[it["pooled"].get(c) for c in cols], it["sentence"]])
    ws = wb.create_sheet(_("Per event")[:31])
    ecols = ["event", "year", "language", "n", "note", "estimate", "ci_low", "ci_high", "up", "down", "p_value",
             "odds_ratio", "rank_biserial_r", "pairing_rate", "sentence"]
    ws.append(["item_key", *ecols])
    for it in data["items"]:
        for r in it["events"]:
            ws.append([it["key"], *[r.get(c) for c in ecols]])
    ws = wb.create_sheet(_("By year")[:31])
    ws.append(["item_key", "year", *cols])
    for it in data["items"]:
        for y in it["by_year"]:
            ws.append([it["key"], y["year"], *[y.get(c) for c in cols]])
    ws = wb.create_sheet(_("Differences")[:31])
    ws.append(["item_key", "what", "events"])
    for d in data["differences"]:
        ws.append([d["item_key"], d["what"], "; ".join(d["events"])])
    for sheet in wb.worksheets:  # formula-safe: nothing starting with = + - @ is read as a formula
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@"):
                    cell.value = "'" + cell.value
    tmp = Path(out).with_name(Path(out).name + ".tmp")
    wb.save(tmp)
    os.replace(tmp, out)
