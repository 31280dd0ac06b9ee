"""The timer on the Live page: the phase shown, the big timer with its overtime style, the
pacing against the schedule, the overtime signal and the commands (Start / Pause / Next / Back),
stored on every command."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import QApplication

from dialogue_app.facilitation.script import render
from dialogue_app.facilitation.timer import format_seconds
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import facilitation as fac
from dialogue_app.ui.facilitation.chime import make_chime
from dialogue_app.ui.facilitation.state import FacilitationState
from dialogue_app.ui.widgets.dates import format_time
from dialogue_app.ui.widgets.labels import isolate

NORMAL_STYLE = "font-size: 54pt; font-weight: 600; padding: 4px 12px;"
OVERTIME_STYLE = ("font-size: 54pt; font-weight: 800; padding: 4px 12px; color: #ffffff; "
                  "background-color: #8b0000; border: 4px solid #000000;")
#: The first seconds of overtime flash (swapped colours, once a second: far below 3 flashes/s).
FLASH_SECONDS = 6
OVERTIME_FLASH = OVERTIME_STYLE.replace("color: #ffffff; background-color: #8b0000",
                                        "color: #8b0000; background-color: #ffffff")


def _minutes(seconds: float) -> int:
    return round(abs(seconds) / 60)


class LiveTimerView(FacilitationState):
    """Shows the timer and runs its commands."""

    def _phase(self) -> fac.PhaseInfo | None:
        if self.timer is None or self.timer.finished or self.timer.current >= len(self.phases):
            return None
        return self.phases[self.timer.current]

    def _show_phase(self) -> None:
        p = self._phase()
        n = len(self.phases)
        if p is None:
            self.phase_label.setText(_("The session is finished."))
            self.question_label.setText(_("Thank you! Use Back to return to the last phase."))
            self.back_pocket_label.setText("")
            self.say_label.setText("")
            self.commit_box.setVisible(False)
        else:
            assert self.timer is not None  # a phase is shown only with a timer
            item = self.schedule.items[self.timer.current] if self.schedule else None
            when = (" · " + format_time(item.start) + "–" + format_time(item.end)) if item and item.start else ""
            self.phase_label.setText(
                _("Phase {i} of {n}: {title}").format(i=self.timer.current + 1, n=n, title=p.title) + when)
            self.question_label.setText(render(p.question, self.theme))
            bp = "".join(f"<li>{html.escape(render(q, self.theme))}</li>" for q in p.back_pocket)
            heading = html.escape(_("Back-pocket questions"))
            self.back_pocket_label.setText(f"<b>{heading}</b><ul>{bp}</ul>" if bp else "")
            parts = []
            for label, text in ((_("Purpose:"), p.purpose), (_("Say:"), p.say), (_("Do:"), p.do)):
                if text:
                    parts.append(f"<b>{html.escape(label)}</b> {html.escape(render(text, self.theme))}")
            self.say_label.setText("<br><br>".join(parts))
            self.commit_box.setVisible(p.captures_commitments and self.data is not None)
        if self.commit_box.isVisibleTo(self):
            self._update_commit_count()
        self.update_display()

    def update_display(self) -> None:
        t = self.timer
        if t is None:
            return
        over = t.overtime
        if t.finished:
            timer_text, status = "—", _("Finished")
        elif over:
            timer_text = "+" + format_seconds(-t.remaining())
            status = _("Overtime: {time}").format(time=timer_text)
        else:
            timer_text = format_seconds(t.remaining())
            if t.running:
                status = _("Time left: {time}").format(time=timer_text)
            elif t.started:
                status = _("Paused, {time} left").format(time=timer_text)
            else:
                status = _("Not started, {time} planned").format(time=timer_text)
        if over and t.running:
            status += " — " + _("running")
        over_by = -t.remaining() if over else 0.0
        flash = over and t.running and over_by < FLASH_SECONDS and int(over_by) % 2 == 1
        self.timer_label.setText(timer_text)
        self.timer_label.setStyleSheet(OVERTIME_FLASH if flash else OVERTIME_STYLE if over else NORMAL_STYLE)
        self.timer_label.setAccessibleName(status)
        self.status_label.setText(status.upper() if over else status)
        self.pacing_label.setText(self.pacing_text())
        self.start_btn.setText(_("&Pause") if t.running else _("&Start"))
        self.back_btn.setEnabled(t.current > 0)
        self.next_btn.setEnabled(not t.finished)
        self.start_btn.setEnabled(not t.finished and bool(self.phases))
        if over and not self._was_overtime and t.running:
            self._overtime_signal()
        self._was_overtime = over
        if self.projector is not None:
            p = self._phase()
            phase = _("Finished") if p is None else _("Phase {i} of {n}: {title}").format(
                i=t.current + 1, n=len(self.phases), title=p.title)
            self.projector.update_view(phase, render(p.question, self.theme) if p else "",
                                       status if over or not t.running else "", timer_text, over, flash,
                                       *self._question_languages(p))
        running = t.running or self.projector is not None
        if running and not self.ticker.isActive():
            self.ticker.start()
        elif not running and self.ticker.isActive():
            self.ticker.stop()

    def _question_languages(self, p: fac.PhaseInfo | None) -> tuple[str, tuple[tuple[str, str], ...]]:
        """The event's language and the phase's question in the table's other languages, when shown."""
        tq = self.table_questions
        if tq is None:
            return "", ()
        if p is None or not self.languages_check.isChecked():
            return tq.language, ()
        # the theme stays in the organiser's words: isolated, so it does not reorder an Arabic sentence
        theme = isolate(self.theme) if self.theme.strip() else self.theme
        return tq.language, tuple((lang, render(q, theme)) for lang, q in tq.question_in(p.id))

    def pacing_text(self) -> str:
        t = self.timer
        if t is None or not any(r.started for r in t.state.runs):
            if self.schedule and self.schedule.start:
                return _("Planned end: {end}").format(end=format_time(self.schedule.end))
            return ""
        behind = t.behind_seconds()
        m = _minutes(behind)
        if m == 0:
            text = _("On schedule")
        elif behind > 0:
            text = ngettext("Behind schedule by {n} minute", "Behind schedule by {n} minutes", m).format(n=m)
        else:
            text = ngettext("Ahead of schedule by {n} minute", "Ahead of schedule by {n} minutes", m).format(n=m)
        if self.schedule and self.schedule.end:
            expected = self.schedule.end + dt.timedelta(seconds=round(behind / 60) * 60)
            text += "\n" + _("Planned end {planned}, expected {expected}").format(
                planned=format_time(self.schedule.end), expected=format_time(expected))
        return text

    def _overtime_signal(self) -> None:
        """A soft chime when a phase runs into overtime (the text and style say it too)."""
        if not self.sound_enabled:
            return
        self.beeps += 1
        if self._sound is None:
            self._sound = make_chime(self) or False
        if self._sound:
            self._sound.play()
        else:
            QApplication.beep()

    # ------------------------------------------------------------------ commands
    def command(self, name: str) -> None:
        """"toggle", "start", "pause", "next" or "back"; the state is stored at once."""
        t = self.timer
        if t is None or self.table_id is None or not self.phases:
            return
        before = t.current
        {"toggle": t.toggle, "start": t.start, "pause": t.pause, "next": t.next, "back": t.back}[name]()
        self._store_state()
        if t.current != before:
            self._was_overtime = t.overtime
            self._fill_schedule()
            self._show_phase()
        else:
            self.update_display()

    def _store_state(self) -> None:
        assert self.table_id is not None and self.timer is not None  # command() checked both
        tid, rnd, state = self.table_id, self.round_spin.value(), self.timer.state
        self.ctx.write(lambda s: fac.save_timer_state(s, tid, rnd, state))
