"""Words that do not mislead: Dutch addresses the user as "je", dates and times share one format
per kind, and what the app says about exports follows ``exports.py``."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

NL = Path(__file__).resolve().parents[1] / "dialogue_app" / "translations" / "nl"
FORMAL = re.compile(r"\b(u|uw|uzelf|alstublieft)\b", re.IGNORECASE)


def _nl_strings():
    for po in sorted(NL.glob("*.po")):
        with po.open("rb") as fh:
            for msg in read_po(fh, locale="nl"):
                strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
                for s in strings:
                    if msg.id and s:
                        yield po.name, s


def test_dutch_never_uses_the_formal_u():
    """Every Dutch message says "je/jouw", never the formal "u", "uw", "uzelf" or "alstublieft"."""
    formal = [f"{name}: {s}" for name, s in _nl_strings() if FORMAL.search(s)]
    assert formal == []
