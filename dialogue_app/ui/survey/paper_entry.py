"""Survey entry: keyboard-only entry of a stack of paper forms."""

from __future__ import annotations

import itertools
import uuid

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.services import survey as svc
from dialogue_app.services.seating.door import people_for_search
from dialogue_app.services.tables import list_tables
from dialogue_app.survey import instrument as ins
from dialogue_app.ui.person_finder import PersonFinder
from dialogue_app.ui.survey.answer_field import AnswerField, item_label
from dialogue_app.ui.survey.form_language import choose_language, language_choice


class PaperEntry(QWidget):
    """A keyboard-only screen for a stack of paper forms."""

    def __init__(self, panel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.ctx = panel.ctx
        self.items: list[svc.ItemInfo] = []
        self.event_lang = "en"
        self.editing: uuid.UUID | None = None
        self.fields: list[AnswerField] = []

        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        outer.addLayout(left, 3)

        head = QGridLayout()
        self.wave = QComboBox()
        for w in ins.WAVES:
            self.wave.addItem(ins.wave_label(w), w)
        self.wave.setAccessibleName(_("Wave"))
        self.wave.currentIndexChanged.connect(self._wave_changed)
        self._loading = False
        wave_label = QLabel(_("&Wave:"))
        wave_label.setBuddy(self.wave)
        self.code = QLineEdit()
        self.code.setAccessibleName(_("Participant code (typed or scanned)"))
        self.code.setPlaceholderText(_("type or scan the code; empty for a self-generated code"))
        self.code.returnPressed.connect(self._code_entered)
        # a name typed instead of a code ("yilmaz") finds the person (forgiving search)
        self.finder = PersonFinder(self.code, lambda: self.ctx.read(people_for_search))
        self.finder.chosen.connect(lambda _code: self._code_entered())
        code_label = QLabel(_("&Code:"))
        code_label.setBuddy(self.code)
        self.table = QLineEdit()
        self.table.setAccessibleName(_("Table number"))
        self.table.setMaximumWidth(80)
        self.table.returnPressed.connect(self._focus_first_item)
        table_label = QLabel(_("&Table:"))
        table_label.setBuddy(self.table)
        head.addWidget(wave_label, 0, 0)
        head.addWidget(self.wave, 0, 1)
        head.addWidget(table_label, 0, 2)
        head.addWidget(self.table, 0, 3)
        head.addWidget(code_label, 1, 0)
        head.addWidget(self.code, 1, 1, 1, 3)
        lang_label, self.form_lang = language_choice(self.event_lang)  # the person's language when known, else the event's
        head.addWidget(lang_label, 2, 0)
        head.addWidget(self.form_lang, 2, 1)
        left.addLayout(head)

        sgc_box = QGroupBox(_("Self-generated code (anonymous forms)"))
        sgc_layout = QHBoxLayout(sgc_box)
        self.sgc: list[QLineEdit] = []
        for el in ins.SGC_ELEMENTS:
            e = QLineEdit()
            e.setMaximumWidth(70)
            e.setAccessibleName(_(ins.SGC_QUESTIONS[el]))
            e.setToolTip(_(ins.SGC_QUESTIONS[el]))
            e.returnPressed.connect(self._sgc_next)
            col = QVBoxLayout()
            lab = QLabel(_(ins.SGC_SHORT[el]))
            lab.setBuddy(e)
            col.addWidget(lab)
            col.addWidget(e)
            sgc_layout.addLayout(col)
            self.sgc.append(e)
        sgc_layout.addStretch(1)
        left.addWidget(sgc_box)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Entry message"))
        left.addWidget(self.message)

        keys = QLabel(_("Keys: 1–5 choose the answer (1 = strongly disagree / never … 5 = strongly agree / very "
                        "often; 1 = yes, 0 = no) and move on · Enter = next without an answer · Backspace = clear · "
                        "Ctrl+Enter = save · Esc = clear the form"))
        keys.setWordWrap(True)
        left.addWidget(keys)
        self.items_box = QWidget()
        self.items_layout = QGridLayout(self.items_box)
        self.items_layout.setColumnStretch(0, 3)
        self.items_layout.setColumnStretch(1, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self.items_layout.setRowStretch(50, 1)
        scroll.setWidget(self.items_box)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        left.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("&Save form (Ctrl+Enter)"))
        self.save_button.setAccessibleName(_("Save form"))
        self.save_button.setShortcut("Ctrl+Return")
        self.save_button.clicked.connect(self.save)
        self.clear_button = QPushButton(_("C&lear (Esc)"))
        self.clear_button.setAccessibleName(_("Clear the form"))
        self.clear_button.setShortcut("Escape")
        self.clear_button.clicked.connect(self.reset)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        left.addLayout(buttons)

        right = QVBoxLayout()
        outer.addLayout(right, 2)
        lst_label = QLabel(_("&Forms entered (Enter to correct)"))
        self.forms = QTableWidget(0, 4)
        self.forms.setHorizontalHeaderLabels([_("Wave"), _("Respondent"), _("Table"), _("Answers")])
        self.forms.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.forms.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.forms.verticalHeader().setVisible(False)
        self.forms.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.forms.horizontalHeader().setStretchLastSection(True)
        self.forms.setAccessibleName(_("Forms entered"))
        self.forms.activated.connect(lambda idx: self.load_row(idx.row()))
        lst_label.setBuddy(self.forms)
        self.delete_button = QPushButton(_("&Delete selected form"))
        self.delete_button.setAccessibleName(_("Delete selected form"))
        self.delete_button.clicked.connect(self.delete_selected)
        right.addWidget(lst_label)
        right.addWidget(self.forms, 1)
        right.addWidget(self.delete_button)
        self._rows: list[svc.ResponseRow] = []
        chain = [self.wave, self.table, self.code, self.form_lang, *self.sgc]
        for a, b in itertools.pairwise(chain):
            self.setTabOrder(a, b)

    # --- data ----------------------------------------------------------------
    def refresh(self, items: list[svc.ItemInfo], rows: list[svc.ResponseRow], event_lang: str) -> None:
        changed = [(i.key, i.kind, i.waves, i.label, i.choices) for i in items] != \
                  [(i.key, i.kind, i.waves, i.label, i.choices) for i in self.items]
        self.items = items
        if event_lang != self.event_lang and not self.has_input():
            choose_language(self.form_lang, event_lang)
        self.event_lang = event_lang
        self.finder.reset()
        if changed:
            self._build_items()
        self._rows = list(reversed(rows))
        self.forms.setRowCount(len(self._rows))
        for r, row in enumerate(self._rows):
            for c, v in enumerate((ins.wave_label(row.wave), row.respondent,
                                   "" if row.table_number is None else str(row.table_number), str(row.answered))):
                self.forms.setItem(r, c, QTableWidgetItem(v))

    @property
    def current_wave(self) -> str:
        return self.wave.currentData()

    def _wave_changed(self, _index: int) -> None:
        self._build_items()
        if not self._loading and self.editing is not None:
            # another wave is another form: stop correcting the loaded one
            self.editing = None
            self.message.clear()

    def _build_items(self) -> None:
        values = {f.item.key: f.value for f in self.fields}
        while self.items_layout.count():
            item = self.items_layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.deleteLater()
        self.fields = []
        previous: QWidget = self.sgc[-1]
        for it in self.items:
            if not it.asked_in(self.current_wave):
                continue
            f = AnswerField(it)
            f.setAccessibleName(item_label(it, self.event_lang))
            f.answered.connect(lambda f=f: self._next_field(f, save_after_last=False))
            f.advance.connect(lambda f=f: self._next_field(f, save_after_last=True))
            f.save_requested.connect(self.save)
            if it.key in values:
                f.set_value(values[it.key])
            lab = QLabel(item_label(it, self.event_lang))
            lab.setWordWrap(True)
            lab.setBuddy(f)
            row = len(self.fields)
            self.items_layout.addWidget(lab, row, 0)
            self.items_layout.addWidget(f, row, 1)
            self.fields.append(f)
            self.setTabOrder(previous, f)
            previous = f

    # --- keyboard flow -------------------------------------------------------
    def show_message(self, text: str, problem: bool = False, done: bool = False) -> None:
        """A line under the form: ⚠ for a problem, ✓ only for a form actually stored (not for
        "New after form." or "Correcting an earlier form.", where nothing is done yet)."""
        prefix = "⚠ " if problem else "✓ " if done else ""
        self.message.setText(prefix + text if text else "")
        self.message.setStyleSheet("color: #9b1c1c; font-weight: bold;" if problem else "color: #1d5e20;")

    def _code_entered(self) -> None:
        code = self.code.text().strip()
        if not code:
            self.sgc[0].setFocus()
            return
        try:
            existing = self.ctx.read(lambda s: (svc.find_response(s, self.current_wave, code=code),
                                                svc._person_id_for_code(s, code)))[0]
        except DialogueError as exc:
            found = self.finder.resolve(code)
            if found is not None and found != code:
                self.code.setText(found)
                self._code_entered()
                return
            if self.finder.matching(code):
                self.show_message(_("Several people match “{text}”: choose one from the list or type the code.")
                                  .format(text=code), problem=True)
            else:
                self.show_message(exc.message, problem=True)
            self.code.selectAll()
            return
        if existing is not None:
            self._load(existing)
            self.show_message(_("A {wave} form for this code is already entered: its answers are loaded so you "
                                "can correct them.").format(wave=ins.wave_label(self.current_wave)), problem=True)
        else:
            self.show_message(_("New {wave} form.").format(wave=ins.wave_label(self.current_wave)))
            choose_language(self.form_lang, self.ctx.read(lambda s: svc.person_language(s, code)) or self.event_lang)
            if not self.table.text().strip():
                table = self.ctx.read(lambda s: svc.table_of_code(s, code))
                self.table.setText("" if table is None else str(table))
        # the answers come next on the paper: digits typed now must not land in the Table field
        if self.fields:
            self.fields[0].setFocus()
        else:
            self.table.setFocus()
            self.table.selectAll()

    def _sgc_values(self) -> tuple[str, ...]:
        out = []
        for el, e in zip(ins.SGC_ELEMENTS, self.sgc, strict=True):
            v = ins.normalise_sgc(el, e.text())
            out.append(v if v is not None else e.text().strip())
        return tuple(out)

    def _sgc_next(self) -> None:
        idx = next((i for i, e in enumerate(self.sgc) if e.hasFocus()), len(self.sgc) - 1)
        if idx < len(self.sgc) - 1:
            self.sgc[idx + 1].setFocus()
            return
        sgc = self._sgc_values()
        if all(sgc):
            existing = self.ctx.read(lambda s: svc.find_response(s, self.current_wave, sgc=sgc))
            if existing is not None:
                self._load(existing)
                self.show_message(_("A {wave} form with this self-generated code is already entered: its answers "
                                    "are loaded so you can correct them.")
                                  .format(wave=ins.wave_label(self.current_wave)), problem=True)
        self.table.setFocus()
        self.table.selectAll()

    def _focus_first_item(self) -> None:
        if self.fields:
            self.fields[0].setFocus()
        else:
            self.save()

    def _next_field(self, field: AnswerField, save_after_last: bool) -> None:
        idx = self.fields.index(field) if field in self.fields else -1
        if 0 <= idx < len(self.fields) - 1:
            self.fields[idx + 1].setFocus()
        elif idx == len(self.fields) - 1 and save_after_last:
            self.save()

    # --- load / save ---------------------------------------------------------------
    def _load(self, data: svc.ResponseData) -> None:
        self.editing = data.id
        idx = self.wave.findData(data.wave)
        if idx >= 0 and idx != self.wave.currentIndex():
            self._loading = True
            try:
                self.wave.setCurrentIndex(idx)
            finally:
                self._loading = False
        self.code.setText(data.code)
        for e, v in zip(self.sgc, data.sgc, strict=True):
            e.setText(v)
        self.table.setText("" if data.table_number is None else str(data.table_number))
        choose_language(self.form_lang, data.language or self.event_lang)
        for f in self.fields:
            f.set_value(data.answer(f.item.key))

    def load_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            data = self.ctx.read(lambda s: svc.get_response(s, self._rows[row].id))
            self._load(data)
            self.show_message(_("Correcting an earlier form."))
            if self.fields:
                self.fields[0].setFocus()

    def current_data(self) -> svc.ResponseData:
        t = self.table.text().strip()
        table = int(t) if t.isdigit() else (-1 if t else None)
        answers = tuple((f.item.key, f.value) for f in self.fields if f.value)
        return svc.ResponseData(self.editing, self.current_wave, self.code.text().strip(), self._sgc_values(),
                                table, answers, "paper", self.form_lang.currentData() or "")

    def has_input(self) -> bool:
        """True when something is typed that is not saved (a form in progress)."""
        return bool(self.code.text().strip() or self.table.text().strip()
                    or any(e.text().strip() for e in self.sgc) or any(f.value for f in self.fields))

    def save(self) -> None:
        data = self.current_data()
        if self.ctx.store is None:
            return
        problems = svc.validate_response(self.items, data)
        if problems:
            self.show_message(problems[0][1], problem=True)
            return
        if not self._table_exists(data.table_number):
            return
        label = _("Correct survey form") if data.id else _("Enter survey form")
        correcting = data.id is not None
        if self.ctx.apply(svc.SaveResponse(data, label), areas={"surveys"}):
            who = data.code.upper() or svc.sgc_text(data.sgc)  # the code as printed, however typed
            msg = _("Corrected the {wave} form of {who}.") if correcting else _("Saved the {wave} form of {who}.")
            self.reset()
            self.show_message(msg.format(wave=ins.wave_label(data.wave), who=who), done=True)

    def _table_exists(self, number: int | None) -> bool:
        """A table number the event does not have is refused, with the numbers it does have."""
        if number is None:
            return True
        numbers = self.ctx.read(lambda s: [t.number for t in list_tables(s)])
        if number in numbers:
            return True
        if numbers:
            text = _("There is no table {n} in this event (tables {first} to {last}). Correct the table number "
                     "or leave it empty.").format(n=number, first=min(numbers), last=max(numbers))
        else:
            text = _("There is no table {n}: this event has no tables. Leave the table number empty.").format(
                n=number)
        self.show_message(text, problem=True)
        self.table.setFocus()
        self.table.selectAll()
        return False

    def reset(self) -> None:
        self.editing = None
        self.code.clear()
        for e in self.sgc:
            e.clear()
        self.table.clear()
        choose_language(self.form_lang, self.event_lang)
        for f in self.fields:
            f.set_value("")
        self.message.clear()
        self.code.setFocus()

    def delete_selected(self) -> None:
        rows = {i.row() for i in self.forms.selectionModel().selectedRows()}
        for r in sorted(rows):
            self.ctx.apply(svc.DeleteResponse(self._rows[r].id, _("Delete survey form")), areas={"surveys"})
