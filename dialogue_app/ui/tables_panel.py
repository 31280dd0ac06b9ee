"""The Tables area: the plan as table cards (drag and drop moves, Shift swaps; lock,
keyboard moves, background planning with Stop) and the day-of check-in. The cards are
``table_card``, the people lists and drag and drop ``people_list``, hand moves
``plan_moves`` (dialogs in ``move_dialog``), the summary lines ``plan_summary``."""

from __future__ import annotations

import random
import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.services import seating
from dialogue_app.ui.checkin_view import CheckInView
from dialogue_app.ui.panel import Panel
from dialogue_app.ui.people_list import MIME, PeopleList
from dialogue_app.ui.plan_fix import report_plan_error
from dialogue_app.ui.plan_moves import PlanMoves
from dialogue_app.ui.plan_summary import quality_text, summary_text
from dialogue_app.ui.table_card import CARD_WIDTH, CompositionBar, TableCardWidget, person_text

__all__ = ["MIME", "CompositionBar", "PeopleList", "PlanView", "TableCardWidget", "TablesPanel", "person_text",
           "quality_text"]

class PlanView(PlanMoves, QWidget):
    """The plan of one round as a grid of cards."""

    scroll: QScrollArea  # type: ignore[assignment]  # the grid's scroll area hides QWidget.scroll()

    def __init__(self, panel: TablesPanel) -> None:
        super().__init__()
        self.panel = panel
        self.ctx = panel.ctx
        self.state: seating.SeatingState | None = None
        self.cards: dict[uuid.UUID, TableCardWidget] = {}
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.round = QComboBox()
        self.round.setAccessibleName(_("Round"))
        round_label = QLabel(_("&Round:"))
        round_label.setBuddy(self.round)
        self.plan_button = QPushButton(_("&Plan tables"))
        self.plan_button.setToolTip(_("Plan every unlocked person; locked people stay where they are. "
                                      "Planning again goes on from the current plan and keeps it unless a better one is found (Ctrl+P)"))
        # on by default; off: an event whose facilitators are not assigned yet can be planned
        self.facilitator_rule = QCheckBox(_("Each table has a facilitat&or"))
        self.facilitator_rule.setChecked(True)
        self.facilitator_rule.setAccessibleName(self.facilitator_rule.text().replace("&", ""))
        self.move_button = QPushButton(_("&Move to table…"))
        self.move_button.setToolTip(_("Move the selected people to a table with free seats (Ctrl+M)"))
        self.swap_button = QPushButton(_("S&wap"))
        self.swap_button.setToolTip(_("Swap two selected people, or choose whom to swap one selected person "
                                      "with (Ctrl+Shift+W)"))
        self.lock_button = QPushButton(_("&Lock"))
        self.lock_button.setToolTip(_("Lock the selected people at their table (Ctrl+L)"))
        self.unlock_button = QPushButton(_("U&nlock"))
        self.rules_button = QPushButton(_("Pair r&ules…"))
        self.met_button = QPushButton(_("Who has this person &met?"))
        for w in (self.plan_button, self.move_button, self.swap_button, self.lock_button, self.unlock_button,
                  self.rules_button, self.met_button):
            w.setAccessibleName(w.text().replace("&", ""))
        bar.addWidget(round_label)
        bar.addWidget(self.round)
        for w in (self.plan_button, self.move_button, self.swap_button, self.lock_button, self.unlock_button,
                  self.rules_button, self.met_button):
            bar.addWidget(w)
        bar.addStretch(1)
        lay.addLayout(bar)
        lay.addWidget(self.facilitator_rule)  # (its own line: the bar is full in long languages)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Plan summary"))
        lay.addWidget(self.summary)
        # a new event has no tables: offer the Tables and venues editor (ui/tables_editor.py)
        self.add_tables_button = QPushButton(_("&Add tables…"))
        self.add_tables_button.setAccessibleName(_("Add tables"))
        self.add_tables_button.clicked.connect(self.add_tables)
        self.add_tables_button.hide()
        lay.addWidget(self.add_tables_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.quality = QLabel()
        self.quality.setWordWrap(True)
        self.quality.setAccessibleName(_("Plan quality"))
        self.quality.setToolTip(_(
            "The upper bound is a score that no seating of these people can beat. A random seating shows "
            "what chance alone would give. The larger the share of the gap between the two that a plan "
            "closes, the better its tables are mixed."))
        lay.addWidget(self.quality)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.scroll.setWidget(self.grid_host)
        lay.addWidget(self.scroll, 1)
        self.unseated = PeopleList(None)
        self.unseated.setMaximumHeight(90)
        self.unseated.setAccessibleName(_("People without a table"))
        self.unseated.dropped.connect(self.on_drop)
        self._add_menu(self.unseated)
        self.unseated_label = QLabel(_("Without a table (drag them onto a table):"))
        self.unseated_label.setBuddy(self.unseated)
        lay.addWidget(self.unseated_label)
        lay.addWidget(self.unseated)

        self.round.currentIndexChanged.connect(lambda _i: self.reload())
        self.plan_button.clicked.connect(self.plan)
        from dialogue_app.ui.package_guard import PLAN_REASON, disable_in_package

        disable_in_package(self.ctx, self.plan_button, PLAN_REASON)
        self.move_button.clicked.connect(self.move_to_table)
        self.swap_button.clicked.connect(self.swap_selected)
        self.lock_button.clicked.connect(lambda: self.lock_selected(True))
        self.unlock_button.clicked.connect(lambda: self.lock_selected(False))
        self.rules_button.clicked.connect(self.edit_rules)
        self.met_button.clicked.connect(self.show_met)
        for keys, slot in (("Ctrl+P", self.plan), ("Ctrl+M", self.move_to_table), ("Ctrl+Shift+W", self.swap_selected),
                           ("Ctrl+L", lambda: self.lock_selected(True)),
                           ("Ctrl+Shift+L", lambda: self.lock_selected(False))):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    @property
    def round_no(self) -> int:
        return max(1, self.round.currentIndex() + 1)

    def reload(self) -> None:
        """Read the round's plan from the event file."""
        if not self.ctx.has_event:
            return
        rn = self.round_no
        state = self.ctx.try_read(lambda s: seating.SeatingState.load(s, rn))
        if state is None:
            return
        self.state = state
        rounds = self.state.rounds
        if self.round.count() != rounds:
            self.round.blockSignals(True)
            self.round.clear()
            for r in range(1, rounds + 1):
                self.round.addItem(_("Round {n}").format(n=r))
            self.round.setCurrentIndex(min(rn, rounds) - 1)
            self.round.blockSignals(False)
        self.show_view()

    def show_view(self) -> None:
        assert self.state is not None  # shown after reload() read it
        view = self.state.view()
        self.view = view
        seen = set()
        added = False
        for card in view.tables:
            w = self.cards.get(card.id)
            if w is None:
                w = TableCardWidget(card)
                w.dropped.connect(self.on_drop)
                w.drop_hint = self.drop_hint
                self._add_menu(w.people)
                self.cards[card.id] = w
                added = True
            else:
                w.update_card(card)
            seen.add(card.id)
        for tid in list(self.cards):
            if tid not in seen:
                self.cards.pop(tid).deleteLater()
                added = True
        order = tuple(card.id for card in view.tables)
        if added or order != getattr(self, "_order", None):
            self._order = order
            self._layout_cards()
        else:
            self._fit_grid()
        self.unseated.clear()
        for p in view.unseated:
            item = QListWidgetItem(person_text(p))
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.unseated.addItem(item)
        self.unseated.setVisible(bool(view.unseated))
        self.unseated_label.setVisible(bool(view.unseated))
        self.add_tables_button.setVisible(not view.tables)
        if not view.tables:
            self.summary.setText(_("This event has no tables yet: add tables (the number is suggested from the "
                                   "people registered), then plan them."))
            self.quality.setVisible(False)
            return
        text, planned = summary_text(view)
        self.summary.setText(text)
        self.quality.setText(quality_text(view) if planned else "")
        self.quality.setVisible(bool(self.quality.text()))

    def _fit_grid(self) -> None:
        self.grid.activate()
        self.grid_host.setMinimumSize(self.grid_host.minimumSizeHint())

    def _layout_cards(self) -> None:
        cols = max(1, (self.scroll.viewport().width() - 10) // (CARD_WIDTH + 10)) if self.isVisible() else 3
        self._cols = cols
        for k, tid in enumerate(getattr(self, "_order", ())):
            w = self.cards.get(tid)
            if w is not None:
                self.grid.addWidget(w, k // cols, k % cols, Qt.AlignmentFlag.AlignTop)
        self._fit_grid()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        cols = max(1, (self.scroll.viewport().width() - 10) // (CARD_WIDTH + 10))
        if cols != getattr(self, "_cols", None):
            self._layout_cards()

    # --- actions --------------------------------------------------------------------------
    def selected_ids(self) -> list[uuid.UUID]:
        ids = []
        for w in self.cards.values():
            ids.extend(w.people.selected_ids())
        ids.extend(self.unseated.selected_ids())
        return ids

    def _apply(self, edit: seating.SetSeats) -> None:
        self.panel.local_update = True
        try:
            if self.ctx.apply(edit, {"tables"}):
                assert self.state is not None  # edits are made on a shown plan
                self.state.apply(edit.states)
                self.show_view()
        finally:
            self.panel.local_update = False

    def lock_selected(self, locked: bool) -> None:
        ids = self.selected_ids()
        if not ids:
            self.ctx.status_message.emit(_("Select one or more people first."))
            return
        rn = self.round_no
        edit = self.ctx.try_read(lambda s: seating.lock_edit(s, ids, locked, rn))
        if edit is not None:
            self._apply(edit)

    def add_tables(self) -> None:
        from dialogue_app.ui.tables_editor import open_tables_editor

        open_tables_editor(self.ctx, self, add=True)

    def plan(self) -> None:
        if not self.ctx.has_event or getattr(self, "_planning", False) or not self.plan_button.isEnabled():
            return
        if getattr(self, "view", None) is not None and not self.view.tables:  # nothing to plan on yet
            self.add_tables()
            return
        store = self.ctx.store
        rn = self.round_no
        label = _("Plan round {n}").format(n=rn)
        self._planning = True

        # each press goes on from the stored plan (with a new seed) and replaces it only
        # when it finds a better one
        seed = random.randrange(1 << 30)
        rule = self.facilitator_rule.isChecked()

        def work(progress, should_stop):
            return seating.plan_with_undo(store, rn, label, seconds=self.panel.plan_seconds, progress=progress,
                                          should_stop=should_stop, seed=seed, keep_better=True,
                                          facilitator_rule=rule)

        def done(result):
            self._planning = False
            reports, undo = result
            # Edit ▸ Undo puts the previous plan back (hand edits included); no edit: no
            # seat changed (the stored plan was kept), so the cards need no reload
            if undo is not None:
                self.ctx.push_done(undo, label, {"tables"})
                self.ctx.data_changed.emit({"tables"})
            if reports:
                r = reports[0]
                share = i18n.format_percent(r.share_of_bound or 0, 1)
                if r.kept_current:
                    self.ctx.status_message.emit(_(
                        "No better plan found; the current plan ({share} of the upper bound) stays.").format(
                            share=share))
                else:
                    words = [_("Planned {n} tables; {share} of the upper bound.").format(n=len(r.tables), share=share)]
                    if r.proven_optimal:
                        words.append(_("optimal: no plan can mix more"))
                    if not r.facilitator_rule:
                        words.append(_("The rule that each table has a facilitator was off for this plan."))
                    if r.kept_text:  # people checked in at a door while planning ran
                        words.append(r.kept_text)
                    self.ctx.status_message.emit(" ".join(words))

        def failed(exc):
            self._planning = False
            report_plan_error(self.ctx, self, exc, rn, self.plan)  # with the smallest fix when there is one

        self.task = self.ctx.run_task(_("Planning the tables…"), work, done, on_error=failed, parent=self,
                                      cancel_text=_("Stop and keep the best plan"))

    def edit_rules(self) -> None:
        from dialogue_app.ui.pair_rules_dialog import PairRulesDialog

        PairRulesDialog(self.ctx, self).exec()

    def show_met(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            self.ctx.status_message.emit(_("Select one person."))
            return
        rn = self.round_no
        names = self.ctx.read(lambda s: seating.met_before(s, ids[0], rn))
        text = ", ".join(names) if names else _("Nobody yet: this is their first round.")
        QMessageBox.information(self, _("Met in earlier rounds"), text)


class TablesPanel(Panel):
    watches = frozenset({"tables", "people", "event"})
    #: seconds of search when planning from the screen (None: by the number of people,
    #: ``services.planning.default_seconds``; Stop keeps the best plan found so far)
    plan_seconds: float | None = None

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(_("Tables"))
        self.local_update = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.plan_view = PlanView(self)
        self.checkin = CheckInView(self)
        self.tabs.addTab(self.plan_view, _("&Plan"))
        self.tabs.addTab(self.checkin, _("&Check-in"))
        lay.addWidget(self.tabs)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())

    def refresh(self) -> None:
        if self.local_update:  # our own hand edit: already shown from memory
            return
        if self.tabs.currentWidget() is self.plan_view:
            self.plan_view.reload()
        else:
            self.checkin.reload()
