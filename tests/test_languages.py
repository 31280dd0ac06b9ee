"""Interface languages: drafts say they are drafts."""

from __future__ import annotations

from dialogue_app import i18n


def test_draft_translation_is_marked_in_the_language_menu_label():
    """A catalog marked ``X-Translation-Status: draft`` (German, drafted without a native
    speaker's review) shows as such in the language menu; reviewed ones (Dutch) do not."""
    assert "de" in i18n.available_languages()
    assert i18n.is_draft("de")
    assert not i18n.is_draft("nl")
    with i18n.language("en"):
        assert i18n.language_label("de") == "Deutsch (draft — please review)"
        assert i18n.language_label("nl") == "Nederlands"
    with i18n.language("nl"):
        assert i18n.language_label("de") == "Deutsch (concept — graag nakijken)"


def test_arrows_point_the_way_arabic_reads():
    """In the mirrored Arabic window Back sits on the right and points right, Next on the left and
    points left (the arrows are part of the translated labels)."""
    from dialogue_app.i18n import gettext as _

    with i18n.language("ar"):
        back, forward = _("◀ &Back"), _("&Next ▶")
    assert back.endswith("▶") and "◀" not in back
    assert forward.startswith("◀") and "▶" not in forward
