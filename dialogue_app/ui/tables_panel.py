"""The Tables area: the plan as table cards (drag and drop, swap on drop, lock,
keyboard moves, background planning with Stop) and the day-of check-in."""

from __future__ import annotations

import random
import uuid

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QFont, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import planning as planning_service
from dialogue_app.services import seating
from dialogue_app.ui.checkin_view import CheckInView
from dialogue_app.ui.panel import Panel

MIME = "application/x-dialogue-people"
CARD_WIDTH = 340
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac"]


def person_text(p: seating.SeatPerson) -> str:
    """A person's line on a card: markers are words/symbols, never colour alone."""
    marks = []
    if p.is_facilitator:
        marks.append(_("facilitator"))
    if p.is_host:
        marks.append(_("host"))
    if p.wheelchair:
        marks.append(_("wheelchair"))
    if p.seated:
        marks.append(_("seated"))
    if p.attendance == "absent":
        marks.append(_("absent"))
    elif p.attendance == "cancelled":
        marks.append(_("cancelled"))
    prefix = "🔒 " if p.locked else ""
    suffix = f"  ({', '.join(marks)})" if marks else ""
    return f"{prefix}{p.name}{suffix}"


class CompositionBar(QWidget):
    """One dimension as a stacked bar with its categories written out (counts), or for a
    sensitive dimension only the number of groups."""

    def __init__(self, comp: planning_service.Composition, label_width: int = 110,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comp = comp
        self.label_width = label_width
        # a dimension name wider than half the card gets a line of its own above the bar
        # (never cut off; the bar keeps the card's column)
        self.two_lines = self.fontMetrics().horizontalAdvance(comp.dimension) + 4 > min(label_width, (CARD_WIDTH - 16) // 2)
        self.setFixedSize(CARD_WIDTH - 16, 32 if self.two_lines else 16)
        if comp.sensitive:
            self.text = _("{dimension}: mix {blau} (sensitive: no counts)").format(
                dimension=comp.dimension, blau=i18n.format_decimal(comp.blau, 2))
        else:
            parts = [f"{label} {n}" for label, n in sorted(comp.counts.items(), key=lambda kv: -kv[1])]
            self.text = f"{comp.dimension}: " + ", ".join(parts)
        self.setToolTip(self.text)
        self.setAccessibleName(self.text)

    def sizeHint(self) -> QSize:
        return QSize(CARD_WIDTH - 16, 32 if self.two_lines else 16)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        r = self.rect().adjusted(0, 2, -1, -2)
        label_w = min(self.label_width, r.width() // 2)
        p.setPen(self.palette().color(self.foregroundRole()))
        if self.two_lines:
            top = r.adjusted(0, 0, 0, -16)
            p.drawText(top, Qt.AlignmentFlag.AlignVCenter,
                       self.fontMetrics().elidedText(self.comp.dimension, Qt.TextElideMode.ElideRight, top.width()))
            r = r.adjusted(0, 16, 0, 0)
        else:
            p.drawText(r.adjusted(0, 0, -(r.width() - label_w), 0), Qt.AlignmentFlag.AlignVCenter,
                       self.fontMetrics().elidedText(self.comp.dimension, Qt.TextElideMode.ElideRight, label_w - 4))
        x = r.left() + label_w
        width = r.width() - label_w
        if self.comp.sensitive:
            # the full sentence is the tooltip and the accessible name
            short = _("mix {blau} (sensitive)").format(blau=i18n.format_decimal(self.comp.blau, 2))
            p.drawText(r.adjusted(label_w, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       self.fontMetrics().elidedText(short, Qt.TextElideMode.ElideRight, width))
            return
        if not self.comp.counts:
            return
        total = sum(self.comp.counts.values()) or 1
        for k, (_label, n) in enumerate(sorted(self.comp.counts.items(), key=lambda kv: -kv[1])):
            w = max(1, round(width * n / total))
            p.fillRect(x, r.top(), w - 1, r.height(), QColor(PALETTE[k % len(PALETTE)]))
            if w > 12:
                p.setPen(Qt.GlobalColor.white)
                p.drawText(x, r.top(), w - 1, r.height(), Qt.AlignmentFlag.AlignCenter, str(n))
            x += w


def quality_text(view: seating.Seating) -> str:
    """How the plan compares with a random seating, and its least mixed table."""
    parts = []
    if view.random_share is not None and view.random_isolated is not None:
        # the bound is narrowed to plans that leave nobody more alone, which a random
        # seating does not honour: say what chance would cost instead of a share of the gap
        alone = round(view.random_isolated)
        parts.append(ngettext(
            "A random seating would reach {random} of the upper bound, but about {n} person would sit "
            "alone with their group.",
            "A random seating would reach {random} of the upper bound, but about {n} people would sit "
            "alone with their group.", alone).format(random=i18n.format_percent(view.random_share, 1), n=alone))
    elif view.random_share is not None and view.gap_closed is not None:
        rnd = i18n.format_percent(view.random_share, 1)
        if view.gap_closed > 0:
            parts.append(_("A random seating would reach {random}; this plan closes {closed} of the gap "
                           "to the upper bound.").format(random=rnd, closed=i18n.format_percent(view.gap_closed, 1)))
        else:
            parts.append(_("This plan is no better mixed than a random seating ({random} of the upper bound)."
                           ).format(random=rnd))
    if view.least_mixed_table is not None:
        parts.append(_("Least mixed table: {table} (diversity score {score}).").format(
            table=view.least_mixed_table, score=i18n.format_decimal(view.least_mixed_score or 0.0, 1)))
    return " ".join(parts)


class PeopleList(QListWidget):
    """The people of one table; drag people out, drop them in (on a person: swap)."""

    dropped = Signal(list, object, object)  # person ids, table id, person id dropped on (or None)

    def __init__(self, table_id: uuid.UUID | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table_id = table_id
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def selected_ids(self) -> list[uuid.UUID]:
        return [it.data(Qt.ItemDataRole.UserRole) for it in self.selectedItems()]

    def mimeData(self, items) -> QMimeData:
        data = QMimeData()
        data.setData(MIME, ",".join(str(it.data(Qt.ItemDataRole.UserRole)) for it in items).encode())
        return data

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        if not event.mimeData().hasFormat(MIME):
            event.ignore()
            return
        ids = [uuid.UUID(x) for x in bytes(event.mimeData().data(MIME)).decode().split(",") if x]
        target = self.itemAt(event.position().toPoint())
        on_person = target.data(Qt.ItemDataRole.UserRole) if target is not None else None
        event.setDropAction(Qt.DropAction.CopyAction)  # the model moves people, not the list widget
        event.accept()
        self.dropped.emit(ids, self.table_id, on_person)

    def startDrag(self, actions) -> None:
        items = self.selectedItems()
        if not items:
            return
        drag = QDrag(self)
        drag.setMimeData(self.mimeData(items))
        drag.exec(Qt.DropAction.CopyAction | Qt.DropAction.MoveAction)


class TableCardWidget(QFrame):
    """One table: header, facts in words, people list, composition bars, warnings."""

    def __init__(self, card: seating.TableCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.table_id = card.id
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(3)
        lay.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        self.title = QLabel()
        f = QFont(self.title.font())
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setBold(True)
        self.title.setFont(f)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setFixedWidth(CARD_WIDTH - 16)
        self.people = PeopleList(card.id)
        self.people.setFixedWidth(CARD_WIDTH - 16)
        self.people.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.bars = QVBoxLayout()
        self.bars.setSpacing(1)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setFixedWidth(CARD_WIDTH - 16)
        lay.addWidget(self.title)
        lay.addWidget(self.facts)
        lay.addWidget(self.people, 1)
        lay.addLayout(self.bars)
        lay.addWidget(self.warnings)
        self.card: seating.TableCard | None = None
        self.update_card(card)

    def update_card(self, card: seating.TableCard) -> None:
        if card == self.card:
            return
        self.card = card
        title = _("Table {number}").format(number=card.number)
        if card.name:
            title += f" — {card.name}"
        self.title.setText(title)
        facts = []
        if card.venue:
            facts.append(card.venue)
        facts.append(_("{n} of {max} seats (minimum {min})").format(n=card.guests, max=card.capacity_max,
                                                                     min=card.capacity_min))
        if card.facilitators:
            facts.append(_("Facilitator: {names}").format(names=", ".join(card.facilitators)))
        if card.host:
            facts.append(_("Host: {name}").format(name=card.host))
        badges = []
        if card.accessible:
            badges.append("♿ " + _("accessible"))
        if card.languages:
            badges.append(_("languages: {codes}").format(codes=card.languages))
        if card.is_training:
            badges.append(_("training table"))
        if card.has_interpreter:
            badges.append(_("interpreter"))
        if card.no_shows:
            badges.append(ngettext("{n} no-show", "{n} no-shows", card.no_shows).format(n=card.no_shows))
        facts.append(" · ".join(badges))
        facts.append(_("Diversity score {score}").format(score=i18n.format_decimal(card.score, 1)))
        self.facts.setText("\n".join(f for f in facts if f))
        selected = set(self.people.selected_ids())
        self.people.clear()
        for p in card.people:
            item = QListWidgetItem(person_text(p))
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setToolTip(f"{p.name} — {p.code}")
            self.people.addItem(item)
            if p.id in selected:
                item.setSelected(True)
        rows = max(3, len(card.people))
        self.people.setFixedHeight(rows * self.people.fontMetrics().height() + rows * 2 + 8)
        self.people.setAccessibleName(_("People at table {number}").format(number=card.number))
        while self.bars.count():
            w = self.bars.takeAt(0).widget()
            if w is not None:  # hidden at once: deleteLater waits for the event loop
                w.hide()
                w.deleteLater()
        # one label column for the card, as wide as its longest dimension name (at most half)
        fm = self.fontMetrics()
        label_w = max((fm.horizontalAdvance(c.dimension) for c in card.composition), default=0) + 8
        for comp in card.composition:
            self.bars.addWidget(CompositionBar(comp, label_w))
        if card.warnings:
            self.warnings.setText("\n".join("⚠ " + w for w in card.warnings))
            self.warnings.setStyleSheet("color: #8a1c00; font-weight: 600;")
        else:
            self.warnings.setText("✓ " + _("No warnings"))
            self.warnings.setStyleSheet("")
        self.setAccessibleName(title + ". " + (" ".join(card.warnings) if card.warnings else _("No warnings")))


class PlanView(QWidget):
    """The plan of one round as a grid of cards."""

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
        self.move_button = QPushButton(_("&Move to table…"))
        self.move_button.setToolTip(_("Move the selected people to a table by number (Ctrl+M)"))
        self.swap_button = QPushButton(_("S&wap"))
        self.swap_button.setToolTip(_("Swap two selected people (Ctrl+Shift+W)"))
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
        try:
            self.state = self.ctx.read(lambda s: seating.SeatingState.load(s, rn))
        except DialogueError as exc:
            self.ctx.report_error(exc)
            return
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
        view = self.state.view()
        self.view = view
        seen = set()
        added = False
        for card in view.tables:
            w = self.cards.get(card.id)
            if w is None:
                w = TableCardWidget(card)
                w.people.dropped.connect(self.on_drop)
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
        if view.unseated and not any(card.people for card in view.tables):
            # nothing planned for this round yet: no scores or rule checks to speak of
            self.summary.setText(ngettext(
                "Round {round} is not planned yet: {n} person has no table. Plan tables (Ctrl+P) seats everybody.",
                "Round {round} is not planned yet: {n} people have no table. Plan tables (Ctrl+P) seats everybody.",
                len(view.unseated)).format(round=view.round, n=len(view.unseated)))
            self.quality.setText("")
            self.quality.setVisible(False)
            return
        parts = [ngettext("{n} table", "{n} tables", len(view.tables)).format(n=len(view.tables))]
        parts.append(_("diversity {score}").format(score=i18n.format_decimal(view.score, 1)))
        if view.upper_bound:
            parts.append(_("{share} of the upper bound").format(share=i18n.format_percent(view.share_of_bound or 0, 1)))
        if view.violations:
            parts.append("⚠ " + ngettext("{n} broken rule", "{n} broken rules", view.violations).format(
                n=view.violations))
        else:
            parts.append("✓ " + _("all hard rules met"))
        if view.isolated == 0:
            parts.append("✓ " + _("nobody alone with their group"))
        elif view.isolated:
            parts.append(ngettext("{n} person alone with their group", "{n} people alone with their group",
                                  view.isolated).format(n=view.isolated))
        if view.repeated_pairs == 0:
            parts.append("✓ " + _("nobody sits with someone from an earlier round"))
        elif view.repeated_pairs:
            text = ngettext("{n} pair sat together in an earlier round", "{n} pairs sat together in an earlier round",
                            view.repeated_pairs).format(n=view.repeated_pairs)
            if view.repeated_same_group:
                text += " " + planning_service.same_group_text(view.repeated_same_group, view.repeated_pairs)
            parts.append(text)
        if view.unseated:
            parts.append(ngettext("{n} person without a table", "{n} people without a table",
                                  len(view.unseated)).format(n=len(view.unseated)))
        self.summary.setText(" · ".join(parts))
        self.quality.setText(quality_text(view))
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
                self.state.apply(edit.states)
                self.show_view()
        finally:
            self.panel.local_update = False

    def on_drop(self, ids: list, table_id: uuid.UUID | None, on_person: uuid.UUID | None) -> None:
        rn = self.round_no
        try:
            if on_person is not None and len(ids) == 1 and ids[0] != on_person:
                edit = self.ctx.read(lambda s: seating.swap_edit(s, ids[0], on_person, rn))
            else:
                edit = self.ctx.read(lambda s: seating.move_edit(s, ids, table_id, rn))
        except DialogueError as exc:
            self.ctx.report_error(exc)
            return
        self._apply(edit)

    def move_to_table(self) -> None:
        ids = self.selected_ids()
        if not ids or self.state is None:
            self.ctx.status_message.emit(_("Select one or more people first."))
            return
        numbers = [t.number for t in self.view.tables]
        number, ok = QInputDialog.getInt(self, _("Move to table"), _("Table number:"), numbers[0] if numbers else 1,
                                         1, 100000)
        if not ok:
            return
        try:
            rn = self.round_no
            edit = self.ctx.read(lambda s: seating.move_edit(s, ids, seating.table_id_by_number(s, number), rn))
        except DialogueError as exc:
            self.ctx.report_error(exc)
            return
        self._apply(edit)

    def swap_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 2:
            self.ctx.status_message.emit(_("Select exactly two people to swap."))
            return
        rn = self.round_no
        self._apply(self.ctx.read(lambda s: seating.swap_edit(s, ids[0], ids[1], rn)))

    def lock_selected(self, locked: bool) -> None:
        ids = self.selected_ids()
        if not ids:
            self.ctx.status_message.emit(_("Select one or more people first."))
            return
        rn = self.round_no
        try:
            edit = self.ctx.read(lambda s: seating.lock_edit(s, ids, locked, rn))
        except DialogueError as exc:
            self.ctx.report_error(exc)
            return
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

        def work(progress, should_stop):
            return seating.plan_with_undo(store, rn, label, seconds=self.panel.plan_seconds, progress=progress,
                                          should_stop=should_stop, seed=seed, keep_better=True)

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
                    self.ctx.status_message.emit(_("Planned {n} tables; {share} of the upper bound.").format(
                        n=len(r.tables), share=share))

        def failed(exc):
            self._planning = False
            self.ctx.report_error(exc)

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
