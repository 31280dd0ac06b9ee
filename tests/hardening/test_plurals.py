"""Dutch and French choose the singular for one and the plural for two (issue 28, class 12).

A catalog whose plural rule always picks the plural (or a call that passes the wrong number) passed
every test before these: here specific messages are checked per language and per count, once through
the functions and once as a user sees them on the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dialogue_app import i18n
from dialogue_app.i18n import ngettext

ROOT = Path(__file__).resolve().parents[2]

CASES = {
    # language: (message pairs, {n: expected translation})
    "nl": [
        (("There is no table {numbers}.", "There are no tables {numbers}."),
         {1: "Er is geen tafel {numbers}.", 2: "Er zijn geen tafels {numbers}.", 0: "Er zijn geen tafels {numbers}."}),
        (("{n} record deleted in a package was kept here:", "{n} records deleted in packages were kept here:"),
         {1: "{n} gegeven dat in een pakket verwijderd is, is hier bewaard:",
          2: "{n} gegevens die in pakketten verwijderd zijn, zijn hier bewaard:"}),
    ],
    "fr": [
        (("There is no table {numbers}.", "There are no tables {numbers}."),
         {1: "Il n'y a pas de table {numbers}.", 2: "Il n'y a pas de tables {numbers}.",
          0: "Il n'y a pas de table {numbers}."}),  # French: 0 takes the singular
        (("{n} record deleted in a package was kept here:", "{n} records deleted in packages were kept here:"),
         {1: "{n} enregistrement supprimé dans un paquet a été conservé ici :",
          2: "{n} enregistrements supprimés dans des paquets ont été conservés ici :"}),
    ],
}


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_singular_for_one_plural_for_two(lang):
    """ngettext gives the singular form for n=1 and the plural for n=2 (and French's singular for 0)."""
    with i18n.language(lang):
        for (singular, plural), expected in CASES[lang]:
            for n, text in expected.items():
                assert ngettext(singular, plural, n) == text, (lang, n)


@pytest.mark.parametrize("lang, one, two", [
    ("nl", "Er is geen tafel 98.", "Er zijn geen tafels 98, 99."),
    ("fr", "Il n'y a pas de table 98.", "Il n'y a pas de tables 98, 99."),
])
def test_the_command_line_says_one_table_or_two_tables(demo_path, tmp_path, lang, one, two):
    """Asking for one missing table and for two, the user reads the singular and then the plural."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))

    def package(*numbers: str) -> str:
        args = [a for n in numbers for a in ("--table", n)]
        done = subprocess.run([sys.executable, "-m", "dialogue_app", "--lang", lang, "package", str(demo_path), *args,
                               "-o", str(tmp_path / "p.dialogue")], capture_output=True, text=True, env=env,
                              timeout=120)
        assert done.returncode != 0
        return done.stderr

    assert one in package("98")
    assert two in package("98", "99")
