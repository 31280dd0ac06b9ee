"""Forgiving text matching for finding people by name, code or e-mail.

Pure Python (no Qt, no database). "yilmaz" finds "Yılmaz", "ozturk" finds "Öztürk",
"jorgen" finds "Jørgen", "lodz" finds "Łódź", "strasse" finds "Straße"; case, accents,
spaces, hyphens and apostrophes do not matter, and every typed word must match the
start of some part of the name (first name, last name, code, e-mail). Scripts without
a Latin form (Arabic, Cyrillic, Greek…) are left as they are: typing them finds them.

    >>> matches("yilmaz hus", ["Hüseyin", "Yılmaz"])
    True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

#: Letters that NFKD does not split into a base letter and an accent.
_SPECIAL = str.maketrans({
    "ı": "i", "İ": "i", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss", "ẞ": "ss",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
    "þ": "th", "Þ": "th", "ħ": "h", "Ħ": "h", "ŀ": "l", "Ŀ": "l", "ŧ": "t", "Ŧ": "t",
})
#: Joiners inside a name part: removed, so "van der berg" ≈ "vanderberg", "o'brien" ≈ "obrien".
_JOINERS = re.compile(r"[\-‐‑‒–—'’ʼ`´.·_]")
_SPACES = re.compile(r"[\s,;/+()\[\]\"“”„«»]+")


def _is_latin(ch: str) -> bool:
    """A Latin letter (Basic Latin up to Latin Extended-B, IPA, Latin Extended Additional)."""
    o = ord(ch)
    return ch.isalpha() and (o < 0x2B0 or 0x1E00 <= o < 0x1F00)


def fold(text: str) -> str:
    """``text`` case-folded without accents and with the special letters spelled out.

    Combining marks are dropped only after a Latin letter, so Arabic vowel signs, Hebrew
    points and other scripts stay intact.
    """
    if text.isascii():
        return text.casefold()
    text = text.translate(_SPECIAL)
    out: list[str] = []
    prev_latin = False
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if prev_latin:
                continue
            out.append(ch)
            continue
        prev_latin = _is_latin(ch)
        out.append(ch)
    folded = "".join(out).casefold().translate(_SPECIAL)
    return unicodedata.normalize("NFC", folded)


def words(text: str) -> list[str]:
    """The folded words of ``text`` (split on spaces and punctuation; joiners removed)."""
    return [w for w in (_JOINERS.sub("", part) for part in _SPACES.split(fold(text))) if w]


def search_key(parts: Iterable[str]) -> tuple[str, ...]:
    """The precomputed search key of a person: the folded words of every part, plus each
    whole part without spaces (so "vanderberg" finds "van der Berg") and the e-mail's
    pieces ("jan" finds "jan.de.vries@example.org")."""
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        ws = words(part)
        out.extend(ws)
        # "Jean-Pierre" is found by "jeanpierre" and by "pierre"; "O'Brien" by "obrien" and "brien"
        out.extend(w for w in re.split(_JOINERS.pattern + "|" + _SPACES.pattern, fold(part)) if w)
        joined = "".join(ws)
        if len(ws) > 1:
            out.append(joined)
        if "@" in part:
            local = fold(part).split("@", 1)[0]
            out.extend(w for w in re.split(r"[._+\-]+", local) if w)
    return tuple(dict.fromkeys(out))


def query_words(query: str) -> list[str]:
    """The words the user typed, folded (empty: everything matches)."""
    return words(query)


def key_matches(query: list[str], key: tuple[str, ...]) -> bool:
    """Every typed word is the start of some word of the key."""
    return all(any(k.startswith(q) for k in key) for q in query)


def matches(query: str, parts: Iterable[str]) -> bool:
    """Does ``query`` find the person with these name parts (names, code, e-mail)?"""
    return key_matches(query_words(query), search_key(parts))
