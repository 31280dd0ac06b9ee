"""The on-screen survey form at a laptop (kiosk): large controls, the participant's language."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.services import survey as svc
from dialogue_app.survey import instrument as ins
from dialogue_app.ui.survey.answer_field import item_label


class KioskEntry(QWidget):
    """The on-screen form at a laptop: large controls, the participant's language, reset after each person."""

    def __init__(self, panel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.ctx = panel.ctx
        self.items: list[svc.ItemInfo] = []
        self.event_lang = "en"
        self.groups: dict[str, QButtonGroup] = {}
        self.texts: dict[str, QLineEdit] = {}
        self.big = QFont(self.font())
        self.big.setPointSizeF(self.font().pointSizeF() * 1.5)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.wave = QComboBox()
        for w in ins.WAVES:
            self.wave.addItem(ins.wave_label(w), w)
        self.wave.setAccessibleName(_("Wave"))
        wl = QLabel(_("W&ave:"))
        wl.setBuddy(self.wave)
        self.lang = QComboBox()
        for code in i18n.available_languages():
            self.lang.addItem(i18n.language_name(code, code), code)
        self.lang.setAccessibleName(_("Language of the form"))
        ll = QLabel(_("Form &language:"))
        ll.setBuddy(self.lang)
        self.wave.currentIndexChanged.connect(lambda _i: self._build())
        self.lang.currentIndexChanged.connect(lambda _i: self._build())
        top.addWidget(wl)
        top.addWidget(self.wave)
        top.addWidget(ll)
        top.addWidget(self.lang)
        top.addStretch(1)
        layout.addLayout(top)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.form_page = QWidget()
        self.form_layout = QVBoxLayout(self.form_page)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.form_page)
        self.stack.addWidget(self.scroll_area)
        self.thanks = QLabel()
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        f = QFont(self.big)
        f.setPointSizeF(self.big.pointSizeF() * 1.6)
        self.thanks.setFont(f)
        self.thanks.setWordWrap(True)
        self.stack.addWidget(self.thanks)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.reset)
        self.code: QLineEdit | None = None
        self.submit: QPushButton | None = None
        self.error: QLabel | None = None

    def refresh(self, items: list[svc.ItemInfo], event_lang: str) -> None:
        if [(i.key, i.label, i.waves) for i in items] != [(i.key, i.label, i.waves) for i in self.items] \
                or self.code is None:
            self.items = items
            self.event_lang = event_lang
            idx = self.lang.findData(event_lang)
            if self.code is None and idx >= 0:
                self.lang.blockSignals(True)
                self.lang.setCurrentIndex(idx)
                self.lang.blockSignals(False)
            self._build()

    @property
    def current_wave(self) -> str:
        return self.wave.currentData()

    def _build(self) -> None:
        while self.form_layout.count():
            item = self.form_layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.deleteLater()
        self.groups = {}
        with i18n.language(self.lang.currentData() or self.event_lang):
            title = QLabel(_("Your view in a few questions ({wave})").format(wave=ins.wave_label(self.current_wave)))
            tf = QFont(self.big)
            tf.setBold(True)
            title.setFont(tf)
            title.setWordWrap(True)
            self.form_layout.addWidget(title)
            code_row = QHBoxLayout()
            cl = QLabel(_("Your code (on your badge):"))
            cl.setFont(self.big)
            self.code = QLineEdit()
            self.code.setFont(self.big)
            self.code.setMinimumHeight(44)
            self.code.setAccessibleName(_("Your code (on your badge)"))
            cl.setBuddy(self.code)
            code_row.addWidget(cl)
            code_row.addWidget(self.code, 1)
            box = QWidget()
            box.setLayout(code_row)
            self.form_layout.addWidget(box)
            self.texts = {}
            for it in self.items:
                if not it.asked_in(self.current_wave):
                    continue
                q = QLabel(item_label(it, self.event_lang))
                q.setFont(self.big)
                q.setWordWrap(True)
                self.form_layout.addWidget(q)
                if it.kind == "text":
                    edit = QLineEdit()
                    edit.setFont(self.big)
                    edit.setMinimumHeight(44)
                    edit.setAccessibleName(item_label(it, self.event_lang))
                    q.setBuddy(edit)
                    self.texts[it.key] = edit
                    self.form_layout.addWidget(edit)
                    continue
                row = QHBoxLayout()
                group = QButtonGroup(self)
                group.setExclusive(True)
                for value, label in ins.answer_options(it.kind, it.choices):
                    b = QPushButton(label)
                    b.setCheckable(True)
                    b.setFont(self.big)
                    b.setMinimumHeight(52)
                    b.setAccessibleName(f"{item_label(it, self.event_lang)}: {label}")
                    b.setProperty("value", value)
                    b.setStyleSheet("QPushButton:checked { background: #1f5fa8; color: white; font-weight: bold; }")
                    group.addButton(b)
                    row.addWidget(b)
                self.groups[it.key] = group
                w = QWidget()
                w.setLayout(row)
                self.form_layout.addWidget(w)
            self.error = QLabel()
            self.error.setFont(self.big)
            self.error.setStyleSheet("color: #9b1c1c; font-weight: bold;")
            self.error.setWordWrap(True)
            self.form_layout.addWidget(self.error)
            self.submit = QPushButton(_("&Send my answers"))
            self.submit.setFont(tf)
            self.submit.setMinimumHeight(60)
            self.submit.setAccessibleName(_("Send my answers"))
            self.submit.clicked.connect(self.send)
            self.form_layout.addWidget(self.submit)
            self.form_layout.addStretch(1)
        self.stack.setCurrentIndex(0)

    def answers(self) -> tuple[tuple[str, str], ...]:
        out = []
        for key, group in self.groups.items():
            b = group.checkedButton()
            if b is not None:
                out.append((key, b.property("value")))
        for key, edit in self.texts.items():
            if edit.text().strip():
                out.append((key, edit.text().strip()))
        return tuple(out)

    def send(self) -> None:
        lang = self.lang.currentData() or self.event_lang
        code = self.code.text().strip() if self.code else ""
        assert self.error is not None  # the Send button is built with the form (_build)
        with i18n.language(lang):
            if not code:
                self.error.setText("⚠ " + _("Please type the code printed on your badge."))
                return
            error = self.error
            known = self.ctx.try_read(
                lambda s: (svc._person_id_for_code(s, code), svc.find_response(s, self.current_wave, code=code)),
                on_error=lambda _exc: error.setText("⚠ " + _("This code is not known. Please check your badge.")))
            if known is None:
                return
            if known[1] is not None:
                self.error.setText("⚠ " + _("Answers for this code were already sent. Thank you!"))
                return
        table = self.ctx.read(lambda s: svc.table_of_code(s, code))
        data = svc.ResponseData(None, self.current_wave, code, table_number=table, answers=self.answers(),
                                source="screen", language=lang)
        if self.ctx.apply(svc.SaveResponse(data, _("Survey form on screen")), areas={"surveys"}):
            with i18n.language(lang):
                self.thanks.setText(_("Thank you! Your answers are saved.\n\nThe form is ready for the next person."))
            self.stack.setCurrentIndex(1)
            self.timer.start(4000)

    def reset(self) -> None:
        self.timer.stop()
        if self.code is not None:
            self.code.clear()
        if self.error is not None:
            self.error.clear()
        for edit in self.texts.values():
            edit.clear()
        for group in self.groups.values():
            group.setExclusive(False)
            for b in group.buttons():
                b.setChecked(False)
            group.setExclusive(True)
        self.stack.setCurrentIndex(0)
        self.scroll_area.verticalScrollBar().setValue(0)
        if self.code is not None:
            self.code.setFocus()
