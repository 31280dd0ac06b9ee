"""One table of the plan as a card: its facts in words (seats that add up, who has no
seat), its mix as a share, the people, a composition bar per dimension, warnings that
name people, and a drop target that says what a drop would do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QListWidgetItem, QVBoxLayout, QWidget

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import planning as planning_service
from dialogue_app.services import seating
from dialogue_app.services.seating.words import ATTENDING, takes_a_seat
from dialogue_app.ui.people_list import DropAim, PeopleList, dragged_ids, wants_swap

CARD_WIDTH = 340
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac"]
HIGHLIGHT = "QFrame#tableCard { border: 3px solid #1f5fbf; background-color: #e3edfb; }"


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


def mix_text(mix: float, size: int) -> str:
    """"Mix 87 % — 100 % = as mixed as a table of 9 can be here" (the tooltip says more)."""
    return ngettext("Mix {share} — {full} = as mixed as a table of {n} can be here",
                    "Mix {share} — {full} = as mixed as a table of {n} can be here",
                    size).format(share=i18n.format_percent(mix, 0), full=i18n.format_percent(1.0, 0), n=size)


def seats_text(card: seating.TableCard) -> str:
    """Seats that add up with the names listed: the guests who are coming take the seats;
    facilitators (their own seat) and people not coming are named apart."""
    guests = sum(1 for p in card.people if takes_a_seat(p))
    facilitators = [p.name for p in card.people if p.is_facilitator and p.attendance in ATTENDING]
    away = [p.name for p in card.people if p.attendance not in ATTENDING]
    lines = [_("{n} of {max} seats (minimum {min})").format(n=guests, max=card.capacity_max, min=card.capacity_min)]
    if facilitators:
        lines[0] += " " + ngettext("+ {n} facilitator (own seat)", "+ {n} facilitators (own seats)",
                                   len(facilitators)).format(n=len(facilitators))
    if away:
        lines.append(ngettext("Not coming, no seat: {names}", "Not coming, no seats: {names}", len(away)).format(
            names=i18n.format_list(away)))
    return "\n".join(lines)


def facts_text(card: seating.TableCard) -> str:
    """The card's facts under its title: venue, seats, facilitators, host, and badges."""
    facts = []
    if card.venue:
        facts.append(card.venue)
    facts.append(seats_text(card))
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
    facts.append(" · ".join(badges))
    return "\n".join(f for f in facts if f)


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
        self.two_lines = (self.fontMetrics().horizontalAdvance(comp.dimension) + 4
                          > min(label_width, (CARD_WIDTH - 16) // 2))
        self.setFixedSize(CARD_WIDTH - 16, 32 if self.two_lines else 16)
        #: a sensitive dimension's mix as a share (see ``seating.CardComposition``)
        self.mix = getattr(comp, "mix", None)
        if comp.sensitive and self.mix is None:  # nobody's group known here (no consent): no "mix 0 %"
            self.text = _("{dimension}: not known for the people here (sensitive: only with their consent)"
                          ).format(dimension=comp.dimension)
        elif comp.sensitive:
            self.text = _("{dimension}: mix {share} — {full} = the people here spread as evenly over the "
                          "groups as possible (sensitive: no counts)").format(
                dimension=comp.dimension, share=i18n.format_percent(self.mix or 0.0, 0),
                full=i18n.format_percent(1.0, 0))
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
        elide = self.fontMetrics().elidedText
        if self.two_lines:
            top = r.adjusted(0, 0, 0, -16)
            p.drawText(top, Qt.AlignmentFlag.AlignVCenter,
                       elide(self.comp.dimension, Qt.TextElideMode.ElideRight, top.width()))
            r = r.adjusted(0, 16, 0, 0)
        else:
            p.drawText(r.adjusted(0, 0, -(r.width() - label_w), 0), Qt.AlignmentFlag.AlignVCenter,
                       elide(self.comp.dimension, Qt.TextElideMode.ElideRight, label_w - 4))
        x = r.left() + label_w
        width = r.width() - label_w
        if self.comp.sensitive:
            # the full sentence is the tooltip and the accessible name
            short = (_("not known (sensitive)") if self.mix is None
                     else _("mix {share} (sensitive)").format(share=i18n.format_percent(self.mix, 0)))
            p.drawText(r.adjusted(label_w, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       elide(short, Qt.TextElideMode.ElideRight, width))
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


class TableCardWidget(QFrame):
    """One table: header, facts in words, people list, composition bars, warnings. People
    dropped anywhere on the card move to its table (Shift on a person: swap)."""

    #: a drop on the card or its list (DropAim)
    dropped = Signal(object)

    def __init__(self, card: seating.TableCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tableCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        self.table_id = card.id
        #: (DropAim) -> (what a drop would do, in words; whether it can be done)
        self.drop_hint: Callable[[DropAim], tuple[str, bool]] | None = None
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
        self.mix = QLabel()
        self.warnings = QLabel()
        for label in (self.facts, self.mix, self.warnings):
            label.setWordWrap(True)
            label.setFixedWidth(CARD_WIDTH - 16)
        self.people = PeopleList(card.id)
        self.people.setFixedWidth(CARD_WIDTH - 16)
        self.people.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people.aiming.connect(self.show_drop)
        self.people.dropped.connect(self.dropped)
        self.bars = QVBoxLayout()
        self.bars.setSpacing(1)
        lay.addWidget(self.title)
        lay.addWidget(self.facts)
        lay.addWidget(self.mix)
        lay.addWidget(self.people, 1)
        lay.addLayout(self.bars)
        lay.addWidget(self.warnings)
        # the drop indicator lies over the top of the card (the layout does not move under
        # the cursor while dragging)
        self.drop_label = QLabel(self)
        self.drop_label.setWordWrap(True)
        self.drop_label.hide()
        self.card: seating.TableCard | None = None
        self.update_card(card)

    # --- drop target ------------------------------------------------------------------
    def show_drop(self, aim: DropAim | None) -> None:
        """Highlight the card and say what a drop would do (None: the drag left)."""
        if aim is None or self.drop_hint is None:
            self.drop_label.hide()
            self.setStyleSheet("")
            return
        text, ok = self.drop_hint(aim)
        self.drop_label.setText(("▼ " if ok else "✗ ") + text)
        self.drop_label.setStyleSheet(
            "background-color: %s; color: white; font-weight: 600; padding: 4px;" % ("#1f5fbf" if ok else "#8a1c00"))
        self.drop_label.setFixedWidth(self.width() - 8)
        self.drop_label.adjustSize()
        self.drop_label.move(4, 4)
        self.drop_label.raise_()
        self.drop_label.show()
        self.setStyleSheet(HIGHLIGHT)

    @property
    def drop_text(self) -> str:
        """The drop indicator's words while something is dragged over the card ("" otherwise)."""
        return self.drop_label.text() if self.drop_label.isVisible() else ""

    def _aim(self, event) -> DropAim | None:
        ids = dragged_ids(event.mimeData())
        return DropAim(ids, self.table_id, None, wants_swap(event)) if ids else None

    def dragEnterEvent(self, event) -> None:
        self.dragMoveEvent(event)

    def dragMoveEvent(self, event) -> None:
        aim = self._aim(event)
        if aim is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.show_drop(aim)

    def dragLeaveEvent(self, event) -> None:
        self.show_drop(None)
        event.accept()

    def dropEvent(self, event) -> None:
        aim = self._aim(event)
        self.show_drop(None)
        if aim is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.dropped.emit(aim)

    # --- contents ---------------------------------------------------------------------
    def update_card(self, card: seating.TableCard) -> None:
        if card == self.card:
            return
        self.card = card
        title = _("Table {number}").format(number=card.number)
        if card.name:
            title += f" — {card.name}"
        self.title.setText(title)
        self.facts.setText(facts_text(card))
        size = sum(1 for p in card.people if p.attendance in ATTENDING)
        self.mix.setText(mix_text(card.mix, size) if card.mix is not None else "")
        self.mix.setVisible(card.mix is not None)
        self.mix.setToolTip(_("How different the people at this table are from each other, over all the "
                              "dimensions and their weights, as a share of the most mixed table of this size "
                              "that this event's people could make."))
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
            bar = self.bars.takeAt(0)
            assert bar is not None  # count() > 0
            w = bar.widget()
            if w is not None:  # hidden at once: deleteLater waits for the event loop
                w.hide()
                w.deleteLater()
        # one label column for the card, as wide as its longest dimension name (at most half)
        fm = self.fontMetrics()
        label_w = max((fm.horizontalAdvance(c.dimension) for c in card.composition), default=0) + 8
        if card.people:
            for comp in card.composition:
                self.bars.addWidget(CompositionBar(comp, label_w))
        empty = [] if card.people else [_("Nobody sits at this table yet.")]  # never "✓" for nothing
        if card.warnings:
            status = "\n".join(empty + ["⚠ " + w for w in card.warnings])
            self.warnings.setStyleSheet("color: #8a1c00; font-weight: 600;")
        elif empty:
            status = empty[0]
            self.warnings.setStyleSheet("")
        else:
            status = "✓ " + _("No warnings")
            self.warnings.setStyleSheet("")
        self.warnings.setText(status)
        self.setAccessibleName(title + ". " + status.replace("\n", " "))
