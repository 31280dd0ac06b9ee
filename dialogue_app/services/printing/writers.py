"""The export writers of the printed documents (declared in :mod:`dialogue_app.exports`), each with the
export signature ``fn(store, out, options, progress, should_stop) -> int``: collect the inputs in one
read (:mod:`.collect`), then render them (:mod:`dialogue_app.printing`) in the document language.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from dialogue_app import i18n
from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.printing import badges, cards, forms, guide, report
from dialogue_app.printing.common import Steps, render_pdf
from dialogue_app.services.printing import collect


def export_pdf(store, out: Path, options, progress: Callable[..., None], should_stop: Callable[[], bool],
               collect_fn: Callable, render_fn: Callable) -> int:
    """Collect the inputs in one read, then render them to ``out`` atomically in the document language.

    ``collect_fn(session, options)`` returns the inputs (it runs in the document
    language, so labels it translates come out right); ``render_fn(data, tmp_path,
    steps)`` draws them and returns the number of items written.
    """
    steps0 = Steps(1, progress, should_stop)
    steps0.check()
    progress(0.0)
    with store.session() as s:
        lang = options.lang or collect.event_info(s).language
        with i18n.language(lang):
            data = collect_fn(s, options)
    steps0.check()
    progress(0.1)
    return render_pdf(data, out, lang, progress, should_stop, render_fn)


def write_badges(store, out: Path, options, progress, should_stop) -> int:
    """Export writer "badges": options.extra["layout"] is one of LAYOUTS (default L7165),
    options.extra["order"] is "table" (default) or "name" (last name, then first name)."""
    extra = options.extra or {}
    layout_key = extra.get("layout")
    badges.layout(layout_key)  # a bad layout fails before any work
    order = badges.badge_order(extra.get("order"))

    def collect_fn(session, opts):
        return collect.collect_badges(session, opts.tables, order), collect.event_info(session).title

    def render(data, tmp, make_steps):
        items, title = data
        return badges.render_badges(items, tmp, layout_key=layout_key, event_title=title, make_steps=make_steps)

    return export_pdf(store, out, options, progress, should_stop, collect_fn, render)


def write_table_cards(store, out: Path, options, progress, should_stop) -> int:
    """Export writer "table-cards". With options.extra["split"] == "table", ``out`` is a folder
    and each table gets its own PDF (:func:`dialogue_app.printing.cards.table_file_name`); returns the number of pages."""
    split = (options.extra or {}).get("split") or "none"
    if split not in cards.SPLITS:
        raise UserInputError(_("Unknown choice “{key}”; choose one of: {keys}.").format(
            key=split, keys=", ".join(cards.SPLITS)))

    def collect_fn(session, opts):
        return collect.collect_tables(session, opts.tables), collect.event_info(session).title

    if split == "table":
        return export_per_table(store, Path(out), options, progress, should_stop, collect_fn)

    def render(data, tmp, make_steps):
        tables, title = data
        return cards.render_table_cards(tables, tmp, event_title=title, make_steps=make_steps)

    return export_pdf(store, out, options, progress, should_stop, collect_fn, render)


def export_per_table(store, folder: Path, options, progress, should_stop, collect_fn) -> int:
    """One PDF per table in ``folder``. The files are written into a hidden folder next to them
    first and moved in only when all are done: a cancelled or failed run leaves no files behind."""
    if folder.exists() and not folder.is_dir():
        raise UserInputError(_("{path} is a file; choose a folder for one PDF per table.").format(path=folder))
    pages = 0

    def render(data, _tmp, make_steps):
        nonlocal pages
        tables, title = data
        folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".table-cards-", dir=folder))
        try:
            steps = make_steps(sum(1 + len(t.first_names) for t in tables))
            width = max(2, *(len(str(t.number)) for t in tables)) if tables else 2
            names = []
            for t in tables:
                name = cards.table_file_name(t.number, width, t.is_training)
                pages += cards.render_table_cards([t], work / name, event_title=title, make_steps=lambda _n: steps)
                names.append(name)
            for name in names:
                os.replace(work / name, folder / name)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return pages

    # export_pdf's own temporary file is not needed here: it is left empty and removed
    with tempfile.TemporaryDirectory() as scratch:
        export_pdf(store, Path(scratch) / "unused.pdf", options, progress, should_stop, collect_fn, render)
    return pages


def write_commitment_cards(store, out: Path, options, progress, should_stop) -> int:
    def collect_fn(session, opts):
        return collect.collect_commitment_cards(session, opts.tables)

    def render(items, tmp, make_steps):
        return cards.render_commitment_cards(items, tmp, make_steps=make_steps)

    return export_pdf(store, out, options, progress, should_stop, collect_fn, render)


def write_facilitator_guides(store, out: Path, options, progress, should_stop) -> int:
    def collect_fn(session, opts):
        return collect.collect_guides(session, opts.tables)

    def render(guides, tmp, make_steps):
        return guide.render_guides(guides, tmp, make_steps=make_steps)

    return export_pdf(store, out, options, progress, should_stop, collect_fn, render)


def write_survey_forms(store, out: Path, options, progress, should_stop) -> int:
    """Export writer "survey-forms": extra["anonymous"] for self-generated codes, extra["waves"]."""
    waves = forms.waves_of(options)
    anonymous = bool((options.extra or {}).get("anonymous"))

    def collect_fn(session, opts):
        return collect.collect_survey_forms(session, opts.tables, anonymous=anonymous, waves=waves)

    def render(data, tmp, make_steps):
        return forms.render_survey_forms(data, tmp, waves=waves, make_steps=make_steps)

    return export_pdf(store, out, options, progress, should_stop, collect_fn, render)


def write_report(store, out: Path, options, progress, should_stop) -> int:
    """Export writer "report" (the whole event; ``options.tables`` does not apply). Returns pages."""
    def collect_fn(session, opts):
        return collect.collect_report(session)

    def render(data, tmp, make_steps):
        return report.render_report(data, tmp, make_steps=make_steps)

    return export_pdf(store, out, options, progress, should_stop, collect_fn, render)
