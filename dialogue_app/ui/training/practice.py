"""The Practice rounds tab of the Training area (a part of the panel)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.i18n import gettext as _
from dialogue_app.services import training as tr
from dialogue_app.training import content
from dialogue_app.training.rehearsal import SPEED_FACTORS
from dialogue_app.ui.training.common import PanelPart, _num, _selected_key, _view
from dialogue_app.ui.training.dialogs import RehearsalDialog


class PracticePage(PanelPart):
    """The Practice rounds tab: planning the rounds, each table's scenario card and fictional guests,
    rehearsing a table with a fast timer."""

    practice: list[tr.PracticeTableInfo]
    rehearsals: list[RehearsalDialog]
    is_training: bool
    tabs: QTabWidget

    def _build_practice(self) -> None:
        page = QWidget()
        lay = QVBoxLayout(page)
        bar = QHBoxLayout()
        lbl = QLabel(_("Trainees per ta&ble:"))
        self.size_spin = QSpinBox()
        self.size_spin.setRange(2, 12)
        self.size_spin.setValue(5)
        self.size_spin.setAccessibleName(_("Trainees per table"))
        lbl.setBuddy(self.size_spin)
        bar.addWidget(lbl)
        bar.addWidget(self.size_spin)
        lbl = QLabel(_("Ro&unds:"))
        self.rounds_spin = QSpinBox()
        self.rounds_spin.setRange(0, 20)
        self.rounds_spin.setSpecialValueText(_("until everyone has facilitated"))
        self.rounds_spin.setAccessibleName(_("Rounds"))
        lbl.setBuddy(self.rounds_spin)
        bar.addWidget(lbl)
        bar.addWidget(self.rounds_spin)
        self.plan_button = QPushButton(_("P&lan practice rounds"))
        self.plan_button.clicked.connect(self.plan)
        bar.addWidget(self.plan_button)
        bar.addStretch(1)
        lbl = QLabel(_("Spee&d:"))
        self.speed_combo = QComboBox()
        for f in SPEED_FACTORS:
            self.speed_combo.addItem(_("{factor}× (a 20-minute round in {real} min)").format(
                factor=f, real=_num(20 / f)), f)
        self.speed_combo.setCurrentIndex(SPEED_FACTORS.index(4))
        self.speed_combo.setAccessibleName(_("Rehearsal speed"))
        # may shrink (the open list shows the whole text), so the row's buttons keep their text
        self.speed_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.speed_combo.setMinimumContentsLength(12)
        lbl.setBuddy(self.speed_combo)
        bar.addWidget(lbl)
        bar.addWidget(self.speed_combo)
        self.rehearse_button = QPushButton(_("&Rehearse…"))
        self.rehearse_button.setToolTip(_("Open the facilitator screen for the selected practice table"))
        self.rehearse_button.clicked.connect(self.rehearse)
        bar.addWidget(self.rehearse_button)
        lay.addLayout(bar)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.practice_view, self.practice_model, self.practice_proxy = _view(_("Practice tables"))
        self.practice_view.selectionModel().currentChanged.connect(lambda *_a: self._show_card())
        split.addWidget(self.practice_view)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        lbl = QLabel(_("S&cenario card:"))
        self.scenario_combo = QComboBox()
        self.scenario_combo.setAccessibleName(_("Scenario card"))
        self.scenario_combo.addItem(_("No scenario"), "")
        for sc in content.SCENARIOS:
            self.scenario_combo.addItem(_(sc.title), sc.key)
        self.scenario_combo.activated.connect(self._deal)
        lbl.setBuddy(self.scenario_combo)
        row = QHBoxLayout()
        row.addWidget(lbl)
        row.addWidget(self.scenario_combo, 1)
        rl.addLayout(row)
        self.card_view = QTextBrowser()
        self.card_view.setAccessibleName(_("Scenario card and practice guests"))
        rl.addWidget(self.card_view, 1)
        split.addWidget(right)
        split.setSizes([720, 520])
        lay.addWidget(split, 1)
        self.tabs.addTab(page, _("Practice r&ounds"))

    def _fill_practice(self) -> None:
        current = _selected_key(self.practice_view, self.practice_model, self.practice_proxy)
        rows, keys, sorts = [], [], []
        for p in self.practice:
            sc = content.scenario(p.scenario)
            rows.append((str(p.round), str(p.number), p.facilitator, ", ".join(p.members[1:]),
                         _(sc.title) if sc else ""))
            keys.append((p.table_id, p.round))
            sorts.append((p.round, p.number, p.facilitator, "", p.scenario))
        self.practice_model.load([_("Round"), _("Table"), _("Facilitator"), _("Trainees"), _("Scenario")],
                                 rows, keys, sorts)
        hh = self.practice_view.horizontalHeader()
        for c in (0, 1, 2, 4):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if current in keys:
            self.practice_view.setCurrentIndex(self.practice_proxy.mapFromSource(
                self.practice_model.index(keys.index(current), 0)))
        elif rows:
            self.practice_view.setCurrentIndex(self.practice_proxy.index(0, 0))
        self.rehearse_button.setEnabled(bool(rows))
        self._show_card()

    def _current_practice(self) -> tr.PracticeTableInfo | None:
        key = _selected_key(self.practice_view, self.practice_model, self.practice_proxy)
        return next((p for p in self.practice if (p.table_id, p.round) == key), None)

    def _show_card(self) -> None:
        from html import escape

        p = self._current_practice()
        self.scenario_combo.setEnabled(p is not None and self.is_training)
        if p is None:
            self.card_view.setHtml("<p>" + escape(_("Plan practice rounds to see the tables, their scenario "
                                                    "cards and the fictional guests.")) + "</p>")
            return
        self.scenario_combo.setCurrentIndex(max(0, self.scenario_combo.findData(p.scenario)))
        heading = _("Round {r}, table {n}").format(r=p.round, n=p.number)
        parts = [f"<h3>{escape(heading)}</h3>",
                 "<p>" + escape(_("{name} facilitates.").format(name=p.facilitator)) + "</p>"]
        sc = content.scenario(p.scenario)
        if sc:
            parts.append(f"<h4>{escape(_(sc.title))}</h4><p>{escape(_(sc.situation))}</p>")
            parts.append("<p><b>" + escape(_("What the facilitator can do")) + "</b></p><ul>")
            parts += [f"<li>{escape(_(m))}</li>" for m in sc.moves]
            parts.append("</ul>")
        parts.append("<h4>" + escape(_("Practice guests (fictional)")) + "</h4><ul>")
        for g in tr.practice_personas(p.number, p.round, max(1, len(p.members) - 1)):
            name = _("{name}, {age}").format(name=f"{g.first_name} {g.last_name}", age=g.age)
            parts.append(f"<li><b>{escape(name)}</b> — {escape(_(g.sketch))}</li>")
        parts.append("</ul>")
        self.card_view.setHtml("".join(parts))

    def plan(self) -> None:
        size = self.size_spin.value()
        rounds = self.rounds_spin.value() or None
        store = self.ctx.store

        def task(progress, should_stop):
            progress(0.0)
            with store.session() as s:
                return tr.plan_practice(s, size=size, rounds=rounds, should_stop=should_stop)

        def done(summary: tr.PracticeSummary) -> None:
            self.ctx.data_changed.emit({"training", "tables"})
            msg = _("{rounds} rounds at {tables} tables; {repeats} repeated pairs.").format(
                rounds=summary.rounds, tables=summary.tables, repeats=summary.repeated_pairs)
            self.ctx.status_message.emit(msg)

        self.ctx.run_task(_("Planning practice rounds"), task, done, parent=self)

    def _deal(self) -> None:
        p = self._current_practice()
        if p is None:
            return
        key = self.scenario_combo.currentData()
        self.ctx.write(lambda s: tr.deal_scenario(s, p.table_id, p.round, key), areas={"training"})

    def rehearse(self) -> None:
        p = self._current_practice()
        if p is None:
            return
        dlg = RehearsalDialog(self.ctx, p.table_id, p.round, float(self.speed_combo.currentData()), self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.rehearsals.append(dlg)
        dlg.finished.connect(lambda *_a: self.rehearsals.remove(dlg) if dlg in self.rehearsals else None)
        dlg.show()
