"""Developer tool for the message catalogs (no Qt, no network).

    python -m dialogue_app.i18n_tools missing          # list untranslated messages per language
    python -m dialogue_app.i18n_tools add AREA         # append missing msgids to dialogue_app/translations/*/AREA.po
    python -m dialogue_app.i18n_tools check            # exit 1 when a complete language lacks a message
    python -m dialogue_app.i18n_tools review LANG --by "NAME" (--messages FILE | --all)
                                                       # record a native speaker's review
    python -m dialogue_app.i18n_tools merge LANG DRAFT.po [--area AREA]
                                                       # take a draft's translations, never over reviewed ones

Messages are extracted from the Python sources with Babel (keywords ``_``,
``gettext``, ``ngettext``, ``pgettext``, ``N_``). Each language's catalog is the
union of its ``translations/<lang>/*.po`` files.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.catalog import Message as PoMessage
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dialogue_app import i18n_review
from dialogue_app.i18n import COMPLETE_LANGUAGES

ROOT = Path(__file__).resolve().parent
TRANSLATIONS = ROOT / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None}
PLACEHOLDER = re.compile(r"\{[a-zA-Z_][a-zA-Z0-9_]*\}")


@dataclass(frozen=True)
class Message:
    id: str | tuple[str, ...]  # a plural message: (singular, plural)
    context: str | None
    locations: tuple[tuple[str, int], ...]


def extract(source: Path = ROOT) -> dict[tuple[str | None, str | tuple[str, ...]], Message]:
    """All translatable messages in the package sources."""
    found: dict = {}
    method_map = [("**/migrations/**.py", "ignore"), ("**.py", "python")]
    for filename, lineno, msg, _comments, context in extract_from_dir(
        str(source), method_map=method_map, keywords=KEYWORDS
    ):
        if isinstance(msg, tuple):
            msg = tuple(m for m in msg if m)
            if len(msg) == 1:
                msg = msg[0]
        if not msg:
            continue
        key = (context, msg)
        prev = found.get(key)
        locs = ((filename, lineno),) + (prev.locations if prev else ())
        found[key] = Message(msg, context, locs)
    return found


def load_language(lang: str) -> dict[tuple[str | None, str], tuple[PoMessage, str]]:
    merged: dict = {}
    folder = TRANSLATIONS / lang
    for po in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        with po.open("rb") as fh:
            cat = read_po(fh, locale=lang)
        for m in cat:
            if m.id:
                merged[(m.context, m.id if isinstance(m.id, str) else m.id[0])] = (m, po.name)
    return merged


def plural_problems(lang: str) -> list[str]:
    """Every file of a language must state the same plural rule, and every plural message
    must give exactly that many forms (a missing form falls back to English at run time)."""
    out = []
    folder = TRANSLATIONS / lang
    rules = {}
    for po in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        with po.open("rb") as fh:
            cat = read_po(fh, locale=lang)
        header = dict(cat.mime_headers).get("Plural-Forms", "")
        rules[po.name] = header
        nplurals = cat.num_plurals
        for m in cat:
            if m.id and isinstance(m.id, tuple | list) and len(forms := _plural_forms(m)) != nplurals:
                out.append(f"{lang}: {po.name}: {m.id[0]!r} has {len(forms)} plural forms, "
                           f"the header says {nplurals}")
    if len(set(rules.values())) > 1:
        out.append(f"{lang}: the .po files state different plural rules: {rules}")
    if any(not r for r in rules.values()):
        out.append(f"{lang}: a .po file has no Plural-Forms header: {rules}")
    return out


def _plural_forms(m: PoMessage) -> tuple[str, ...] | list[str]:
    """The translations of a plural message (read_po gives it a tuple of them)."""
    assert isinstance(m.string, tuple | list)
    return m.string


def _singular(msgid: str | tuple[str, ...]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def problems(lang: str, messages: dict | None = None) -> list[str]:
    """Missing, empty, fuzzy or placeholder-mismatched translations of one language."""
    messages = extract() if messages is None else messages
    catalog = load_language(lang)
    out = []
    for (ctx, msgid), info in sorted(messages.items(), key=lambda kv: str(kv[0])):
        entry = catalog.get((ctx, _singular(msgid)))
        where = f"{info.locations[0][0]}:{info.locations[0][1]}"
        if entry is None:
            out.append(f"{lang}: missing {_singular(msgid)!r} ({where})")
            continue
        m, po_name = entry
        strings = list(m.string) if isinstance(m.string, tuple | list) else [m.string]
        if m.fuzzy or not all(strings):
            out.append(f"{lang}: untranslated {_singular(msgid)!r} in {po_name}")
            continue
        wanted = set(PLACEHOLDER.findall(_singular(msgid)))
        for s in strings:
            assert s is not None  # all(strings) above
            got = set(PLACEHOLDER.findall(s))
            # plural forms may drop {n} in the singular in some languages; otherwise placeholders must match
            if got - wanted or (wanted - got) - {"{n}"}:
                out.append(f"{lang}: placeholders differ in {_singular(msgid)!r}: {s!r} ({po_name})")
    return out + plural_problems(lang)


def add(area: str, langs: tuple[str, ...] = COMPLETE_LANGUAGES, root: Path = TRANSLATIONS) -> None:
    """Append messages missing from a language to ``translations/<lang>/<area>.po`` (empty msgstr)."""
    messages = extract()
    for lang in langs:
        catalog = load_language(lang)
        path = root / lang / f"{area}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        status = "draft" if i18n_review.is_draft_language(sorted(path.parent.glob("*.po"))) else None
        if path.exists():
            status = i18n_review.header_status(path.read_text("utf-8")) or status
            with path.open("rb") as fh:
                cat = read_po(fh, locale=lang)
        else:
            cat = Catalog(locale=lang, project="dialogue_app", fuzzy=False)
            siblings = sorted(path.parent.glob("*.po"))
            if siblings:  # the language's plural rule as its other files state it
                with siblings[0].open("rb") as fh:
                    cat.mime_headers = read_po(fh, locale=lang).mime_headers
        added = 0
        for (ctx, msgid), info in messages.items():
            if (ctx, _singular(msgid)) in catalog:
                continue
            cat.add(msgid, string=("",) * cat.num_plurals if isinstance(msgid, tuple) else "", locations=info.locations[:3],
                    context=ctx)
            added += 1
        i18n_review.write_catalog(path, cat, status)  # keeps X-Translation-Status
        print(f"{path}: {added} added")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dialogue_app.i18n_tools")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("missing")
    sub.add_parser("check")
    p = sub.add_parser("add")
    p.add_argument("area")
    r = sub.add_parser("review", help="record a native speaker's review of a language")
    r.add_argument("lang")
    r.add_argument("--by", required=True, help="the reviewer's name")
    which = r.add_mutually_exclusive_group(required=True)
    which.add_argument("--messages", type=Path, help="a .po file, or one English message a line")
    which.add_argument("--all", action="store_true", help="every translated message")
    m = sub.add_parser("merge", help="take a draft .po file's translations; reviewed ones stay")
    m.add_argument("lang")
    m.add_argument("draft", type=Path)
    m.add_argument("--area", help="the file new messages go to (default: the draft's name)")
    args = parser.parse_args(argv)
    if args.cmd == "add":
        add(args.area)
        return 0
    if args.cmd in ("review", "merge"):
        try:
            return _review(args) if args.cmd == "review" else _merge(args)
        except i18n_review.ReviewError as exc:
            print(f"{exc} Nothing was changed.", file=sys.stderr)
            return 2
    messages = extract()
    issues = [line for lang in COMPLETE_LANGUAGES for line in problems(lang, messages)]
    for line in issues:
        print(line)
    print(f"{len(messages)} messages, {len(issues)} problems")
    return 1 if (issues and args.cmd == "check") else 0


def _review(args: argparse.Namespace) -> int:
    msgids = None if args.all else i18n_review.read_message_list(args.messages)
    result = i18n_review.review(TRANSLATIONS, args.lang, args.by, msgids)
    for msgid in result.not_found:
        print(f"not in the {args.lang} catalog: {msgid!r}")
    for msgid in result.untranslated:
        print(f"not translated yet, so not reviewed: {msgid!r}")
    for name, status in result.statuses:
        print(f"{args.lang}/{name}: {status}")
    print(f"{result.reviewed} messages reviewed by {' '.join(args.by.split())}")
    return 0


def _merge(args: argparse.Namespace) -> int:
    result = i18n_review.merge(TRANSLATIONS, args.lang, args.draft, args.area)
    for c in result.conflicts:
        print(f"kept the reviewed translation of {c.msgid!r} in {c.file}: {c.kept!r} (draft: {c.draft!r})")
    print(f"{result.added} added, {result.updated} drafts updated, {len(result.conflicts)} reviewed kept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
