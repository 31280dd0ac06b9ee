"""The projector view: a second window with the phase, the question and the big timer,
high contrast, full screen on a second screen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from dialogue_app.i18n import gettext as _

PROJ_NORMAL = "font-size: 120pt; font-weight: 700; color: #ffffff; background-color: #000000;"
PROJ_OVERTIME = ("font-size: 120pt; font-weight: 900; color: #000000; background-color: #ffd400; "
                 "border: 8px solid #ffffff;")
PROJ_FLASH = PROJ_OVERTIME.replace("color: #000000; background-color: #ffd400",
                                   "color: #ffd400; background-color: #000000")


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
        self.question.setStyleSheet("font-size: 38pt; color: #ffffff;")
        self.question.setWordWrap(True)
        self.question.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.question.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.status = QLabel()
        self.status.setStyleSheet("font-size: 30pt; font-weight: 700; color: #ffffff;")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer = QLabel()
        self.timer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer.setStyleSheet(PROJ_NORMAL)
        for w in (self.phase, self.question, self.status, self.timer):
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
                    flash: bool = False) -> None:
        self.phase.setText(phase)
        self.question.setText(question)
        self.status.setText(status)
        self.timer.setText(timer)
        self.timer.setStyleSheet(PROJ_FLASH if flash else PROJ_OVERTIME if overtime else PROJ_NORMAL)
        self.timer.setAccessibleName(status)

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
