"""The People screen's search forgives accents and case, and an empty result says so in words."""

from __future__ import annotations

import dataclasses

import pytest

from dialogue_app.services import people as people_svc

pytestmark = pytest.mark.qt


@pytest.fixture
def yilmaz(window, people):
    """One participant of the demo renamed "Hüseyin Yılmaz", shown in the People screen."""
    row = people.model.rows[3]

    def rename(s):
        data = people_svc.get_person(s, row.id)
        people_svc.save_person(s, dataclasses.replace(data, first_name="Hüseyin", last_name="Yılmaz"))

    window.ctx.write(rename, {"people"})
    people.refresh()
    return row.code


def shown_codes(people) -> list[str]:
    return [people.proxy.index(r, 0).data() for r in range(people.proxy.rowCount())]


def test_search_without_turkish_letters(qtbot, people, yilmaz):
    """"yilmaz", "huseyin" and "HUS yil" find "Hüseyin Yılmaz" (before, only the exact letters did)."""
    for text in ("yilmaz", "huseyin", "HUS yil"):
        people.search.setText(text)
        assert yilmaz in shown_codes(people), text
    assert people.empty.isHidden()


def test_empty_result_says_nobody_matches(qtbot, people):
    """A search that finds nobody shows "Nobody matches “xyzqq”." and a hint instead of a blank table."""
    qtbot.keyClicks(people.search, "xyzqq")
    assert people.proxy.rowCount() == 0
    assert not people.empty.isHidden()
    assert people.empty.text().startswith("Nobody matches “xyzqq”.")
    people.search.clear()
    assert people.empty.isHidden()


def test_commitments_follow_up_finds_a_name_without_accents(qtbot, window, yilmaz):
    """In Commitments, typing "yilmaz" where a code is expected finds Hüseyin Yılmaz (before: "No participant
    has the code")."""
    panel = window.show_area("commitments")
    panel.code.setText("yilmaz")
    panel.find_code()
    assert panel.code.text() == yilmaz
    assert panel.found_label.text().startswith("Hüseyin")


def test_survey_entry_finds_a_name_without_accents(qtbot, window, yilmaz):
    """In paper survey entry, "huseyin" + Enter in the code field takes Hüseyin Yılmaz's code."""
    window.show_area("surveys")
    panel = window.panel("surveys")
    panel.show_page("paper")
    paper = panel.paper
    paper.code.setText("huseyin yil")
    paper._code_entered()
    assert paper.code.text() == yilmaz
    assert "New" in paper.message.text() or "already entered" in paper.message.text()


def test_name_field_offers_matching_people(qtbot, window, yilmaz):
    """Typing "yilm" in a code field lists "Hüseyin Yılmaz — CODE" under it; choosing it puts the code in."""
    panel = window.show_area("commitments")
    qtbot.keyClicks(panel.code, "yilm")
    labels = panel.code_finder.model.stringList()
    assert f"Hüseyin Yılmaz — {yilmaz}" in labels
    panel.code_finder.completer.activated.emit(f"Hüseyin Yılmaz — {yilmaz}")
    assert panel.code.text() == yilmaz
