"""Pure building blocks of the printed documents: fitting, shaping, glyph coverage, suppression."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogue_app import demo_data
from dialogue_app.printing import common, suppress
from dialogue_app.services.printing import collect


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCŞğİıÖüЖЛέλ  -'", min_size=1, max_size=120),
       st.floats(min_value=20, max_value=400))
def test_fitted_text_never_exceeds_the_width(text, width):
    """Whatever the name and the box, the fitted line is never wider than the box."""
    f = common.fit_text(text, common.FONT_BOLD, width, 40, 9)
    assert common.text_width(f.text, common.FONT_BOLD, f.size) <= width + 1e-6
    assert 9 <= f.size <= 40


def test_short_names_keep_the_largest_size_and_long_ones_shrink_before_eliding():
    """Shrink to fit first; the ellipsis is the last resort, only below the minimum size."""
    short = common.fit_text("Ayşe", common.FONT_BOLD, 200, 32, 10)
    assert (short.text, short.size, short.elided) == ("Ayşe", 32, False)
    medium = common.fit_text("Maximiliane-Alexandrina", common.FONT_BOLD, 200, 32, 10)
    assert not medium.elided and 10 <= medium.size < 32
    assert medium.text == "Maximiliane-Alexandrina"
    huge = common.fit_text("Maximiliane-Alexandrina-Konstantina " * 3, common.FONT_BOLD, 150, 32, 10)
    assert huge.elided and huge.size == 10 and huge.text.endswith("…")
    assert common.text_width(huge.text, common.FONT_BOLD, 10) <= 150


def test_arabic_is_shaped_and_put_in_visual_order():
    """Arabic letters become joined presentation forms in right-to-left visual order; Latin is untouched."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    for name in ("ليلى", "أحمد", "سلمى"):
        shaped = common.shape(name)
        assert shaped == get_display(arabic_reshaper.reshape(name))
        assert shaped != name
        assert all(0xFE70 <= ord(c) <= 0xFEFF for c in shaped)  # presentation forms B
    assert common.shape("Gülşen") == "Gülşen"


def test_the_shipped_fonts_cover_every_demo_name():
    """Turkish, Polish, Cyrillic, Greek and shaped Arabic names of the demo all have glyphs in DejaVu Sans."""
    names = set()
    for o in demo_data.ORIGINS.values():
        names |= set(o["female"]) | set(o["male"]) | set(o["surnames"])
    assert {"Ayşe", "Gülşen", "Ömer", "İbrahim", "ليلى", "أحمد", "Олена", "Ελένη"} <= names
    missing = {n: common.missing_glyphs(n) for n in names if common.missing_glyphs(n)}
    assert missing == {}
    assert common.missing_glyphs("Łukasz Żółć ışığı") == set()
    # Ethiopic comes from the shipped fallback; scripts no shipped font has are detected
    assert common.missing_glyphs("ዮሃንስ ትግርኛ") == set()
    assert common.missing_glyphs("王芳") == {"王", "芳"}


def test_mixed_scripts_are_split_into_font_runs_and_measured_per_run():
    """A line mixing Latin and Ethiopic uses DejaVu for the Latin part and Noto Sans Ethiopic for the rest."""
    from reportlab.pdfbase import pdfmetrics

    parts = common.runs("Yohannes ዮሃንስ", common.FONT_BOLD)
    assert parts == [(common.FONT_BOLD, "Yohannes "), (common.ETHIOPIC_BOLD, "ዮሃንስ")]
    width = common.text_width("Yohannes ዮሃንስ", common.FONT_BOLD, 10)
    assert width == pdfmetrics.stringWidth("Yohannes ", common.FONT_BOLD, 10) + pdfmetrics.stringWidth(
        "ዮሃንስ", common.ETHIOPIC_BOLD, 10)
    assert '<font name="NotoSansEthiopic">' in common.para_text("ዮሃንስ")
    assert common.runs("Ayşe", common.FONT) == [(common.FONT, "Ayşe")]


def test_fonts_are_shipped_inside_the_package_with_their_licence():
    """DejaVu Sans regular and bold and the licence are package data (resources/fonts)."""
    import importlib.resources

    folder = importlib.resources.files("dialogue_app.resources") / "fonts"
    names = {f.name for f in folder.iterdir()}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt", "NotoSansEthiopic-Regular.ttf",
            "NotoSansEthiopic-Bold.ttf", "LICENSE-Noto.txt"} <= names
    assert "Bitstream" in (folder / "LICENSE-DejaVu.txt").read_text()
    assert "SIL Open Font License" in (folder / "LICENSE-Noto.txt").read_text()


def test_local_suppression_hides_small_cells_and_the_cell_that_would_reveal_them():
    """Counts below 5 are hidden; with one hidden and the total shown, the next smallest goes too."""
    assert suppress.hidden_cells_local([17, 14, 9]) == [False, False, False]
    assert suppress.hidden_cells_local([17, 3, 9]) == [False, True, True]
    assert suppress.hidden_cells_local([17, 3, 2]) == [False, True, True]
    assert suppress.hidden_cells_local([17, 3, 9], total_shown=False) == [False, True, False]
    assert suppress.hidden_cells_local([0, 12]) == [True, True]
    assert suppress.shown(4) is None and suppress.shown(5) == "5"


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=6))
def test_suppression_agrees_with_the_rule_whatever_the_counts(counts):
    """No visible cell below 5, and never exactly one hidden cell when a total is shown."""
    hide = suppress.hidden_cells(counts)
    assert all(h or c >= 5 for c, h in zip(counts, hide, strict=True))
    if len(counts) > 1:
        assert sum(hide) != 1


def test_blau_index():
    """Blau's index: 0 for a uniform group, 1 − 1/k for k equal groups."""
    assert collect.blau([6]) == 0
    assert abs(collect.blau([2, 2, 2]) - (1 - 1 / 3)) < 1e-12
    assert collect.blau([]) == 0


def test_grid_cells_of_the_label_sheets_stay_on_the_page():
    """Every label of the 2×4 and 3×7 sheets lies inside A4 with the published margins."""
    from reportlab.lib.units import mm

    from dialogue_app.printing.badges import LAYOUTS

    for key, (cols, rows) in {"L7165": (2, 4), "L7160": (3, 7)}.items():
        g = LAYOUTS[key].grid
        assert (g.cols, g.rows) == (cols, rows)
        xs = [g.cell(i) for i in range(g.per_page)]
        left = min(x for x, _y in xs)
        right = max(x for x, _y in xs) + g.cell_w
        bottom = min(y for _x, y in xs)
        top = max(y for _x, y in xs) + g.cell_h
        assert abs(left - (210 * mm - right)) < 0.01 * mm  # centred horizontally
        assert abs(bottom - (297 * mm - top)) < 0.01 * mm  # centred vertically
        assert left > 4 * mm and bottom > 12 * mm


def test_fast_qr_matrix_equals_qrcode_with_automatic_mask():
    """The NumPy mask selection gives exactly the symbol qrcode builds with its own automatic mask choice
    (short codes, long texts with version information, non-Latin text)."""
    import random
    import string

    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    from dialogue_app.printing.qrfast import qr_modules

    rng = random.Random(7)
    payloads = ["".join(rng.choice(string.ascii_uppercase + string.digits) for _i in range(rng.randint(1, 40)))
                for _k in range(60)]
    payloads += ["ዮሃንስ", "Ayşe Gülşen", "0123456789" * 20, "https://example.org/" + "x" * 150]
    for p in payloads:
        q = qrcode.QRCode(border=0, error_correction=ERROR_CORRECT_M)
        q.add_data(p)
        q.make(fit=True)
        assert qr_modules(p).tolist() == [[bool(x) for x in row] for row in q.modules], p
