"""A native speaker's review of an interface language, and drafts that never overwrite it
(used by ``python -m dialogue_app.i18n_tools review`` and ``merge``; no Qt, no network).

* A reviewed message carries a translator comment ``#. reviewed-by: NAME DATE``.
* Each ``.po`` file's header says how far its review has come: ``X-Translation-Status:
  draft`` (nobody fluent has checked it), ``partly-reviewed (n/m)`` or ``reviewed``;
  ``i18n.review_progress`` adds the files of a language up for the language menu.
* A message is reviewed when it carries the comment or its file is reviewed (a file without
  the header, like the Dutch and French ones, counts as reviewed). A merged draft only fills
  in what is missing or still a draft.

Review edits the files line by line (nothing else in them moves); a merge rewrites the files
it changes with Babel and puts the status header back (Babel drops headers it does not know).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.catalog import Message as PoMessage
from babel.messages.pofile import read_po, write_po

STATUS = "X-Translation-Status"
_STATUS_LINE = re.compile(r'^"X-Translation-Status:\s*([^"\\]*)(?:\\n)?"\n', re.M)
_REVIEWED_BY = re.compile(r"^#\. reviewed-by:", re.M)
_MSGID = re.compile(r"^msgid ", re.M)
_REVIEWED = ("reviewed",)


@dataclass(frozen=True)
class ReviewResult:
    reviewed: int  # messages marked reviewed now
    not_found: tuple[str, ...]  # asked for, but not in the language's catalog
    untranslated: tuple[str, ...]  # no translation yet: nothing to review
    statuses: tuple[tuple[str, str], ...]  # (file name, its new X-Translation-Status)


@dataclass(frozen=True)
class Conflict:
    msgid: str
    kept: str  # the reviewed translation, left as it was
    draft: str  # the draft's, not taken
    file: str


@dataclass(frozen=True)
class MergeResult:
    added: int
    updated: int
    conflicts: tuple[Conflict, ...]


class ReviewError(ValueError):
    """Bad input: nothing was changed (the message says what to do)."""


def header_status(text: str) -> str | None:
    """The file's ``X-Translation-Status`` ("draft", "partly-reviewed (3/40)", …) or None."""
    found = _STATUS_LINE.search(text[: text.find("\n\n") + 1 or None])
    return found.group(1).strip() if found else None


def set_header_status(text: str, status: str | None) -> str:
    """``text`` (a whole .po file) with its status header replaced, added or (None) removed."""
    end = text.find("\n\n")
    head, rest = (text, "") if end < 0 else (text[: end + 1], text[end + 1 :])
    head = _STATUS_LINE.sub("", head)
    if status:
        head += f'"{STATUS}: {status}\\n"\n'
    if status == "reviewed":  # no longer announce a draft
        head = head.replace("# DRAFT machine-assisted translation — please have a native speaker review.\n", "")
        head = re.sub(r'^("Language-Team: [^"]*?) \(draft\)', r"\1", head, flags=re.M)
    return head + rest


def counted_status(text: str) -> str:
    """The status a file's own comments earn: reviewed when every message is."""
    total = max(len(_MSGID.findall(text)) - 1, 0)
    done = min(len(_REVIEWED_BY.findall(text)), total)
    if total and done == total:
        return "reviewed"
    return f"partly-reviewed ({done}/{total})" if done else "draft"


def _language_files(root: Path, lang: str) -> list[Path]:
    if not re.fullmatch(r"[a-z]{2,3}(_[A-Za-z]{2,4})?", lang) or not (root / lang).is_dir():
        raise ReviewError(f"No interface language {lang!r} in {root}.")
    return sorted((root / lang).glob("*.po"))


def is_draft_language(files: list[Path]) -> bool:
    """True when a file of the language says it is (partly) a draft."""
    return any((header_status(p.read_text("utf-8")) or "reviewed") not in _REVIEWED for p in files)


def _translated(m: PoMessage) -> bool:
    strings = list(m.string) if isinstance(m.string, tuple | list) else [m.string]
    return bool(strings) and all(strings) and not m.fuzzy


def _singular(m: PoMessage) -> str:
    return m.id if isinstance(m.id, str) else m.id[0]


def _mark(lines: list[str], lineno: int, note: str) -> None:
    """Put ``#. note`` in the comments above the msgid on line ``lineno`` (1-based),
    replacing an earlier review's note."""
    i = lineno - 1
    j = i
    while j > 0 and lines[j - 1].startswith(("#", "msgctxt")):
        j -= 1
    block = [line for line in lines[j:i] if not line.startswith("#. reviewed-by:")]
    k = next((n for n, line in enumerate(block) if line.startswith(("#:", "#,", "#|", "msgctxt"))), len(block))
    lines[j:i] = [*block[:k], f"#. {note}", *block[k:]]


def review(
    root: Path, lang: str, by: str, msgids: Collection[str] | None = None, today: dt.date | None = None
) -> ReviewResult:
    """Record that ``by`` reviewed ``msgids`` (None: every translated message) of ``lang``."""
    by = " ".join(by.split())
    if not by:
        raise ReviewError("Give the reviewer's name: --by \"NAME\".")
    files = _language_files(root, lang)
    wanted = None if msgids is None else {m for m in msgids if m}
    if wanted is not None and not wanted:
        raise ReviewError("The list of reviewed messages is empty.")
    note = f"reviewed-by: {by} {(today or dt.date.today()).isoformat()}"
    seen: set[str] = set()
    untranslated: list[str] = []
    done = 0
    edits: dict[Path, str] = {}
    for path in files:
        text = path.read_text("utf-8")
        cat = read_po(io.StringIO(text), locale=lang)
        targets = [m for m in cat if m.id and (wanted is None or _singular(m) in wanted)]
        seen.update(_singular(m) for m in targets)
        untranslated += [_singular(m) for m in targets if not _translated(m)]
        marked = [m for m in targets if _translated(m)]
        if not marked:
            continue
        lines = text.split("\n")
        for m in sorted(marked, key=lambda m: m.lineno or 0, reverse=True):
            _mark(lines, m.lineno or 0, note)
        done += len(marked)
        new = "\n".join(lines)
        edits[path] = set_header_status(new, counted_status(new))
    if wanted is not None and not edits:
        raise ReviewError(f"None of the {len(wanted)} messages is translated in {lang}; nothing was changed.")
    for path, new in edits.items():
        path.write_text(new, "utf-8")
    return ReviewResult(
        done,
        tuple(sorted(wanted - seen)) if wanted is not None else (),
        tuple(untranslated),
        tuple((p.name, header_status(t) or "") for p, t in edits.items()),
    )


def read_message_list(path: Path) -> list[str]:
    """The msgids a reviewer checked: a .po file's, or one English message a line."""
    try:
        if path.suffix == ".po":
            with path.open("rb") as fh:
                return [_singular(m) for m in read_po(fh) if m.id]
        return [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ReviewError(f"Cannot read the list of messages {path}: {exc}") from exc


def write_catalog(path: Path, cat: Catalog, status: str | None) -> None:
    """Write ``cat`` to ``path`` (as i18n_tools always has) with its status header."""
    buf = io.BytesIO()
    write_po(buf, cat, width=100, omit_header=False, sort_output=False)
    path.write_text(set_header_status(buf.getvalue().decode("utf-8"), status), "utf-8")


def _shown(m: PoMessage) -> str:
    return m.string if isinstance(m.string, str) else " | ".join(s or "" for s in m.string or ())


def merge(root: Path, lang: str, draft: Path, area: str | None = None) -> MergeResult:
    """Bring a draft .po file's translations into ``lang``: missing messages go to
    ``<area>.po`` (default: the draft's name), draft text is replaced by the newer draft,
    reviewed text is kept and reported as a conflict."""
    files = _language_files(root, lang)
    try:
        with draft.open("rb") as fh:
            incoming = [m for m in read_po(fh, locale=lang) if m.id and _translated(m)]
    except (OSError, ValueError) as exc:
        raise ReviewError(f"Cannot read the draft {draft}: {exc}") from exc
    target = root / lang / f"{area or draft.stem}.po"
    cats: dict[Path, tuple[Catalog, str | None]] = {}
    where: dict[tuple[str | None, str], Path] = {}
    for path in files:
        status = header_status(path.read_text("utf-8"))
        with path.open("rb") as fh:
            cats[path] = (read_po(fh, locale=lang), status)
        where.update({(m.context, _singular(m)): path for m in cats[path][0] if m.id})
    target_status = cats[target][1] if target in cats else "draft"
    if (target_status or "reviewed") in _REVIEWED:
        raise ReviewError(f"{target.name} of {lang} is reviewed: merge the draft into another area (--area).")
    changed: set[Path] = set()
    conflicts: list[Conflict] = []
    added = updated = 0
    for new in incoming:
        key = (new.context, _singular(new))
        found = where.get(key)
        if found is None:
            if target not in cats:
                cats[target] = (_new_catalog(lang, files), "draft")
            cats[target][0][new.id] = PoMessage(new.id, new.string, context=new.context, flags=new.flags)
            where[key] = target
            changed.add(target)
            added += 1
            continue
        path = found
        cat, status = cats[path]
        old = cat.get(new.id, context=new.context)
        if old is None or old.string == new.string:
            continue
        file_reviewed = (status or "reviewed") in _REVIEWED
        if file_reviewed or any(c.startswith("reviewed-by:") for c in old.auto_comments):
            conflicts.append(Conflict(_singular(old), _shown(old), _shown(new), path.name))
            continue
        old.string, old.flags = new.string, old.flags - {"fuzzy"}
        changed.add(path)
        updated += 1
    for path in changed:
        write_catalog(path, cats[path][0], None)  # then the status its comments earn
        text = path.read_text("utf-8")
        path.write_text(set_header_status(text, counted_status(text)), "utf-8")
    return MergeResult(added, updated, tuple(conflicts))


def _new_catalog(lang: str, siblings: list[Path]) -> Catalog:
    cat = Catalog(locale=lang, project="dialogue_app", fuzzy=False)
    if siblings:  # the language's plural rule as its other files state it
        with siblings[0].open("rb") as fh:
            cat.mime_headers = read_po(fh, locale=lang).mime_headers
    return cat
