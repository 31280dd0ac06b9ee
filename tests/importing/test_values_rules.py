"""How imported cell values are read: yes/no, roles, attendance, languages, ages, e-mail, names, identity.

Each test states what an organiser's spreadsheet cell turns into, at the edges where a weakened rule
would change the result (``scripts/mutation_check.py dialogue_app/importing/values.py`` measures that)."""

from __future__ import annotations

import datetime as dt

from dialogue_app.importing import values as v


def test_key_folds_case_accents_and_separators_but_keeps_other_scripts():
    """"Élodie-Marie" and "elodie marie" match; Arabic and Polish letters stay themselves."""
    assert v.key("  Élodie-Marie_van.der/Berg ") == "elodie marie van der berg"
    assert v.key("يوسف") == "يوسف"
    assert v.key("Łęcki") == "łecki"


def test_split_list_on_separators_and_words():
    """Commas, semicolons, slashes, plus, ampersands, new lines and "and/en/et" all separate."""
    assert v.split_list("nl, en;fr/pt + de & es | ar\ntr and zh en pl et ru e it und ja") == [
        "nl", "en", "fr", "pt", "de", "es", "ar", "tr", "zh", "pl", "ru", "it", "ja"]
    assert v.split_list("") == [] and v.split_list(None) == []
    assert v.split_list(" , ;") == []


def test_yes_no_in_four_languages():
    """Yes, ja, oui, sim are True; nee, non, não and empty are False; anything else is unknown."""
    assert [v.yes_no(t) for t in ("Yes", "ja", "OUI", "sim", "x", "1")] == [True] * 6
    assert [v.yes_no(t) for t in ("no", "Nee", "non", "não", "", "0")] == [False] * 6
    assert v.yes_no("perhaps") is None


def test_roles_are_recognised_and_the_rest_listed():
    """"Deelnemer, gastvrouw, juggler": two roles and one part that is not a role."""
    assert v.parse_roles("Deelnemer, gastvrouw, juggler") == ({"participant", "host"}, ["juggler"])
    assert v.parse_roles("") == (set(), [])
    assert v.parse_roles("Animatrice") == ({"facilitator"}, [])


def test_attendance_words_and_yes_no():
    """Empty is registered; words in four languages; yes/no mean present/absent; nonsense is unknown."""
    assert v.parse_attendance("") == "registered"
    assert v.parse_attendance("  ") == "registered"
    assert v.parse_attendance("Afgemeld") == "cancelled"
    assert v.parse_attendance("aanwezig") == "present"
    assert v.parse_attendance("ja") == "present"
    assert v.parse_attendance("nee") == "absent"
    assert v.parse_attendance("maybe later") is None


def test_prefer_not_to_say_in_every_language():
    """"Prefer not to say" and its translations are recognised; an answer is not."""
    assert v.is_prefer_not("Prefer not to say")
    assert v.is_prefer_not("Zeg ik liever niet") or v.is_prefer_not("zeg ik liever niet")
    assert not v.is_prefer_not("Dutch")


def test_languages_by_name_code_and_region():
    """Names in several languages, codes and regional codes give ISO codes once each, in order."""
    assert v.parse_languages("Nederlands, English, fr, pt-BR, nl-BE, Arabisch, Klingonish") == (
        ["nl", "en", "fr", "pt", "ar"], ["Klingonish"])
    assert v.parse_languages("") == ([], [])
    assert v.parse_languages("Arabic") == (["ar"], [])
    assert v.parse_languages("xx-YY") == ([], ["xx-YY"])


def test_ages_with_units_and_bounds():
    """"42", "42 jaar", "42.0", "7 ans" are ages; words, four digits and empty are not."""
    assert [v.parse_age(t) for t in ("42", " 42 jaar ", "42.0", "7 ans", "80 years", "101")] == [42, 42, 42, 7, 80, 101]
    assert [v.parse_age(t) for t in ("forty", "1985", "", None, "4 2")] == [None] * 5


def test_age_from_birth_year_and_dates_day_first():
    """A birth year, an ISO date and a day-first date give the age on the day; impossible dates none."""
    on = dt.date(2026, 3, 12)
    assert v.age_from_birth("1985", on) == 41
    assert v.age_from_birth("1985-03-12", on) == 41
    assert v.age_from_birth("1985-03-13", on) == 40
    assert v.age_from_birth("12-03-1985", on) == 41
    assert v.age_from_birth("13/03/1985", on) == 40
    assert v.age_from_birth("12.02.1985", on) == 41
    assert v.age_from_birth("1985-02-30", on) is None
    assert v.age_from_birth("31-02-1980", on) is None
    assert v.age_from_birth("soon", on) is None
    assert v.age_from_birth("", on) is None
    assert v.age_from_birth("1700", on) is None


def test_age_bands_from_ages_ranges_and_plus():
    """"19" and "18-24" are the band 18-24; "80+" the top band; out-of-range and odd ranges are told apart."""
    assert v.age_band_from_text("19") == ("18-24", "")
    assert v.age_band_from_text("18-24") == ("18-24", "")
    assert v.age_band_from_text("18 tot 24 jaar") == ("18-24", "")
    assert v.age_band_from_text("25-24") == (None, "unknown")
    assert v.age_band_from_text("20-40") == (None, "unknown")
    assert v.age_band_from_text("80+") == ("80+", "")
    assert v.age_band_from_text("3+") == (None, "unknown")
    assert v.age_band_from_text("hello") == (None, "")
    assert v.age_band_from_text("") == (None, "")
    low = v.age_band_from_text("3")
    assert low[0] is None and low[1] == "range"


def test_valid_email():
    """One @, a dot in the domain, a top-level domain of two letters or more, no spaces."""
    assert v.valid_email("ana@example.org")
    assert v.valid_email("a.b+c@sub.example.be")
    assert not v.valid_email("ana@example")
    assert not v.valid_email("ana@example.o")
    assert not v.valid_email("ana example@x.org")
    assert not v.valid_email("a@b@c.org")
    assert not v.valid_email("")


def test_clean_text_and_full_names():
    """Spaces are tidied; "de Vries, Jan" and "Jan de Vries" give the same first and last name."""
    assert v.clean_text("  Jan \t  de   Vries ") == "Jan de Vries"
    assert v.clean_text(None) == ""
    assert v.split_full_name("Jan de Vries") == ("Jan", "de Vries")
    assert v.split_full_name("de Vries,  Jan") == ("Jan", "de Vries")
    assert v.split_full_name("Jan\nde Vries") == ("Jan", "de Vries")
    assert v.split_full_name("Cher") == ("Cher", "")


def test_identity_keys_by_email_phone_or_name():
    """E-mail (lower case), the last nine phone digits (six or more), or the name alone."""
    assert v.identity_keys("Ana", "Silva", " Ana@X.org ", "") == ["ana silva|e:ana@x.org"]
    assert v.identity_keys("Ana", "Silva", "", "+31 6 1234 5678") == ["ana silva|p:612345678"]
    assert v.identity_keys("Ana", "Silva", "", "06-1234 5678") == ["ana silva|p:612345678"]
    assert v.identity_keys("Ana", "Silva", "", "123456") == ["ana silva|p:123456"]
    assert v.identity_keys("Ana", "Silva", "", "12345") == ["ana silva|"]
    assert v.identity_keys("Ana", "Silva", "a@x.org", "0612345678") == ["ana silva|e:a@x.org", "ana silva|p:612345678"]
    assert v.identity_keys("", "", "a@x.org", "") == []


def test_identity_key_is_a_hash_of_the_first_identity():
    """What is stored is a 40-character hash, never the name or address itself; nothing for no name."""
    k = v.identity_key("Ana", "Silva", "ana@x.org", "")
    assert len(k) == 40 and "ana" not in k
    assert k == v.identity_hash("ana silva|e:ana@x.org")
    assert v.identity_key("", "", "", "") == ""


def test_categories_across_languages():
    """"Nederlands", "Néerlandaise", " dutch " are Dutch (origin); "moslim" is Muslim (religion)."""
    assert v.category_concept("Nederlands") == "Dutch"
    assert v.category_concept("Néerlandaise") == "Dutch"
    assert v.category_concept(" dutch ") == "Dutch"
    assert v.category_concept("moslim") == "Muslim"
    assert v.category_concept("Martian") is None
    assert v.concept_dimension("Dutch") == "origin"
    assert v.concept_dimension("No religion") == "religion"
    assert v.concept_dimension("Muslim") == "religion"
    assert v.concept_dimension("Martian") is None
    assert "nederlandse" in v.concept_spellings("Dutch") and "moslim" not in v.concept_spellings("Dutch")
    assert v.concept_label("Dutch", "nl") == "Nederlands"
    assert v.concept_label("Dutch", "") == "Dutch"


def test_date_shaped_text():
    """Impossible dates still look like dates (so the message can say how to write one); words do not."""
    assert v.looks_like_date("31-02-1980")
    assert v.looks_like_date(" 1980 / 13 / 01 ")
    assert not v.looks_like_date("1980")
    assert not v.looks_like_date("")
    assert not v.looks_like_date(None)


def test_the_date_formats_shown_to_the_user_are_all_read():
    """The formats the "cannot read this birth date" message offers are exactly ones that work."""
    formats = v.DATE_FORMATS.split(", ")
    assert len(formats) == 5
    for example in formats:
        assert v.age_from_birth(example, dt.date(2026, 3, 12)) in (40, 41), example
        assert v.looks_like_date(example) or example == "1985"


def test_languages_people_write_that_babel_does_not_name():
    """Vlaams, Papiaments, Sranantongo, Kriolu and Gebarentaal are read as the languages they are."""
    assert v.parse_languages("Vlaams, Papiaments, Sranantongo, Kriolu, Gebarentaal") == (
        ["nl", "pap", "srn", "kea", "sgn"], [])


def test_a_category_known_only_from_a_translation():
    """"Cap-verdienne" is only in the French catalog (no extra spelling lists it): still Cape Verdean."""
    assert v.category_concept("Cap-verdienne") == "Cape Verdean"


def test_language_codes_are_plain_codes_never_regions_or_scripts():
    """Whatever language name is typed, what is stored is a plain code ("en"), not "en_GB" or "zh_Hant"."""
    import babel

    names = list(babel.Locale.parse("en").languages.values())
    codes, _unknown = v.parse_languages(", ".join(n for n in names if "," not in n))
    assert codes and all(c.isalpha() and "_" not in c for c in codes)


def test_a_one_year_range_and_the_first_identity():
    """"20-20" is in the band 18-24; with e-mail and phone the stored identity is the e-mail one."""
    assert v.age_band_from_text("20-20") == ("18-24", "")
    assert v.identity_key("Ana", "Silva", "a@x.org", "0612345678") == v.identity_hash("ana silva|e:a@x.org")


def test_a_category_label_without_a_language_is_english():
    """No event language: the label is the English one, whatever the interface language is."""
    from dialogue_app import i18n

    with i18n.language("nl"):
        assert v.concept_label("Dutch", "") == "Dutch"
