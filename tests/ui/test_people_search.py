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
