"""Files, progress and cancelling: :func:`atomic_pdf` writes to a temporary file and renames it at the
end, so a cancelled or failed export leaves no half file; :func:`render_pdf` renders collected inputs
in the document language.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from dialogue_app.errors import Cancelled
from dialogue_app.printing.common.fonts import register_fonts

# --- files, progress, cancel ----------------------------------------------------------

@contextlib.contextmanager
def atomic_pdf(out: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``out``; on success it replaces ``out``, else it is removed."""
    from dialogue_app import outputs  # private temporary file, never replaces an event file or a device

    out = Path(out)
    if not outputs.is_stream(out):
        out.parent.mkdir(parents=True, exist_ok=True)
    with outputs.atomic_output(out) as tmp:
        yield tmp


class Steps:
    """Progress reporting and cancelling over ``total`` units of work."""

    def __init__(self, total: int, progress: Callable[..., None], should_stop: Callable[[], bool],
                 start: float = 0.0, end: float = 1.0) -> None:
        self.total = max(1, total)
        self.progress, self.should_stop = progress, should_stop
        self.start, self.end = start, end
        self.done = 0
        self._every = max(1, self.total // 100)

    def check(self) -> None:
        if self.should_stop():
            raise Cancelled(_cancelled_message())

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.done % self._every == 0 or self.done >= self.total:
            self.check()
            self.progress(self.start + (self.end - self.start) * min(1.0, self.done / self.total))


def _cancelled_message() -> str:
    from dialogue_app.i18n import gettext as _

    return _("Printing was cancelled; no file was written.")


# --- the writers' common frame -----------------------------------------------------------------

def render_pdf(data, out: Path, lang: str, progress: Callable[..., None], should_stop: Callable[[], bool],
               render_fn: Callable) -> int:
    """Render collected inputs to ``out`` atomically in the document language ``lang`` (the second part of
    an export writer, after the inputs were collected: ``services.printing.writers.export_pdf``).

    ``render_fn(data, tmp_path, steps)`` draws them and returns the number of items written.
    """
    from dialogue_app import i18n

    register_fonts()
    with i18n.language(lang), atomic_pdf(out) as tmp:
        n = render_fn(data, tmp, lambda total: Steps(total, progress, should_stop, 0.1, 1.0))
    progress(1.0)
    return n
