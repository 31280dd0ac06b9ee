"""The projector view: a second window with the phase, the question and the big timer,
high contrast, full screen on a second screen. The question can stand in the table's other
languages next to the event's, each under its language's own name (issue 32)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _

PROJ_NORMAL = "font-size: 120pt; font-weight: 700; color: #ffffff; background-color: #000000;"
PROJ_OVERTIME = ("font-size: 120pt; font-weight: 900; color: #000000; background-color: #ffd400; "
                 "border: 8px solid #ffffff;")
PROJ_FLASH = PROJ_OVERTIME.replace("color: #000000; background-color: #ffd400",
                                   "color: #ffd400; background-color: #000000")
#: the question's largest size by how many languages stand side by side; smaller until it fits
QUESTION_PT = {1: 38, 2: 30, 3: 26}
SMALLEST_PT = 14
QUESTION_STYLE = "color: #ffffff;"  # its size is a font, fitted to the space (:meth:`_fit`)
HEADING_STYLE = "font-size: 16pt; font-weight: 600; color: #ffd400;"


def _set_language(lab: QLabel, code: str) -> None:
    """Align a label as its language reads: Arabic right-aligned and right to left."""
    rtl = i18n.is_right_to_left(code)
    lab.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    lab.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # leading: right in RTL


class ProjectorWindow(QWidget):
    """A second top-level window: phase, question and the big timer, high contrast."""

    key_command = Signal(str)  # "toggle", "next", "back"
    closed = Signal()

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle(_("Projector view"))
        self.setAccessibleName(_("Projector view"))
        self.setStyleSheet("background-color: #000000; color: #ffffff;")
        self.setAutoFillBackground(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(48, 32, 48, 32)
        self.phase = QLabel()
        self.phase.setStyleSheet("font-size: 30pt; font-weight: 600; color: #ffffff;")
        self.phase.setWordWrap(True)
        self.question = QLabel()
        self.question.setStyleSheet(QUESTION_STYLE)
        self.question.setWordWrap(True)
        self.question.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.question.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.question.setAccessibleName(_("Main question"))
        # the question in the table's other languages: one column per language, under its own name
        self.question_heading = QLabel()
        self.question_heading.setStyleSheet(HEADING_STYLE)
        self.question_heading.setVisible(False)
        self.questions = QWidget()
        self.questions.installEventFilter(self)  # a new size: fit the question again
        self.questions_row = QHBoxLayout(self.questions)
        self.questions_row.setContentsMargins(0, 0, 0, 0)
        self.questions_row.setSpacing(40)
        first = QVBoxLayout()
        first.setSpacing(6)  # not the columns' spacing
        first.addWidget(self.question_heading)
        first.addWidget(self.question, 1)
        self.questions_row.addLayout(first, 1)
        #: (language, heading, question) of each other language shown
        self.others: list[tuple[str, QLabel, QLabel]] = []
        self._shown: tuple[str, tuple[tuple[str, str], ...]] = ("", ())
        self.status = QLabel()
        self.status.setStyleSheet("font-size: 30pt; font-weight: 700; color: #ffffff;")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer = QLabel()
        self.timer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer.setStyleSheet(PROJ_NORMAL)
        for w in (self.phase, self.questions, self.status, self.timer):
            lay.addWidget(w)
        lay.setStretch(1, 1)

    def show_on_best_screen(self) -> None:
        """Full screen on a second screen when there is one; else a large window."""
        screens = QGuiApplication.screens()
        own = self.screen() if self.isVisible() else QGuiApplication.primaryScreen()
        others = [s for s in screens if s is not QGuiApplication.primaryScreen()]
        if others:
            target = others[0]
            self.setGeometry(target.geometry())
            self.showFullScreen()
        else:
            geo = (own or QGuiApplication.primaryScreen()).availableGeometry()
            self.resize(min(1280, geo.width()), min(720, geo.height()))
            self.show()
        self.raise_()

    def update_view(self, phase: str, question: str, status: str, timer: str, overtime: bool,
                    flash: bool = False, language: str = "", others: tuple[tuple[str, str], ...] = ()) -> None:
        """Show the phase, the question (in the event's ``language``, and in ``others``: (language,
        question) pairs, side by side), the status and the timer."""
        self.phase.setText(phase)
        changed = question != self.question.text() or (language, others) != self._shown
        self.question.setText(question)
        if (language, others) != self._shown:
            self._show_languages(language, others)
        if changed:
            self._fit()
        self.status.setText(status)
        self.timer.setText(timer)
        self.timer.setStyleSheet(PROJ_FLASH if flash else PROJ_OVERTIME if overtime else PROJ_NORMAL)
        self.timer.setAccessibleName(status)

    def _show_languages(self, language: str, others: tuple[tuple[str, str], ...]) -> None:
        self._shown = (language, others)
        for _lang, heading, text in self.others:
            for w in (heading, text):
                w.hide()
                w.deleteLater()
        self.others = []
        for i in reversed(range(1, self.questions_row.count())):
            self.questions_row.takeAt(i)
        several = bool(others)
        self.question_heading.setVisible(several)
        self.question_heading.setText(i18n.language_name(language, language) if language else "")
        _set_language(self.question_heading, language or i18n.current_language())
        _set_language(self.question, language or i18n.current_language())
        if not several:
            self.question.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for lang, question in others:
            heading = QLabel(i18n.language_name(lang, lang))
            heading.setStyleSheet(HEADING_STYLE)
            text = QLabel(question)
            text.setWordWrap(True)
            text.setStyleSheet(QUESTION_STYLE)
            text.setAccessibleName(i18n.language_name(lang, lang))
            text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            for w in (heading, text):
                _set_language(w, lang)
            col = QVBoxLayout()
            col.setSpacing(6)
            col.addWidget(heading)
            col.addWidget(text, 1)
            self.questions_row.addLayout(col, 1)
            heading.show()
            text.show()
            self.others.append((lang, heading, text))
        self.question.setSizePolicy(QSizePolicy.Policy.Ignored if several else QSizePolicy.Policy.Preferred,
                                    QSizePolicy.Policy.Ignored)

    def _fit(self) -> None:
        """The largest size (at most :data:`QUESTION_PT`) at which every language's question fits its column."""
        labels = [self.question] + [t for _lang, _h, t in self.others]
        self.questions_row.activate()
        room = max(1, self.questions.height()
                   - (self.question_heading.sizeHint().height() + 6 if self.others else 0))
        font = QFont(self.question.font())
        pt = QUESTION_PT.get(len(labels), QUESTION_PT[3])
        while True:
            font.setPointSize(pt)
            for lab in labels:
                lab.setFont(font)
            if pt <= SMALLEST_PT or all(lab.heightForWidth(max(1, lab.width())) <= room for lab in labels):
                return
            pt -= 2

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.questions and event.type() == QEvent.Type.Resize:
            self._fit()
        return super().eventFilter(watched, event)

    def shown_questions(self) -> list[tuple[str, str]]:
        """(language name, question) as the projector shows them, the event's language first."""
        first = (self.question_heading.text(), self.question.text())
        return [first] + [(h.text(), t.text()) for _lang, h, t in self.others]

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_F5):
            self.close()
        elif key == Qt.Key.Key_Space:
            self.key_command.emit("toggle")
        elif key == Qt.Key.Key_Right:
            self.key_command.emit("next")
        elif key == Qt.Key.Key_Left:
            self.key_command.emit("back")
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        self.closed.emit()
        super().closeEvent(event)
