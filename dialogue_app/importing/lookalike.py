"""E-mail addresses that look the same but are not: invisible characters (zero-width
spaces, joiners, soft hyphens, byte-order marks), right-to-left overrides and letters
from another script that look like Latin ones (Cyrillic "а", Greek "ο").

A row whose e-mail differs from an existing person's only by such characters is
almost certainly that person (copied from a web form, or a spoof): the importer
reports it before anything is written (:func:`skeleton` is what both addresses
have in common, :func:`odd_characters` names what differs).
"""

from __future__ import annotations

import unicodedata

INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u3164\ufeff\uffa0"
)
#: letters of other scripts that look like a Latin letter (Unicode confusables, the common ones)
_LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "і": "i", "ї": "i", "ј": "j", "к": "k", "м": "m",
    "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "һ": "h", "ӏ": "l", "ɡ": "g",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "γ": "y", "ω": "w",
    # Latin look-alikes
    "ı": "i", "ȷ": "j", "ℓ": "l", "ǀ": "l",
}
_TABLE = str.maketrans(_LOOKALIKES)


def skeleton(text: str) -> str:
    """``text`` without invisible characters, compatibility forms folded (NFKC: full-width
    letters, ligatures), lower-cased and look-alike letters replaced by the Latin ones."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if ch not in INVISIBLE and unicodedata.category(ch) != "Cf")
    return text.lower().translate(_TABLE).strip()


def odd_characters(text: str) -> list[str]:
    """The invisible and look-alike characters of ``text``, as "U+200B ZERO WIDTH SPACE"."""
    out = []
    for ch in text:
        odd = ch in INVISIBLE or unicodedata.category(ch) == "Cf" or ch.lower() in _LOOKALIKES
        odd = odd or (not ch.isascii() and unicodedata.normalize("NFKC", ch).isascii())
        if odd:
            label = f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip()
            if label not in out:
                out.append(label)
    return out
