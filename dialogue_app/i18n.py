"""Every user-visible string goes through this module.

Usage everywhere in the app::

    from dialogue_app.i18n import gettext as _, ngettext

    _("Participants")
    ngettext("{n} person", "{n} people", n).format(n=n)

* English is the source language. Catalogs are Babel ``.po`` files in
  ``translations/<lang>/<area>.po`` (one file per area of the app, so work on
  different areas never touches the same file); all files of a language are
  merged and compiled to one ``.mo`` in the cache directory on first use.
* The interface language is process-wide (:func:`set_language`); a document
  can be rendered in another language (the event's) inside
  ``with language("fr"):`` which only affects the current thread.
* Dates and numbers are formatted with Babel for the active language.
* :func:`N_` marks a string for extraction without translating it (for
  module-level constants); translate it with ``_()`` where it is shown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gettext as _gettext_mod
import hashlib
import importlib.resources
import io
import locale
import math
import os
import re
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import babel
import babel.dates
import babel.lists
import babel.numbers

SOURCE_LANGUAGE = "en"
#: Languages whose catalogs must be complete (a test enforces it).
COMPLETE_LANGUAGES = ("nl", "fr", "de", "es", "it", "pt", "pl", "tr", "uk", "ar", "so", "ti")

_lock = threading.Lock()
_cache: dict[str, _gettext_mod.NullTranslations] = {}
_current = SOURCE_LANGUAGE
_local = threading.local()
#: part of the cached .mo file's name: change it when _compile changes what it writes
_MO_FORMAT = b"2"


def _translations_root() -> importlib.resources.abc.Traversable:
    return importlib.resources.files("dialogue_app.translations")


@functools.cache
def _available_languages() -> tuple[str, ...]:
    langs = {SOURCE_LANGUAGE}
    for entry in _translations_root().iterdir():
        if entry.is_dir() and any(f.name.endswith(".po") for f in entry.iterdir()):
            langs.add(entry.name)
    return tuple(sorted(langs))


def available_languages() -> list[str]:
    """Language codes with a catalog, plus English, sorted."""
    return list(_available_languages())


def language_name(code: str, in_language: str | None = None) -> str:
    """The language's own name ("Nederlands"), or in another language."""
    try:
        loc = babel.Locale.parse(code)
        name = loc.get_display_name(in_language or code) or code
        return name[:1].upper() + name[1:]
    except (ValueError, babel.UnknownLocaleError):
        return code


def _po_files(lang: str, root: Path | None = None) -> list[importlib.resources.abc.Traversable]:
    folder = (root if root is not None else _translations_root()) / lang
    if not folder.is_dir():
        return []
    return sorted((f for f in folder.iterdir() if f.name.endswith(".po")), key=lambda f: f.name)


_STATUS = re.compile(r'^"X-Translation-Status:\s*([A-Za-z-]+)', re.M)
_REVIEWED_BY = re.compile(rb"^#\. reviewed-by:", re.M)
_MSGID = re.compile(rb"^msgid ", re.M)


def review_progress(lang: str, root: Path | None = None) -> tuple[int, int] | None:
    """How far a native speaker's review of a draft language has come: (messages reviewed,
    messages), or None when the language is not a draft. A ``.po`` file's header says
    ``X-Translation-Status: draft``, ``partly-reviewed (n/m)`` or ``reviewed`` (a file without
    the header is reviewed: the Dutch and French ones); a reviewed message carries a ``#. reviewed-by: NAME DATE`` comment
    (``python -m dialogue_app.i18n_tools review``). ``root`` replaces the package's folder
    (read anew each time; the package's own catalogs are read once)."""
    return _package_progress(lang) if root is None else _progress(_po_files(lang, root))


@functools.cache
def _package_progress(lang: str) -> tuple[int, int] | None:
    return _progress(_po_files(lang))


def _progress(po_files: list[importlib.resources.abc.Traversable]) -> tuple[int, int] | None:
    files = []
    for f in po_files:
        blob = f.read_bytes()
        found = _STATUS.search(blob[:3000].decode("utf-8", "replace"))
        count = max(len(_MSGID.findall(blob)) - 1, 0)  # the header is an empty msgid
        files.append((found.group(1).lower() if found else None, count, len(_REVIEWED_BY.findall(blob))))
    reviewed = (None, "reviewed")
    if all(status in reviewed for status, _n, _r in files):
        return None
    done = sum(n if status in reviewed else min(r, n) for status, n, r in files)
    return done, sum(n for _s, n, _r in files)


def is_draft(lang: str, root: Path | None = None) -> bool:
    """True when the language's catalog is a draft nobody fluent has fully reviewed yet
    (see :func:`review_progress`); the language menu says so."""
    return review_progress(lang, root) is not None


def is_right_to_left(code: str | None = None) -> bool:
    """True for a language written right to left (Arabic): the window is mirrored."""
    try:
        return babel.Locale.parse(code or current_language()).character_order == "right-to-left"
    except (ValueError, babel.UnknownLocaleError):
        return False


def language_label(code: str, root: Path | None = None) -> str:
    """The language's own name for menus, marked while its translation is a draft:
    "Deutsch (draft — please review)", "Deutsch (draft — 40 % reviewed)" once a reviewer
    has started; no mark once every message is reviewed."""
    name = language_name(code)
    progress = review_progress(code, root) if code != SOURCE_LANGUAGE else None
    if progress is None:
        return name
    done, total = progress
    if not done or not total:
        return gettext("{language} (draft — please review)").format(language=name)
    share = max(math.floor(100 * done / total), 1) / 100  # 99.6 % is not yet 100 %, 0.1 % not 0
    return gettext("{language} (draft — {percent} reviewed)").format(
        language=name, percent=format_percent(share)
    )


#: Qt ships its own strings (standard buttons, file dialogs) for some languages only; a
#: language without its own catalog uses the nearest one (Portuguese: Qt has Brazilian only);
#: one with none (Somali, Tigrinya) keeps Qt's English.
QT_CATALOG_LOCALES = {"pt": "pt_BR", "pt_PT": "pt_BR", "pt_CV": "pt_BR"}


def qt_catalog_locale(lang: str) -> str:
    """The locale of the Qt catalog (``qtbase_<locale>.qm``) used for ``lang``."""
    return QT_CATALOG_LOCALES.get(lang, lang)


def qt_catalog_files() -> set[str]:
    """The names of Qt's translation files the app's languages use (the bundle ships only these)."""
    locales = {qt_catalog_locale(code) for code in available_languages()}
    return {f"qtbase_{loc}.qm" for loc in locales}


def _compile(lang: str) -> _gettext_mod.NullTranslations:
    """Merge and compile the .po files of one language, cached as .mo on disk."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    files = _po_files(lang)
    if not files:
        return _gettext_mod.NullTranslations()
    blobs = [f.read_bytes() for f in files]
    digest = hashlib.sha256(b"\0".join([_MO_FORMAT, *blobs])).hexdigest()[:16]
    from dialogue_app import paths

    cached = paths.cache_dir() / "i18n" / f"{lang}-{digest}.mo"
    if cached.is_file():
        with cached.open("rb") as fh:
            return _gettext_mod.GNUTranslations(fh)
    merged = Catalog(locale=lang)
    for k, blob in enumerate(blobs):
        cat = read_po(io.BytesIO(blob), locale=lang)
        if k == 0:
            # the plural rule the translators wrote for, not Babel's current CLDR one (French
            # has three forms in newer CLDR data; our catalogs give two, and a third index
            # would fall back to English)
            merged.mime_headers = cat.mime_headers
        for msg in cat:
            if msg.id and msg.string and not msg.fuzzy:
                merged[msg.id] = msg
    buf = io.BytesIO()
    write_mo(buf, merged, use_fuzzy=False)
    data = buf.getvalue()
    with contextlib.suppress(OSError):  # a read-only cache only costs speed
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, cached)
    return _gettext_mod.GNUTranslations(io.BytesIO(data))


def translation(lang: str) -> _gettext_mod.NullTranslations:
    """The (cached) translation object for a language code."""
    cached = _cache.get(lang)
    if cached is not None:
        return cached
    lang = normalise_language(lang)
    with _lock:
        if lang not in _cache:
            _cache[lang] = (
                _gettext_mod.NullTranslations() if lang == SOURCE_LANGUAGE else _compile(lang)
            )
        return _cache[lang]


def normalise_language(code: str | None) -> str:
    """Map "nl_BE.UTF-8", "fr-FR" or "" to a language we have ("nl", "fr", "en")."""
    if not code:
        return SOURCE_LANGUAGE
    base = code.replace("-", "_").split(".")[0].split("@")[0]
    langs = available_languages()
    if base in langs:
        return base
    short = base.split("_")[0].lower()
    return short if short in langs else SOURCE_LANGUAGE


def system_language() -> str:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return normalise_language(value.split(":")[0])
    with contextlib.suppress(ValueError, TypeError):
        return normalise_language(locale.getlocale()[0])
    return SOURCE_LANGUAGE


def set_language(code: str | None) -> str:
    """Set the process-wide interface language; returns the code actually used."""
    global _current
    _current = normalise_language(code) if code else system_language()
    translation(_current)
    return _current


def current_language() -> str:
    return getattr(_local, "lang", None) or _current


@contextlib.contextmanager
def language(code: str | None) -> Iterator[str]:
    """Temporarily use another language in this thread (e.g. a PDF in the event language)."""
    previous = getattr(_local, "lang", None)
    _local.lang = normalise_language(code) if code else current_language()
    try:
        yield _local.lang
    finally:
        _local.lang = previous


def gettext(message: str) -> str:
    return translation(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translation(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translation(current_language()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark for extraction only; translate later with ``gettext``."""
    return message


# --- formatting with Babel -------------------------------------------------


def _locale() -> str:
    return current_language()


# One format per kind in the whole app: "short" dates are the language's numeric date with a
# four-digit year (11/19/2026, 19-11-2026, 19/11/2026; also what date fields show), "medium"
# and "long" dates Babel's (Nov 19, 2026); times are the language's short time (6:30 PM, 18:30),
# and time fields show the same. Widgets never format dates themselves (tests/test_wording.py).


def short_date_pattern() -> str:
    """The active language's numeric date pattern (CLDR "short") with a four-digit year."""
    pattern = babel.Locale.parse(_locale()).date_formats["short"].pattern
    return re.sub(r"y+", "yyyy", pattern)


def short_time_pattern() -> str:
    """The active language's short time pattern (CLDR), e.g. "h:mm a" or "HH:mm"."""
    return babel.Locale.parse(_locale()).time_formats["short"].pattern


def qt_date_format() -> str:
    """A Qt display format (QDateEdit) that shows dates as :func:`format_date` "short" does."""
    return short_date_pattern()  # d, dd, M, MM, yyyy and quoted literals mean the same in Qt


def qt_time_format() -> str:
    """A Qt display format (QTimeEdit) that shows times as :func:`format_time` does."""
    return re.sub(r"a+", "AP", short_time_pattern()).replace("\u202f", " ")


def format_date(value: dt.date | None, fmt: str = "medium") -> str:
    """A date in the active language: "short" (numeric, four-digit year), "medium" or "long"."""
    if value is None:
        return ""
    if fmt == "short":
        fmt = short_date_pattern()
    return babel.dates.format_date(value, fmt, locale=_locale())


def format_datetime(value: dt.datetime | None, fmt: str = "medium") -> str:
    """A date and time: the date as :func:`format_date` ``fmt``, the time always short."""
    if value is None:
        return ""
    glue = babel.Locale.parse(_locale()).datetime_formats.get(fmt if fmt != "long" else "medium")
    glue = str(getattr(glue, "pattern", glue) or "{1} {0}")
    return glue.replace("{1}", format_date(value.date(), fmt)).replace("{0}", format_time(value))


def format_time(value: dt.time | dt.datetime | None, fmt: str = "short") -> str:
    """A time in the active language; every kind uses the short pattern (no seconds) unless
    ``fmt`` is "medium" (with seconds, for backups and logs)."""
    if value is None:
        return ""
    return babel.dates.format_time(value, "medium" if fmt == "medium" else "short", locale=_locale())


def format_number(value: int | float | Decimal) -> str:
    if isinstance(value, int):
        return babel.numbers.format_decimal(value, locale=_locale())
    return babel.numbers.format_decimal(value, format="#,##0.##", locale=_locale())


def format_decimal(value: float | Decimal, digits: int = 1) -> str:
    pattern = "#,##0." + "0" * digits if digits > 0 else "#,##0"
    return babel.numbers.format_decimal(value, format=pattern, locale=_locale())


def format_percent(value: float, digits: int = 0) -> str:
    """``value`` is a fraction: 0.8 -> "80%" (or "80 %" in French)."""
    loc = babel.Locale.parse(_locale())
    pattern = babel.numbers.parse_pattern(loc.percent_formats[None].pattern)
    pattern.frac_prec = (digits, digits)
    return pattern.apply(value, loc)


def format_list(items: list[str]) -> str:
    """["A", "B", "C"] -> "A, B and C" ("A, B en C" in Dutch)."""
    return babel.lists.format_list(list(items), locale=_locale()) if items else ""


def parse_decimal(text: str) -> float:
    """Parse a number typed in the active language ("0,5" in Dutch); ValueError if not one."""
    try:
        return float(babel.numbers.parse_decimal(text.strip(), locale=_locale()))
    except babel.numbers.NumberFormatError as exc:
        raise ValueError(text) from exc
