"""The survey's figures: headline shares, a before/after bar chart (QPainter), the test table
and the respondents per table (small cells suppressed)."""

from __future__ import annotations

import math

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import survey as svc
from dialogue_app.survey import instrument as ins
from dialogue_app.survey import plain
from dialogue_app.survey.stats import MIN_CELL, suppress_small_cells

BEFORE = QColor("#8fb3d9")
AFTER = QColor("#1f5fa8")
_ROOT = QModelIndex()


def positive_share(item: svc.ItemResult, wave: str) -> tuple[float, int]:
    """Share answering yes (yes/no) or 4–5 (scales) in a wave, over everyone who answered, and n."""
    counts = dict(item.distribution.get(wave, ()))
    n = sum(counts.values())
    if not n:
        return float("nan"), 0
    pos = counts.get("1", 0) if item.kind == "yes_no" else counts.get("4", 0) + counts.get("5", 0)
    return pos / n, n


def by_language(counts: dict[str, int]) -> str:
    """"Dutch 12, Arabic 7": forms per language, small counts hidden ("—") when there are several."""
    hide = suppress_small_cells([list(counts.values())])[0] if len(counts) > 1 else [False]
    return i18n.format_list([f"{i18n.language_name(c, i18n.current_language())} {'—' if h else n}"
                             for (c, n), h in zip(counts.items(), hide, strict=True)])


def fmt_p(p: float | None) -> str:
    if p is None or math.isnan(p):
        return "–"
    return "< " + i18n.format_decimal(0.001, 3) if p < 0.001 else i18n.format_decimal(p, 3)


def fmt_pct(x: float | None) -> str:
    return "–" if x is None or math.isnan(x) else i18n.format_percent(x)


class BeforeAfterChart(QWidget):
    """Horizontal bars per item: share agreeing / saying yes before (hatched) and after (solid)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[svc.ItemResult] = []
        self.labels: dict[str, str] = {}
        self.setAccessibleName(_("Before and after chart"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(200)

    def set_items(self, items: list[svc.ItemResult], labels: dict[str, str]) -> None:
        self.items = [it for it in items if any(positive_share(it, w)[1] for w in it.waves)]
        self.labels = labels
        desc = []
        for it in self.items:
            parts = [f"{ins.wave_label(w)} {fmt_pct(positive_share(it, w)[0])}" for w in it.waves]
            desc.append(f"{labels.get(it.key, it.label)}: " + ", ".join(parts))
        self.setAccessibleDescription("; ".join(desc))
        self._fit_height()
        self.update()

    def _geometry(self, w: int) -> tuple[int, int, int, int]:
        """label width, wave-name width, bar x and bar width for a chart ``w`` wide (the wave
        names, "Opvolging" or "Suivi", are measured: long languages are not cut)."""
        fm = self.fontMetrics()
        wave_w = max([fm.horizontalAdvance(ins.wave_label(x)) for x in ins.WAVES] + [40]) + 8
        label_w = min(int(w * 0.42), 420)
        bar_x = label_w + wave_w + 6
        return label_w, wave_w, bar_x, max(50, w - bar_x - 60)

    def _blocks(self, w: int) -> list[int]:
        """The height of each item's block: its bars, or its label wrapped to the label width when
        that is taller (a long question is never cut off)."""
        fm = self.fontMetrics()
        label_w = self._geometry(w)[0]
        row_h = max(fm.height() + 6, 22)
        heights = []
        for it in self.items:
            label = self.labels.get(it.key, it.label)
            text_h = fm.boundingRect(0, 0, label_w - 8, 10000, Qt.TextFlag.TextWordWrap, label).height()
            heights.append(max(row_h * len(it.waves), text_h + 4))
        return heights

    def _fit_height(self) -> None:
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.minimumHeight() != self.sizeHint().height():
            self._fit_height()

    def sizeHint(self) -> QSize:
        w = max(self.width(), 400)
        lh = self.fontMetrics().height()
        return QSize(600, 8 + lh + 14 + sum(h + 10 for h in self._blocks(w)) + 8)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        fm = p.fontMetrics()
        w = self.width()
        label_w, wave_w, bar_x, bar_w = self._geometry(w)
        blocks = self._blocks(w)
        lh = fm.height()
        y = 8
        # legend
        p.setPen(self.palette().text().color())
        p.drawText(8, y + lh, _("Share agreeing (4–5) or saying yes"))
        lx = bar_x
        for name, colour, pattern in ((ins.wave_label("before"), BEFORE, Qt.BrushStyle.BDiagPattern),
                                      (ins.wave_label("after") + " / " + ins.wave_label("follow-up"), AFTER,
                                       Qt.BrushStyle.SolidPattern)):
            p.setPen(QPen(colour.darker(130)))
            p.setBrush(QBrush(colour, pattern))
            p.drawRect(lx, y + 3, 18, lh - 4)
            p.setPen(self.palette().text().color())
            p.drawText(lx + 24, y + lh, name)
            lx += 34 + fm.horizontalAdvance(name)
        y += lh + 14
        row_h = max(lh + 6, 22)
        if not self.items:
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            p.drawText(QRectF(8, y, w - 16, lh * 3), Qt.TextFlag.TextWordWrap, _("No answers yet."))
        for it, block_h in zip(self.items, blocks, strict=True):
            waves = it.waves
            label = self.labels.get(it.key, it.label)
            p.setPen(self.palette().text().color())
            rect = QRectF(8, y, label_w - 8, block_h)
            p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, label)
            top = y + (block_h - row_h * len(waves)) / 2
            for k, wave in enumerate(waves):
                share, n = positive_share(it, wave)
                by = top + k * row_h + 3
                p.setPen(self.palette().text().color())
                p.drawText(QRectF(label_w, by - 2, wave_w, row_h),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, ins.wave_label(wave))
                p.setPen(QPen(QColor("#999999")))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(QRectF(bar_x, by, bar_w, row_h - 6))
                if n:
                    before = wave == "before"
                    colour = BEFORE if before else AFTER
                    p.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern if before else Qt.BrushStyle.SolidPattern))
                    p.setPen(QPen(colour.darker(130)))
                    p.drawRect(QRectF(bar_x, by, bar_w * share, row_h - 6))
                    p.setPen(self.palette().text().color())
                    p.drawText(QRectF(bar_x + bar_w + 6, by - 2, 60, row_h),
                               Qt.AlignmentFlag.AlignVCenter, fmt_pct(share))
                else:  # an empty bar says why: this wave has no answers yet
                    p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
                    p.drawText(QRectF(bar_x + 8, by - 2, bar_w - 8, row_h), Qt.AlignmentFlag.AlignVCenter,
                               _("no answers yet"))
            y += block_h + 10
        p.end()


class ResultsModel(QAbstractTableModel):
    HEADERS = ("Item", "Analysis", "n", "Result", "p", "p (Holm)", "Effect size")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[svc.ItemResult] = []
        self.labels: dict[str, str] = {}

    def set_rows(self, rows: list[svc.ItemResult], labels: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.labels = labels
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return [_("Item"), _("Analysis"), _("n"), _("Result"), _("p"), _("p (Holm)"), _("Effect size")][section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.rows[index.row()]
        c = index.column()
        if c == 0:
            return self.labels.get(r.key, r.label)
        if c == 1:
            return {"after-share": _("Share after"), "paired-yes-no": _("McNemar (paired)"),
                    "paired-scale": _("Wilcoxon (paired)")}[r.analysis]
        if c == 2:
            return str(r.n)
        if c == 3:
            if not r.n:  # e.g. a follow-up question before the follow-up: no "– improved, – same"
                return _("no answers yet")
            if r.analysis == "after-share":
                return _("{share} (95% CI {lo}–{hi})").format(share=fmt_pct(r.share), lo=fmt_pct(r.ci_low),
                                                             hi=fmt_pct(r.ci_high))
            if r.analysis == "paired-yes-no":
                return _("{up} no → yes, {down} yes → no").format(up=r.no_to_yes, down=r.yes_to_no)
            return _("{up} improved, {same} same, {down} worse").format(
                up=fmt_pct(r.improved), same=fmt_pct(r.unchanged), down=fmt_pct(r.worsened))
        if c == 4:
            return "" if r.analysis == "after-share" or not r.n else fmt_p(r.p_value)
        if c == 5:
            return "" if r.analysis == "after-share" or not r.n else fmt_p(r.p_holm)
        if c == 6:
            if r.analysis == "paired-scale" and r.n:
                return i18n.format_decimal(r.effect_size, 2)
            return ""
        return None


class ResultsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.headlines = QLabel()
        self.headlines.setWordWrap(True)
        self.headlines.setTextFormat(Qt.TextFormat.RichText)
        self.headlines.setAccessibleName(_("Headline figures"))
        f = QFont(self.font())
        f.setPointSizeF(f.pointSizeF() * 1.15)
        self.headlines.setFont(f)
        self.rates = QLabel()
        self.rates.setWordWrap(True)
        self.rates.setAccessibleName(_("Response and match rates"))
        layout.addWidget(self.headlines)
        layout.addWidget(self.rates)
        self.plain = QTextBrowser()  # every result as a sentence (survey.plain), scrolls when long
        self.plain.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.plain.setAccessibleName(_("Results in plain words"))
        layout.addWidget(self.plain)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.chart = BeforeAfterChart()
        chart_scroll = QScrollArea()
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setWidget(self.chart)
        split.addWidget(chart_scroll)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.what = QComboBox()
        self.what.addItem(_("All forms"), "")
        self.what.setAccessibleName(_("What to break down"))
        rl.addWidget(self.what)
        self.by = QComboBox()
        self.by.addItem(_("Per table"), "table")
        self.by.setAccessibleName(_("Breakdown"))
        rl.addWidget(self.by)
        bl = QLabel(_("— = hidden: fewer than 5, or would reveal such a cell"))
        bl.setWordWrap(True)
        self.breakdown = QTableWidget(0, 0)
        self.breakdown.setAccessibleName(_("Breakdown table"))
        self.breakdown.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.breakdown.verticalHeader().setVisible(False)
        bl.setBuddy(self.breakdown)
        rl.addWidget(bl)
        rl.addWidget(self.breakdown)
        split.addWidget(right)
        right.setMinimumWidth(380)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        vsplit = QSplitter(Qt.Orientation.Vertical)
        vsplit.addWidget(split)
        self.model = ResultsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Test results"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        vsplit.addWidget(self.table)
        vsplit.setStretchFactor(0, 3)
        vsplit.setStretchFactor(1, 2)
        layout.addWidget(vsplit, 1)
        note = QLabel(_("Paired tests use only respondents whose before and after forms are linked; Wilcoxon "
                        "discards unchanged pairs; p-values are Holm-corrected across the paired items."))
        note.setWordWrap(True)
        layout.addWidget(note)

    def show_breakdown(self, breakdown: svc.Breakdown | svc.AnswerBreakdown) -> None:
        if isinstance(breakdown, svc.AnswerBreakdown):
            columns = list(breakdown.columns)
        else:
            columns = [ins.wave_label(w) for w in breakdown.waves]
        self.breakdown.clear()
        self.breakdown.setColumnCount(1 + len(columns))
        self.breakdown.setHorizontalHeaderLabels(
            [{"table": _("Table"), "venue": _("Venue")}.get(self.by.currentData(), _("Group")), *columns])
        self.breakdown.setRowCount(len(breakdown.rows))
        for r, (label, counts) in enumerate(breakdown.rows):
            self.breakdown.setItem(r, 0, QTableWidgetItem(label))
            for c, v in enumerate(counts):
                item = QTableWidgetItem("—" if v is None else str(v))
                if v is None:
                    item.setToolTip(_("hidden"))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.breakdown.setItem(r, c + 1, item)
        self.breakdown.resizeColumnsToContents()
        self.breakdown.setColumnWidth(0, min(self.breakdown.columnWidth(0), 190))
        for r in range(self.breakdown.rowCount()):
            label_cell = self.breakdown.item(r, 0)
            assert label_cell is not None  # set above for every row
            label_cell.setToolTip(label_cell.text())

    def set_items(self, items: list[tuple[str, str]]) -> None:
        """The closed items offered in "What to break down" as (key, label)."""
        choices = [("", _("All forms")), *items]
        if [(self.what.itemData(i), self.what.itemText(i)) for i in range(self.what.count())] == choices:
            return
        current = self.what.currentData()
        self.what.blockSignals(True)
        self.what.clear()
        for key, label in choices:
            self.what.addItem(label, key)
        self.what.setCurrentIndex(max(0, self.what.findData(current)))
        self.what.blockSignals(False)

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        current = self.by.currentData()
        if [(self.by.itemData(i), self.by.itemText(i)) for i in range(self.by.count())] == choices:
            return
        self.by.blockSignals(True)
        self.by.clear()
        for key, label in choices:
            self.by.addItem(label, key)
        self.by.setCurrentIndex(max(0, self.by.findData(current)))
        self.by.blockSignals(False)

    def show_report(self, report: svc.SurveyReport, breakdown: svc.Breakdown, labels: dict[str, str]) -> None:
        # a share of fewer answers than a table cell may show would give away who answered what
        heads = [r.headline for r in report.items if r.headline and r.n >= MIN_CELL]
        after = report.respondents.get("after", 0)
        if heads:
            self.headlines.setText("<b>" + "</b><br><b>".join(heads[:3]) + "</b>"
                                   + ("<br>" + "<br>".join(heads[3:]) if heads[3:] else ""))
        elif after:
            self.headlines.setText(ngettext(
                "Only {n} after form so far: the headline figures appear from {min} forms on, so that "
                "nobody's answers can be recognised.",
                "Only {n} after forms so far: the headline figures appear from {min} forms on, so that "
                "nobody's answers can be recognised.", after).format(n=after, min=MIN_CELL))
        else:
            self.headlines.setText(_("No after-survey answers yet."))
        basis = _("participants present") if report.basis == "present" else _("registered participants")
        parts = [ngettext("{wave}: {n} form ({rate} of {total} {basis})",
                          "{wave}: {n} forms ({rate} of {total} {basis})", report.respondents[w]).format(
            wave=ins.wave_label(w), n=report.respondents[w], rate=fmt_pct(report.response_rate[w]),
            total=report.participants, basis=basis) for w in ins.WAVES if report.respondents.get(w)]
        if report.respondents.get("after"):  # a share of no after forms would read "– of the after forms"
            parts.append(_("Linked before–after: {n} ({rate} of the after forms; {sgc} by self-generated code)")
                         .format(n=report.matched, rate=fmt_pct(report.match_rate), sgc=report.matched_by_sgc))
        parts += [_("Forms per language ({wave}): {languages}").format(wave=ins.wave_label(w), languages=by_language(
            report.languages[w])) for w in ins.WAVES if report.languages.get(w)]
        if not any(report.respondents.values()):
            parts = [_("No forms entered yet: type in the paper forms on “Paper entry”, or let people fill in "
                       "the “On-screen form”.")]
        self.rates.setText(" · ".join(parts))
        self.plain.setPlainText("\n".join("• " + t for t in plain.item_sentences(report)))
        self.chart.set_items(list(report.items), labels)
        self.model.set_rows(list(report.items), labels)
        self.show_breakdown(breakdown)
