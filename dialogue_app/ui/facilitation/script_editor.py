"""The Script page of the Facilitation area: the phases in order, the form of the selected
phase and the ground rules; every change is an undoable edit."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.facilitation.script import THEME_PLACEHOLDER
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import facilitation as fac
from dialogue_app.ui.facilitation.state import FacilitationState
from dialogue_app.ui.widgets.labels import label


class ScriptEditor(FacilitationState):
    """Builds the Script page and turns its buttons into edits."""

    def _build_script(self) -> None:
        page = QWidget()
        page.setAccessibleName(_("Script"))
        self.tabs.addTab(page, _("S&cript"))
        lay = QHBoxLayout(page)
        left = QVBoxLayout()
        self.phase_list = QListWidget()
        self.phase_list.setAccessibleName(_("Phases of the script"))
        self.phase_list.currentRowChanged.connect(self._edit_phase)
        left.addWidget(label(_("Phases, in order:")))
        left.addWidget(self.phase_list, 1)
        g = QGridLayout()
        self.s_add = QPushButton(_("&Add phase"))
        self.s_remove = QPushButton(_("&Remove phase"))
        self.s_up = QPushButton(_("Move &up"))
        self.s_down = QPushButton(_("Move do&wn"))
        self.s_add.setAccessibleName(_("Add a phase after the selected one"))
        self.s_remove.setAccessibleName(_("Remove the selected phase"))
        self.s_up.setAccessibleName(_("Move the selected phase up"))
        self.s_down.setAccessibleName(_("Move the selected phase down"))
        self.s_add.clicked.connect(self.add_phase)
        self.s_remove.clicked.connect(self.remove_phase)
        self.s_up.clicked.connect(lambda: self.move_phase(-1))
        self.s_down.clicked.connect(lambda: self.move_phase(1))
        g.addWidget(self.s_add, 0, 0)
        g.addWidget(self.s_remove, 0, 1)
        g.addWidget(self.s_up, 1, 0)
        g.addWidget(self.s_down, 1, 1)
        left.addLayout(g)
        self.s_total = label()
        self.s_total.setAccessibleName(_("Total planned time"))
        left.addWidget(self.s_total)
        lw = QWidget()
        lw.setLayout(left)
        lw.setMaximumWidth(340)
        lay.addWidget(lw)

        form_w = QWidget()
        form = QFormLayout(form_w)
        self.f_title = QLineEdit()
        self.f_minutes = QSpinBox()
        self.f_minutes.setRange(0, fac.MAX_MINUTES)
        self.f_minutes.setSuffix(" " + _("min"))
        self.f_purpose = QPlainTextEdit()
        self.f_question = QPlainTextEdit()
        self.f_back = QPlainTextEdit()
        self.f_say = QPlainTextEdit()
        self.f_do = QPlainTextEdit()
        self.f_capture = QCheckBox(_("Record commitments in this phase"))
        for edit, h in ((self.f_purpose, 48), (self.f_question, 60), (self.f_back, 72), (self.f_say, 52),
                        (self.f_do, 52)):
            edit.setMinimumHeight(h)
            edit.setMaximumHeight(h + 24)
            edit.setTabChangesFocus(True)
        rows = (
            (_("&Title:"), self.f_title, _("Phase title")),
            (_("&Duration:"), self.f_minutes, _("Duration in minutes")),
            (_("&Purpose:"), self.f_purpose, _("Purpose")),
            (_("&Question:"), self.f_question, _("Main question")),
            (_("&Back-pocket questions\n(one per line):"), self.f_back, _("Back-pocket questions")),
            (_("Sa&y:"), self.f_say, _("What to say")),
            (_("D&o:"), self.f_do, _("What to do")),
        )
        for text, w, name in rows:
            w.setAccessibleName(name)
            form.addRow(text, w)
        self.f_capture.setAccessibleName(_("Record commitments in this phase"))
        form.addRow("", self.f_capture)
        form.addRow("", label(_("Write {placeholder} where the event's theme should appear.").format(
            placeholder=THEME_PLACEHOLDER)))
        self.f_save = QPushButton(_("Sa&ve phase"))
        self.f_save.setAccessibleName(_("Save the phase"))
        self.f_save.clicked.connect(self.save_phase)
        form.addRow("", self.f_save)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_w)
        lay.addWidget(scroll, 3)

        right = QVBoxLayout()
        rules_lab = QLabel(_("&Ground rules, one per line:"))
        right.addWidget(rules_lab)
        self.rules_edit = QPlainTextEdit()
        rules_lab.setBuddy(self.rules_edit)
        self.rules_edit.setAccessibleName(_("Ground rules, one per line"))
        self.rules_edit.setTabChangesFocus(True)
        right.addWidget(self.rules_edit, 1)
        self.rules_save = QPushButton(_("Save &ground rules"))
        self.rules_save.setAccessibleName(_("Save the ground rules"))
        self.rules_save.clicked.connect(self.save_rules)
        right.addWidget(self.rules_save)
        rw = QWidget()
        rw.setLayout(right)
        lay.addWidget(rw, 2)

    def _fill_script_editor(self, select: int | None = None) -> None:
        row = self.phase_list.currentRow() if select is None else select
        self.phase_list.blockSignals(True)
        self.phase_list.clear()
        for p in self.phases:
            self.phase_list.addItem(
                f"{p.position + 1}. {p.title} · " + ngettext("{n} minute", "{n} minutes", p.minutes).format(
                    n=p.minutes))
        self.phase_list.blockSignals(False)
        total = sum(p.minutes for p in self.phases)
        text = ngettext("Total: {n} minute", "Total: {n} minutes", total).format(n=total)
        over = self.ctx.read(lambda s: fac.script_overruns(s, self.phases)) if self.ctx.has_event else []
        if over:
            text += "\n⚠ " + ngettext(
                "Longer than the time slot of {n} table (up to {m} minutes over).",
                "Longer than the time slot of {n} tables (up to {m} minutes over).", len(over)).format(
                n=len(over), m=max(m for _n, m in over))
        self.s_total.setText(text)
        self.phase_list.setCurrentRow(min(max(0, row), len(self.phases) - 1))
        self._edit_phase(self.phase_list.currentRow())
        self.rules_edit.setPlainText("\n".join(self.rules))

    def _edit_phase(self, row: int) -> None:
        p = self.phases[row] if 0 <= row < len(self.phases) else None
        self.f_title.setText(p.title if p else "")
        self.f_minutes.setValue(p.minutes if p else 0)
        self.f_purpose.setPlainText(p.purpose if p else "")
        self.f_question.setPlainText(p.question if p else "")
        self.f_back.setPlainText("\n".join(p.back_pocket) if p else "")
        self.f_say.setPlainText(p.say if p else "")
        self.f_do.setPlainText(p.do if p else "")
        self.f_capture.setChecked(bool(p and p.captures_commitments))

    def _selected_phase(self) -> fac.PhaseInfo | None:
        row = self.phase_list.currentRow()
        return self.phases[row] if 0 <= row < len(self.phases) else None

    def save_phase(self) -> None:
        p = self._selected_phase()
        if p is None:
            return
        info = fac.PhaseInfo(
            id=p.id, position=p.position, key=p.key, title=self.f_title.text(), minutes=self.f_minutes.value(),
            purpose=self.f_purpose.toPlainText().strip(), question=self.f_question.toPlainText().strip(),
            back_pocket=tuple(x.strip() for x in self.f_back.toPlainText().splitlines() if x.strip()),
            say=self.f_say.toPlainText().strip(), do=self.f_do.toPlainText().strip(),
            capture="commitments" if self.f_capture.isChecked() else "",
            row_version=p.row_version,  # what the page shows: a save over someone else's later change asks first
        )
        self.ctx.apply(fac.SavePhase(info, _("Edit phase “{title}”").format(title=info.title.strip())),
                       areas={"facilitation"})

    def add_phase(self) -> None:
        p = self._selected_phase()
        pos = p.position + 1 if p else len(self.phases)
        info = fac.new_phase(pos)
        if self.ctx.apply(fac.SavePhase(info, _("Add a phase")), areas={"facilitation"}):
            self._fill_script_editor(pos)
            self.f_title.setFocus()
            self.f_title.selectAll()

    def remove_phase(self) -> None:
        p = self._selected_phase()
        if p is not None:
            self.ctx.apply(fac.DeletePhase(p.id, _("Remove phase “{title}”").format(title=p.title)),
                           areas={"facilitation"})

    def move_phase(self, delta: int) -> None:
        p = self._selected_phase()
        if p is None or not 0 <= p.position + delta < len(self.phases):
            return
        if self.ctx.apply(fac.MovePhase(p.id, delta, _("Move phase “{title}”").format(title=p.title)),
                          areas={"facilitation"}):
            self._fill_script_editor(p.position + delta)

    def save_rules(self) -> None:
        rules = tuple(x.strip() for x in self.rules_edit.toPlainText().splitlines() if x.strip())
        self.ctx.apply(fac.SetGroundRules(rules, _("Edit the ground rules")), areas={"facilitation"})
