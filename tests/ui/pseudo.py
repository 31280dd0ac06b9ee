"""A pseudo-language for the clipping test: every message accented, about 40 % longer and in
brackets ("[Ímpórt péóplé… ~~~~]"), placeholders, markup and ``&`` mnemonics kept intact.

It lives only in the tests (never in the language menu): :func:`use_pseudo` puts a gettext
wrapper under the code :data:`CODE` into the i18n cache and makes it the interface language;
dates and numbers stay English (Babel does not know the pseudo-locale).
"""

from __future__ import annotations

import gettext
import re

CODE = "qps"

_ACCENTS = str.maketrans(
    "aeiouyAEIOUYcnsz", "áéíóúýÁÉÍÓÚÝçñšž",
)
#: what must survive untouched: {name} placeholders, %s / %(name)s, markup, entities
_KEEP = re.compile(r"(\{[^{}]*\}|%\(\w+\)[sdif]|%[sdif]|<[^>]*>|&\w+;|&&)")


def pseudo(message: str) -> str:
    """``message`` accented, padded to about 140 % of its length and bracketed."""
    if not message:
        return message
    parts = _KEEP.split(message)
    plain = 0
    out = []
    for k, part in enumerate(parts):
        if k % 2:
            out.append(part)
        else:
            out.append(part.translate(_ACCENTS))
            plain += len(part)
    extra = max(1, round(plain * 0.4) - 2)
    # in words of at most 8 (a long translation wraps like one: between words)
    pad = " ".join("~" * min(8, extra - k) for k in range(0, extra, 9))
    return "[" + "".join(out) + " " + pad + "]"


class PseudoTranslations(gettext.NullTranslations):
    """gettext, ngettext and pgettext that return the pseudo-translation of the English."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


def use_pseudo(monkeypatch) -> None:
    """Make the pseudo-language the interface language until the test ends."""
    from dialogue_app import i18n

    monkeypatch.setitem(i18n._cache, CODE, PseudoTranslations())
    monkeypatch.setattr(i18n, "_current", CODE)
    monkeypatch.setattr(i18n, "_locale", lambda: getattr(i18n._local, "lang", None) or "en")
