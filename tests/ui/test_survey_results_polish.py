"""The survey results as a user reads them: no empty statistics, no cut-off questions."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_an_item_without_answers_says_so(window):
    """A follow-up question before the follow-up has no data: its row says "no answers yet" instead of
    "– improved, – same, – worse" with p-values of "–"."""
    panel = window.show_area("surveys")
    model = panel.results.model
    empty = [r for r, item in enumerate(model.rows) if not item.n]
    assert empty, "the demo has a follow-up item without answers"
    for r in empty:
        texts = [model.data(model.index(r, c)) for c in range(model.columnCount())]
        assert texts[3] == "no answers yet"
        assert "–" not in "".join(t or "" for t in texts[3:])


def test_chart_labels_are_never_cut(window):
    """Every question in the before/after chart gets a block at least as tall as its label wrapped to
    the label column, so a two-line question next to a single bar is not cut in half; the chart asks
    the scroll area for that height."""
    panel = window.show_area("surveys")
    chart = panel.results.chart
    fm = chart.fontMetrics()
    label_w = chart._geometry(chart.width())[0]
    blocks = chart._blocks(chart.width())
    for item, height in zip(chart.items, blocks, strict=True):
        label = chart.labels.get(item.key, item.label)
        needed = fm.boundingRect(0, 0, label_w - 8, 10000, Qt.TextFlag.TextWordWrap, label).height()
        assert height >= needed, label
    assert chart.minimumHeight() >= sum(blocks)


def test_an_event_without_forms_says_so(qtbot, new_event):
    """With no survey forms at all the results page says how to enter them, not "Linked before–after: 0
    (– of the after forms…)", and each question's row says "no answers yet"."""
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    path = new_event.path
    new_event.close()
    ctx = AppContext()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    assert win.open_path(path)
    try:
        res = win.show_area("surveys").results
        assert "–" not in res.rates.text()
        assert "No forms entered yet" in res.rates.text()
        assert {res.model.data(res.model.index(r, 3)) for r in range(res.model.rowCount())} == {"no answers yet"}
    finally:
        ctx.close_event()


def test_paper_entry_ticks_only_a_stored_form(window):
    """Paper entry shows ✓ only once a form is stored; "New before form." after typing a code is
    information, not a tick that suggests something was done."""
    from dialogue_app.services import people as people_service
    from dialogue_app.services import survey as svc

    panel = window.show_area("surveys")
    panel.show_page("paper")
    paper = panel.paper
    done = {r.respondent for r in window.ctx.read(svc.list_responses) if r.wave == "before"}
    code = next(p.code for p in window.ctx.read(people_service.list_people)
                if "participant" in p.roles and p.code not in done)
    paper.code.setText(code)
    paper._code_entered()
    assert paper.message.text() and not paper.message.text().startswith("✓")
    paper.show_message("Saved the before form of X.", done=True)
    assert paper.message.text().startswith("✓")
