"""The Surveys area: keyboard-only paper entry, the on-screen form, the instrument editor, the results."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from dialogue_app.services import people
from dialogue_app.services import survey as svc
from dialogue_app.ui import context
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt


@pytest.fixture
def window(qtbot, demo_path):
    context.record_errors_for_tests()
    context.REPORTED.clear()
    w = MainWindow(AppContext())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_path(demo_path)
    w.show_area("surveys")
    w.activateWindow()
    yield w
    assert context.REPORTED == []
    w.ctx.close_event()


def _press(key, text: str = "") -> None:
    """Send a key to whatever has the keyboard focus (as a user would)."""
    target = QApplication.focusWidget()
    assert target is not None
    if text:
        QTest.keyClicks(target, text)
    else:
        QTest.keyClick(target, key)


def _code_without(window, wave: str) -> str:
    def find(s):
        done = {r.respondent for r in svc.list_responses(s) if r.wave == wave}
        return next(p.code for p in people.list_people(s) if "participant" in p.roles and p.code not in done)

    return window.ctx.read(find)


def test_paper_entry_keyboard_only(window, qtbot):
    """Code, Enter, table, Enter, digit answers, Enter on the last item saves; the same code again loads
    the form for correction instead of duplicating it; undo reverts the correction."""
    panel = window.panel("surveys")
    panel.show_page("paper")
    paper = panel.paper
    paper.code.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is paper.code)
    code = _code_without(window, "before")
    n_forms = len(window.ctx.read(svc.list_responses))

    _press(None, code)
    _press(Qt.Key.Key_Return)
    # after a code the answers come next (the table is filled from the seat, or typed with Alt+T)
    assert QApplication.focusWidget() is paper.fields[0]
    paper.table.setText("3")
    for digit in "4521":  # talk (freq), connected, trust, intend (1 = yes)
        _press(None, digit)
    assert QApplication.focusWidget() is paper.fields[-1]
    _press(Qt.Key.Key_Return)  # Enter on the last item saves

    saved = window.ctx.read(lambda s: svc.find_response(s, "before", code=code))
    assert saved is not None and saved.table_number == 3
    assert dict(saved.answers) == {"talk_other_backgrounds": "4", "connected": "5", "trust": "2", "intend_action": "1"}
    assert len(window.ctx.read(svc.list_responses)) == n_forms + 1
    assert QApplication.focusWidget() is paper.code and paper.code.text() == ""

    # the same code again: the earlier form is offered for correction
    _press(None, code.lower())
    _press(Qt.Key.Key_Return)
    assert "already entered" in paper.message.text()
    assert paper.fields[2].value == "2"
    _press(Qt.Key.Key_Return)  # skip the first item
    _press(Qt.Key.Key_Return)  # skip the second
    _press(None, "3")  # trust 2 -> 3
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    # the Ctrl+Enter shortcut clicks "Save form" (animated, so wait for it)
    qtbot.waitUntil(lambda: window.ctx.read(lambda s: svc.get_response(s, saved.id)).answer("trust") == "3")
    fixed = window.ctx.read(lambda s: svc.find_response(s, "before", code=code))
    assert fixed.id == saved.id and fixed.answer("trust") == "3"
    assert len(window.ctx.read(svc.list_responses)) == n_forms + 1
    window.ctx.undo_stack.undo()
    assert window.ctx.read(lambda s: svc.get_response(s, saved.id)).answer("trust") == "2"

    # an unknown code is reported in place and nothing moves on
    paper.code.setFocus()
    _press(None, "ZZZZZZ")
    _press(Qt.Key.Key_Return)
    assert "No person has the code" in paper.message.text()
    assert QApplication.focusWidget() is paper.code


def test_paper_entry_self_generated_code(window, qtbot):
    """An anonymous form with a self-generated code is entered with the keyboard alone."""
    panel = window.panel("surveys")
    panel.show_page("paper")
    paper = panel.paper
    paper.wave.setCurrentIndex(paper.wave.findData("after"))
    qtbot.wait(20)  # let the new answer fields appear
    paper.code.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is paper.code)
    _press(Qt.Key.Key_Return)  # empty code -> self-generated code
    for value in ("q", "7", "2", "z", "30"):
        _press(None, value)
        _press(Qt.Key.Key_Return)
    assert QApplication.focusWidget() is paper.table
    _press(None, "2")
    _press(Qt.Key.Key_Return)
    for _i in paper.fields:
        _press(None, "1")
    _press(Qt.Key.Key_Return)
    saved = window.ctx.read(lambda s: svc.find_response(s, "after", sgc=("Q", "7", "2", "Z", "30")))
    assert saved is not None and saved.code == "" and saved.answer("met_new_people") == "1"


def test_on_screen_form(window, qtbot):
    """A participant types the code, taps answers and sends; the screen thanks them and resets."""
    panel = window.panel("surveys")
    panel.show_page("kiosk")
    kiosk = panel.kiosk
    kiosk.wave.setCurrentIndex(kiosk.wave.findData("after"))
    code = _code_without(window, "after")
    QTest.keyClicks(kiosk.code, code)
    chosen = {}
    for key, group in kiosk.groups.items():
        button = group.buttons()[0]
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        chosen[key] = button.property("value")
    QTest.mouseClick(kiosk.submit, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentIndex() == 1
    saved = window.ctx.read(lambda s: svc.find_response(s, "after", code=code))
    assert saved is not None and saved.source == "screen" and dict(saved.answers) == chosen
    kiosk.timer.setInterval(10)
    kiosk.timer.start()
    qtbot.waitUntil(lambda: kiosk.stack.currentIndex() == 0)
    assert kiosk.code.text() == ""
    assert all(g.checkedButton() is None for g in kiosk.groups.values())
    # the same code again is refused with a message
    QTest.keyClicks(kiosk.code, code)
    QTest.mouseClick(kiosk.submit, Qt.MouseButton.LeftButton)
    assert "already" in kiosk.error.text()


def test_on_screen_form_in_dutch(window):
    """The on-screen form speaks the participant's language, including the default questions."""
    kiosk = window.panel("surveys").kiosk
    kiosk.lang.setCurrentIndex(kiosk.lang.findData("nl"))
    texts = [b.text() for g in kiosk.groups.values() for b in g.buttons()]
    assert "Helemaal eens" in texts
    assert kiosk.submit.text().replace("&", "") != "Send my answers"


def test_instrument_reorder_and_undo(window):
    """Moving an item up changes the order; undo restores it."""
    panel = window.panel("surveys")
    panel.show_page("instrument")
    editor = panel.instrument
    before = [it.key for it in editor.items]
    editor.table.selectRow(2)
    editor.move(-1)
    after = [it.key for it in editor.items]
    assert after[1] == before[2] and after[2] == before[1]
    window.ctx.undo_stack.undo()
    assert [it.key for it in editor.items] == before


def test_results_show_headlines_and_suppressed_cells(window):
    """The results page shows the headline share, the tests and hides small per-table cells."""
    panel = window.panel("surveys")
    res = panel.results
    assert "met residents they had never spoken to before" in res.headlines.text()
    assert res.model.rowCount() >= 8
    cells = [res.breakdown.item(r, c).text() for r in range(res.breakdown.rowCount())
             for c in range(1, res.breakdown.columnCount())]
    assert all(t == "—" or int(t) >= 5 for t in cells)
    assert res.chart.items and res.chart.accessibleDescription()
    res.by.setCurrentIndex(res.by.findData("venue"))
    assert res.breakdown.horizontalHeaderItem(0).text() == "Venue"
    cells = [res.breakdown.item(r, c).text() for r in range(res.breakdown.rowCount())
             for c in range(1, res.breakdown.columnCount())]
    assert cells and all(t == "—" or int(t) >= 5 for t in cells)
    keys = [res.by.itemData(i) for i in range(res.by.count())]
    assert "dim:age_band" in keys and "dim:religion" not in keys
    res.by.setCurrentIndex(res.by.findData("dim:age_band"))
    cells = [res.breakdown.item(r, c).text() for r in range(res.breakdown.rowCount())
             for c in range(1, res.breakdown.columnCount())]
    assert cells and all(t == "—" or int(t) >= 5 for t in cells)
    # how "met new people" was answered per age band
    res.what.setCurrentIndex(res.what.findData("met_new_people"))
    assert [res.breakdown.horizontalHeaderItem(c).text() for c in (1, 2)] == ["Yes", "No"]
    cells = [res.breakdown.item(r, c).text() for r in range(res.breakdown.rowCount())
             for c in range(1, res.breakdown.columnCount())]
    assert cells and all(t == "—" or int(t) >= 5 for t in cells)


def test_new_items_appear_in_both_entry_screens(window, qtbot):
    """An item added through the item dialog (a single choice and a free text) is asked on paper and on
    screen; undo removes it again."""
    from dialogue_app.ui.survey.instrument import ItemDialog

    panel = window.panel("surveys")
    dlg = ItemDialog(None, panel)
    dlg.label.setPlainText("Where did you hear about the day?")
    assert dlg.key.text() == "where_did_you_hear"
    dlg.kind.setCurrentIndex(dlg.kind.findData("choice"))
    dlg.waves.setCurrentIndex(1)  # after
    dlg.choices.setPlainText("Neighbour\nPoster\nSocial media")
    assert window.ctx.apply(svc.SaveItem(dlg.result_item(-1), "add"), areas={"surveys"})
    dlg2 = ItemDialog(None, panel)
    dlg2.label.setPlainText("What will you remember?")
    dlg2.kind.setCurrentIndex(dlg2.kind.findData("text"))
    dlg2.waves.setCurrentIndex(1)
    assert window.ctx.apply(svc.SaveItem(dlg2.result_item(-1), "add"), areas={"surveys"})
    panel.refresh()
    paper = panel.paper
    paper.wave.setCurrentIndex(paper.wave.findData("after"))
    keys = [f.item.key for f in paper.fields]
    assert keys[-2:] == ["where_did_you_hear", "what_will_you_remember"]
    choice = paper.fields[-2]
    QTest.keyClicks(choice, "3")
    assert choice.value == "3" and "Social media" in choice.text()
    QTest.keyClicks(choice, "7")  # no such option: ignored
    assert choice.value == "3"
    kiosk = panel.kiosk
    kiosk.wave.setCurrentIndex(kiosk.wave.findData("after"))
    assert [b.text() for b in kiosk.groups["where_did_you_hear"].buttons()] == ["Neighbour", "Poster", "Social media"]
    code = _code_without(window, "after")
    QTest.keyClicks(kiosk.code, code)
    QTest.keyClicks(kiosk.texts["what_will_you_remember"], "The stories")
    QTest.mouseClick(kiosk.groups["where_did_you_hear"].buttons()[1], Qt.MouseButton.LeftButton)
    QTest.mouseClick(kiosk.submit, Qt.MouseButton.LeftButton)
    saved = window.ctx.read(lambda s: svc.find_response(s, "after", code=code))
    assert saved.answer("where_did_you_hear") == "2" and saved.answer("what_will_you_remember") == "The stories"
    window.ctx.undo_stack.undo()  # the form
    window.ctx.undo_stack.undo()  # the text item
    window.ctx.undo_stack.undo()  # the choice item
    assert "where_did_you_hear" not in [it.key for it in panel.instrument.items]


def test_paper_entry_tab_order(window, qtbot):
    """Tab walks wave, table, code, the form's language, the five code elements and then the answers."""
    panel = window.panel("surveys")
    panel.show_page("paper")
    paper = panel.paper
    paper.wave.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is paper.wave)
    expected = [paper.table, paper.code, paper.form_lang, *paper.sgc, paper.fields[0]]
    for widget in expected:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget


def test_paper_entry_answers_after_a_code_never_land_in_the_table(window, qtbot):
    """A tester scanned a code, pressed Enter and typed the answers "73…": the form was stored
    under "table 73". Now the focus goes to the first answer after a code, and a table number
    the event does not have is refused with a message (nothing stored)."""
    panel = window.panel("surveys")
    panel.show_page("paper")
    paper = panel.paper
    paper.code.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is paper.code)
    code = _code_without(window, "before")
    _press(None, code)
    _press(Qt.Key.Key_Return)
    assert QApplication.focusWidget() is paper.fields[0]
    for digit in "4521":
        _press(None, digit)
    assert paper.table.text() in ("", "1", "2", "3", "4", "5", "6", "7", "8", "9")
    assert paper.fields[0].value == "4"

    n_forms = len(window.ctx.read(svc.list_responses))
    paper.table.setText("73")
    paper.save()
    assert "There is no table 73" in paper.message.text()
    assert QApplication.focusWidget() is paper.table
    assert len(window.ctx.read(svc.list_responses)) == n_forms
