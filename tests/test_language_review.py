"""Honest about quality: a native speaker's review is recorded per language, the language
menu shows how far it has come, and a later draft never overwrites reviewed text."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dialogue_app import i18n, i18n_review, i18n_tools

HEADER = """msgid ""
msgstr ""
"Language: {lang}\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"X-Translation-Status: draft\\n"

"""

DE = HEADER.format(lang="de") + """#: a.py:1
msgid "People"
msgstr "Personen"

#: a.py:2
msgid "Tables"
msgstr "Tische"

#: a.py:3
msgid "Survey"
msgstr "Umfrage"

#: a.py:4
msgid "Commitments"
msgstr "Zusagen"

#: a.py:5
msgid "Not yet translated"
msgstr ""
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A translations folder with a small German draft catalog."""
    folder = tmp_path / "translations" / "de"
    folder.mkdir(parents=True)
    (folder / "core.po").write_text(DE, "utf-8")
    return folder.parent


def _catalog(path: Path):
    with path.open("rb") as fh:
        return read_po(fh)


def test_review_marks_messages_and_the_menu_shows_the_share(root: Path):
    """A reviewer who checked two of five German messages: those carry their name and date,
    the file says partly-reviewed (2/5) and the menu says "Deutsch (draft — 40% reviewed)";
    once everything translated is checked and translated, the draft mark goes away."""
    with i18n.language("en"):
        assert i18n.language_label("de", root) == "Deutsch (draft — please review)"
    result = i18n_review.review(root, "de", "Anna  Müller", ["People", "Tables"], dt.date(2026, 12, 6))
    assert result.reviewed == 2 and result.statuses == (("core.po", "partly-reviewed (2/5)"),)
    text = (root / "de" / "core.po").read_text("utf-8")
    assert '"X-Translation-Status: partly-reviewed (2/5)\\n"' in text
    assert "#. reviewed-by: Anna Müller 2026-12-06\n#: a.py:1\nmsgid \"People\"" in text
    cat = _catalog(root / "de" / "core.po")
    assert cat.get("People").auto_comments == ["reviewed-by: Anna Müller 2026-12-06"]
    assert cat.get("Survey").auto_comments == []
    assert i18n.review_progress("de", root) == (2, 5)
    with i18n.language("en"):
        assert i18n.language_label("de", root) == "Deutsch (draft — 40% reviewed)"
    with i18n.language("de"):
        assert i18n.language_label("de", root) == "Deutsch (Entwurf — 40\xa0% geprüft)"

    # --all: the untranslated message cannot be reviewed and is named; still a draft
    result = i18n_review.review(root, "de", "Anna Müller", None, dt.date(2026, 12, 7))
    assert result.untranslated == ("Not yet translated",) and result.reviewed == 4
    assert i18n.review_progress("de", root) == (4, 5)
    # the earlier note is replaced, not repeated
    assert _catalog(root / "de" / "core.po").get("People").auto_comments == ["reviewed-by: Anna Müller 2026-12-07"]

    # translated and reviewed: no mark in the menu, the file header says reviewed
    (root / "de" / "core.po").write_text(
        (root / "de" / "core.po").read_text("utf-8").replace(
            'msgid "Not yet translated"\nmsgstr ""', 'msgid "Not yet translated"\nmsgstr "Noch nicht übersetzt"'
        ),
        "utf-8",
    )
    i18n_review.review(root, "de", "Anna Müller", ["Not yet translated"])
    assert i18n_review.header_status((root / "de" / "core.po").read_text("utf-8")) == "reviewed"
    assert not i18n.is_draft("de", root)
    assert i18n.language_label("de", root) == "Deutsch"


def test_bad_review_input_changes_nothing(root: Path, tmp_path: Path, capsys):
    """No name, an unknown language, a list naming no translated message, an unreadable
    list: a plain message, exit status 2, the catalog untouched, no traceback."""
    before = (root / "de" / "core.po").read_bytes()
    with pytest.raises(i18n_review.ReviewError, match="reviewer's name"):
        i18n_review.review(root, "de", "  ", None)
    with pytest.raises(i18n_review.ReviewError, match="No interface language"):
        i18n_review.review(root, "xx", "Anna", None)
    with pytest.raises(i18n_review.ReviewError, match="nothing was changed"):
        i18n_review.review(root, "de", "Anna", ["Not yet translated", "Nowhere"])
    assert (root / "de" / "core.po").read_bytes() == before
    assert i18n_tools.main(["review", "xx", "--by", "Anna", "--all"]) == 2
    assert i18n_tools.main(["review", "de", "--by", "Anna", "--messages", str(tmp_path / "none.txt")]) == 2
    err = capsys.readouterr().err
    assert "No interface language 'xx'" in err and "Cannot read the list" in err and "Traceback" not in err


def test_message_list_may_be_a_po_file_or_lines(root: Path, tmp_path: Path):
    """A reviewer can hand in the English messages they checked, one a line, or a .po file."""
    lines = tmp_path / "checked.txt"
    lines.write_text("People\n\nSurvey\n", "utf-8")
    assert i18n_review.read_message_list(lines) == ["People", "Survey"]
    assert "Tables" in i18n_review.read_message_list(root / "de" / "core.po")


def _draft(tmp_path: Path) -> Path:
    draft = tmp_path / "newer.po"
    draft.write_text(HEADER.format(lang="de") + """msgid "People"
msgstr "Leute"

msgid "Survey"
msgstr "Befragung"

msgid "Not yet translated"
msgstr "Unübersetzt"

msgid "A new message"
msgstr "Eine neue Nachricht"
""", "utf-8")
    return draft


def test_merging_a_draft_never_overwrites_reviewed_text(root: Path, tmp_path: Path):
    """A newer machine draft brought in after a review: the reviewed "Personen" stays and is
    listed as a conflict, the unreviewed "Umfrage" and the empty message take the draft's
    text, a new message lands in the draft's own file; the review notes and status stay."""
    i18n_review.review(root, "de", "Anna Müller", ["People"], dt.date(2026, 12, 6))
    result = i18n_review.merge(root, "de", _draft(tmp_path))
    assert [(c.msgid, c.kept, c.draft) for c in result.conflicts] == [("People", "Personen", "Leute")]
    assert result.updated == 2 and result.added == 1
    core = _catalog(root / "de" / "core.po")
    assert core.get("People").string == "Personen"
    assert core.get("People").auto_comments == ["reviewed-by: Anna Müller 2026-12-06"]
    assert core.get("Survey").string == "Befragung"
    assert core.get("Not yet translated").string == "Unübersetzt"
    assert _catalog(root / "de" / "newer.po").get("A new message").string == "Eine neue Nachricht"
    assert i18n_review.header_status((root / "de" / "core.po").read_text("utf-8")) == "partly-reviewed (1/5)"
    assert i18n_review.header_status((root / "de" / "newer.po").read_text("utf-8")) == "draft"
    assert i18n.review_progress("de", root) == (1, 6)


def test_a_reviewed_language_keeps_all_its_text(root: Path, tmp_path: Path, capsys):
    """Dutch (no draft header: reviewed) is not overwritten by a draft at all: every differing
    message is a conflict, and the draft cannot be poured into a reviewed file."""
    nl = root / "nl"
    nl.mkdir()
    (nl / "core.po").write_text(DE.replace("Language: de", "Language: nl").replace(
        '"X-Translation-Status: draft\\n"\n', ""), "utf-8")
    before = (nl / "core.po").read_bytes()
    result = i18n_review.merge(root, "nl", _draft(tmp_path), area="drafts")
    assert {c.msgid for c in result.conflicts} == {"People", "Survey", "Not yet translated"}
    assert (nl / "core.po").read_bytes() == before
    assert result.added == 1 and i18n_review.header_status((nl / "drafts.po").read_text("utf-8")) == "draft"
    with pytest.raises(i18n_review.ReviewError, match="is reviewed"):
        i18n_review.merge(root, "nl", _draft(tmp_path), area="core")


def test_add_keeps_the_draft_status(tmp_path: Path):
    """``i18n_tools add`` rewrites a catalog file: its X-Translation-Status stays (Babel alone
    would drop it and a draft would show as reviewed)."""
    shutil.copytree(i18n_tools.TRANSLATIONS / "de", tmp_path / "de")
    i18n_tools.add("core", ("de",), tmp_path)
    assert i18n_review.header_status((tmp_path / "de" / "core.po").read_text("utf-8")) == "draft"


def test_readme_says_which_languages_exist_and_how_to_review():
    """The README's Languages section names every interface language (drafts as drafts) and
    gives the commands a reviewer and a translator run."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme.split("## Languages", 1)[1].split("\n## ", 1)[0]
    for code in i18n.available_languages():
        assert i18n.language_name(code, "en") in section, code
    assert "draft" in section and "X-Translation-Status" in section
    assert 'python -m dialogue_app.i18n_tools review de --by "' in section
    assert "i18n_tools merge" in section and "i18n_tools add" in section


def test_review_of_a_real_catalog_changes_only_the_notes_and_the_header(tmp_path: Path):
    """Reviewing one plural message of the real Arabic catalog (a copy) adds its note and the
    file's new status and moves nothing else, so the reviewer's diff is easy to read; the
    compiled catalog still gives all six plural forms."""
    shutil.copytree(i18n_tools.TRANSLATIONS / "ar", tmp_path / "ar")
    path = tmp_path / "ar" / "core.po"
    before = path.read_text("utf-8").splitlines()
    result = i18n_review.review(tmp_path, "ar", "Layla", ["Added {n} table."], dt.date(2026, 12, 6))
    assert result.reviewed == 1
    after = path.read_text("utf-8").splitlines()
    assert len(after) == len(before) + 1
    total = len(_catalog(path))
    assert sorted(line for line in after if line not in before) == [
        f'"X-Translation-Status: partly-reviewed (1/{total})\\n"',
        "#. reviewed-by: Layla 2026-12-06",
    ]
    msg = _catalog(path).get("Added {n} table.")
    assert len(msg.string) == 6 and all(msg.string)
    assert msg.auto_comments == ["reviewed-by: Layla 2026-12-06"]
