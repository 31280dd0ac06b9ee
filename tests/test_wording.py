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


def test_what_is_said_about_sensitive_values_follows_the_export_list():
    """The sentence about origin and religion in exports is made from exports.py: it names the
    people list (which holds them for people who consented) and never claims "never exported"."""
    from dialogue_app import exports

    rule = exports.sensitive_rule()
    sensitive = exports.sensitive_exports()
    assert [s.kind for s in sensitive] == ["people-csv"]
    assert exports.spec("people-csv").description in rule
    assert "consented" in rule
    for s in exports.EXPORTS:
        if not s.sensitive_values:
            assert s.description not in rule


def test_readme_names_the_exports_that_hold_sensitive_values():
    """README's Privacy section names every export that may hold sensitive values and no longer says
    the app never exports them."""
    from dialogue_app import exports

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    privacy = readme[readme.index("## Privacy"):]
    privacy = privacy[:privacy.index("\n## ", 5)]
    assert "never prints or exports" not in privacy
    for s in exports.sensitive_exports():
        assert f"`{s.kind}`" in privacy
