"""Results in plain words: sentences a city councillor understands, in en, nl and fr, used by the event
report PDF and the impact report."""

from __future__ import annotations

import dataclasses

import pypdf

from dialogue_app import exports, i18n
from dialogue_app.services import survey as svc
from dialogue_app.survey import plain

CONNECTED = plain.Facts(key="connected", label="I feel connected", kind="agree5", analysis="paired-scale", n=88,
                        up=0.36, down=0.18, effect_kind="r", effect=0.33, effect_low=0.12, effect_high=0.51,
                        p_value=0.004, pairing_rate=0.84)


def test_paired_result_in_english_says_direction_size_chance_and_pairing():
    """The brief's example: direction, % up and down, people with both forms, pairing rate, effect with CI,
    and the p-value together with its meaning."""
    s = plain.sentence(CONNECTED)
    assert s.startswith("After the day more participants felt connected to people who differ from them: "
                        "36% moved up, 18% down (88 people who filled in both forms, 84% of the later forms")
    assert "a moderate effect, r = 0.33, 95% CI 0.12 to 0.51" in s
    assert "unlikely to be chance (p = 0.004)" in s
    assert "Careful" not in s


def test_every_p_value_comes_with_its_meaning():
    """No p-value without words saying what it means, whatever its size."""
    for p in (0.0001, 0.004, 0.03, 0.2, 0.9):
        s = plain.sentence(dataclasses.replace(CONNECTED, p_value=p))
        assert ("p =" in s or "p <" in s) and "chance" in s
    assert "could well be chance" in plain.sentence(dataclasses.replace(CONNECTED, p_value=0.3))
    assert "stayed about the same" not in plain.sentence(dataclasses.replace(CONNECTED, p_value=0.3))
    assert "about as connected" in plain.sentence(dataclasses.replace(CONNECTED, p_value=0.3))


def test_small_samples_are_flagged_and_tiny_ones_say_nothing():
    """Below 20 people a warning is added; below 5 the sentence gives no figures at all."""
    assert "Careful: few people" in plain.sentence(dataclasses.replace(CONNECTED, n=12))
    tiny = plain.sentence(dataclasses.replace(CONNECTED, n=3))
    assert "fewer than 5 people" in tiny and "%" not in tiny


def test_dutch_and_french_with_correct_plurals():
    """The same result in Dutch and French, singular and plural forms as each language needs."""
    pooled_one = dataclasses.replace(CONNECTED, events=1)
    pooled_many = dataclasses.replace(CONNECTED, events=3)
    with i18n.language("nl"):
        s = plain.sentence(CONNECTED)
        assert s.startswith("Na de dag voelden meer deelnemers zich verbonden met mensen die anders zijn dan zij: "
                            "36% ging omhoog, 18% omlaag (88 mensen die beide formulieren invulden")
        assert "waarschijnlijk geen toeval (p = 0,004)" in s and "middelgroot effect" in s
        assert "88 mensen bij 1 evenement" in plain.sentence(pooled_one)
        assert "88 mensen bij 3 evenementen" in plain.sentence(pooled_many)
    with i18n.language("fr"):
        s = plain.sentence(CONNECTED)
        assert s.startswith("Après la journée, davantage de participants se sentaient liés aux personnes "
                            "différentes d'eux")
        assert "peu probablement dû au hasard (p = 0,004)" in s and "un effet modéré" in s
        assert "à 1 événement ayant" in plain.sentence(pooled_one)
        assert "à 3 événements ayant" in plain.sentence(pooled_many)
        share = plain.Facts(key="x", label="Q", kind="yes_no", analysis="after-share", n=6, share=0.5)
        assert "6 personnes ont répondu" in plain.sentence(share)


def test_odds_ratio_is_left_out_when_fewer_than_5_changed_one_way():
    """A yes/no item where 3 people went from yes to no: no odds ratio (it would give the 3 away), no '3'."""
    item = svc.ItemResult(key="intend_action", label="I intend", kind="yes_no", analysis="paired-yes-no",
                          waves=("before", "after"), n=60, yes_to_no=3, no_to_yes=21, p_value=0.0002,
                          p_holm=0.0004, unmatched=6)
    s = plain.sentence(plain.facts_from_item(item))
    assert "odds ratio" not in s and "fewer than 5 people down" in s
    assert "35% moved up" in s and "91% of the later forms" in s


def test_event_report_pdf_has_the_results_in_plain_words(demo_store, tmp_path):
    """The event report PDF has an “In plain words” section with one sentence per analysed question."""
    out = tmp_path / "report.pdf"
    exports.run_export(demo_store, "report", out)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(out).pages).replace("\n", " ")
    assert "In plain words" in text
    assert "people who filled in both forms" in text and "met residents they had never spoken to before" in text
