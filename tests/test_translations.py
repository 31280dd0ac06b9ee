"""Languages: Dutch and French catalogs are complete, placeholders match, Babel formats."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogue_app import i18n, i18n_tools


@pytest.fixture(scope="module")
def messages():
    return i18n_tools.extract()


@pytest.mark.parametrize("lang", i18n.COMPLETE_LANGUAGES)
def test_catalog_is_complete(lang, messages):
    """Every message in the sources has a translation (and matching placeholders)."""
    problems = i18n_tools.problems(lang, messages)
    assert problems == [], "\n".join(problems[:50]) + f"\n... {len(problems)} in all"


def test_messages_are_extracted(messages):
    """Extraction finds the app's strings (a broken extractor would pass the test above)."""
    ids = {m if isinstance(m, str) else m[0] for _ctx, m in messages}
    assert "People" in ids and len(ids) > 100


def test_switching_language_translates():
    """Dutch and French return translated text; unknown languages fall back to English."""
    i18n.set_language("nl")
    assert i18n.gettext("People") != "People"
    i18n.set_language("fr")
    assert i18n.gettext("People") != "People"
    assert i18n.set_language("xx") == "en"
    assert i18n.gettext("People") == "People"


def test_thread_local_language_for_documents():
    """A document can be rendered in another language without changing the interface."""
    i18n.set_language("en")
    with i18n.language("nl"):
        inner = i18n.gettext("People")
    assert inner != "People"
    assert i18n.gettext("People") == "People"


def test_dates_and_numbers_use_babel():
    """Dates and numbers follow the active language's conventions."""
    d = dt.date(2026, 11, 5)
    i18n.set_language("nl")
    assert "nov" in i18n.format_date(d)
    assert i18n.format_decimal(1234.5, 1) == "1.234,5"
    i18n.set_language("fr")
    assert "nov" in i18n.format_date(d)
    assert i18n.format_percent(0.8).replace("\u202f", " ").replace("\xa0", " ") == "80 %"
    i18n.set_language("en")
    assert i18n.format_decimal(1234.5, 1) == "1,234.5"


def test_normalise_language_codes():
    """System locale strings map onto the languages we have."""
    assert i18n.normalise_language("nl_BE.UTF-8") == "nl"
    assert i18n.normalise_language("fr-FR") == "fr"
    assert i18n.normalise_language("") == "en"


@pytest.mark.parametrize("lang", i18n.COMPLETE_LANGUAGES)
def test_plural_messages_are_translated_for_every_count(lang):
    """ngettext gives one of the catalog's own forms for any count: a plural rule with
    more forms than the catalog (newer CLDR data has three for French) fell back to English
    for "3 people alone with their group"."""
    catalog = i18n_tools.load_language(lang)
    plurals = [m for m, _po in catalog.values() if isinstance(m.id, tuple | list) and all(m.string)]
    assert len(plurals) > 20
    with i18n.language(lang):
        for m in plurals:
            for n in (0, 1, 2, 3, 7, 21, 100, 1_000_000):
                assert i18n.ngettext(m.id[0], m.id[1], n) in m.string, (lang, m.id, n)
