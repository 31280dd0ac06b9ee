"""The clipping checker (tests/ui/clipping.py) itself: it reports a squeezed word-wrapped label,
a clipped button, a label sticking out of its parent and two overlapping labels, and nothing on
a roomy layout; the pseudo-language keeps placeholders and mnemonics."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from tests.ui.clipping import clipping_problems
from tests.ui.pseudo import pseudo


def test_pseudo_language_keeps_placeholders_and_mnemonics():
    """Accented, bracketed, about 40 % longer; {name}, %s, markup and & survive."""
    text = pseudo("&Import {n} people from <b>%s</b>")
    assert text.startswith("[&Ímpórt {n} péóplé") and "<b>%s</b>" in text and text.endswith("]")
    plain = "Import the people from a spreadsheet"
    assert 1.35 <= len(pseudo(plain)) / len(plain) <= 1.5


def test_checker_finds_squeezed_clipped_sticking_out_and_overlapping_text(qtbot):
    """Each kind of problem is reported with the widget's name, its text and the sizes."""
    root = QWidget()
    qtbot.addWidget(root)
    root.resize(400, 300)
    wrapped = QLabel("A long help text that needs several lines at this narrow width, surely. " * 2, root)
    wrapped.setWordWrap(True)
    wrapped.setGeometry(0, 0, 150, 16)
    button = QPushButton("A button with a long text", root)
    button.setAccessibleName("Long button")
    button.setGeometry(0, 40, 60, 24)
    out = QLabel("Out", root)
    out.setGeometry(380, 100, 60, 20)
    a, b = QLabel("First", root), QLabel("Second", root)
    a.setGeometry(0, 200, 80, 20)
    b.setGeometry(40, 205, 80, 20)
    root.show()
    qtbot.waitExposed(root)
    lines = clipping_problems("test", root)
    text = "\n".join(lines)
    assert "word-wrapped text needs" in text
    assert "QPushButton('Long button') 'A button with a long text': clipped or elided" in text
    assert "'Out': sticks out of its parent" in text
    assert "'First': overlaps QLabel 'Second'" in text


def test_checker_passes_a_roomy_layout(qtbot):
    """Text widgets in an ordinary layout with room to spare: nothing reported."""
    root = QWidget()
    qtbot.addWidget(root)
    lay = QVBoxLayout(root)
    help_text = QLabel("Help text that wraps nicely over a couple of lines when it has to.")
    help_text.setWordWrap(True)
    lay.addWidget(help_text)
    lay.addWidget(QPushButton("OK"))
    root.resize(400, 200)
    root.show()
    qtbot.waitExposed(root)
    assert clipping_problems("test", root) == []
