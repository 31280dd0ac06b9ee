"""Starting the GUI from the command line (Qt is imported only here, lazily)."""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable
from pathlib import Path

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _


def _no_display() -> bool:
    """On Linux/BSD without X11 or Wayland Qt would abort the process; say so instead."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


#: the X11 libraries Qt's xcb platform plugin loads, and the Debian/Ubuntu package of each
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-shape": "libxcb-shape0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "EGL": "libegl1",
}


def _uses_xcb() -> bool:
    """True when Qt will open its window through X11 (the xcb plugin)."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    forced = os.environ.get("QT_QPA_PLATFORM", "")
    if forced:
        return forced.startswith("xcb")
    return bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY")


def missing_xcb_packages(find: Callable[[str], str | None] = ctypes.util.find_library) -> list[str]:
    """The packages to install for the X11 libraries Qt needs that ``find`` cannot find."""
    return [pkg for lib, pkg in XCB_LIBRARIES.items() if not find(lib)]


def launch_gui(path: Path | None) -> int:
    if _no_display():
        raise DialogueError(
            _("No screen was found (no DISPLAY or WAYLAND_DISPLAY), so the window cannot open. "
              "Run the app on a desktop, or use --no-gui where a command offers it.")
        )
    # Qt itself aborts with "reinstalling the application may fix this": name the packages
    missing = missing_xcb_packages() if _uses_xcb() else []
    if missing:
        raise DialogueError(
            _("The window cannot open: system libraries that Qt needs are missing. On Debian or Ubuntu "
              "install them with: sudo apt-get install {packages}").format(packages=" ".join(missing))
        )
    try:
        from dialogue_app.ui.app import run
    except ImportError as exc:
        raise DialogueError(
            _("The graphical interface is not available ({error}). Install the app with its dependencies.").format(
                error=exc
            )
        ) from exc
    return run(path)


def gui_main(argv: list[str] | None = None) -> int:
    """``dialogue-app-gui [FILE]``: the window without a console (a gui-script on Windows).

    The handler of the desktop file and the ``.dialogue`` file association: with a FILE it
    is ``dialogue-app open FILE``, without one the Welcome screen. Global options
    (``--lang``, ``--data-dir``) pass through. With no console to print on, a problem is
    shown in a message box as well.
    """
    from dialogue_app.cli import main

    args = list(sys.argv[1:] if argv is None else argv)
    options: list[str] = []
    files: list[str] = []
    for i, arg in enumerate(args):
        is_value = i > 0 and args[i - 1] in ("--lang", "--data-dir")
        (options if arg.startswith("-") or is_value else files).append(arg)
    command = ["open", files[0]] if files else []
    return main(options + command, on_error=_show_error)


def _show_error(message: str) -> None:
    """A message box with ``message`` when Qt can show one (a gui-script has no console)."""
    if _no_display() or os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "minimal"):
        return  # nobody would see it (tests, headless runs): stderr has it
    try:
        from dialogue_app.ui.error_box import show_error
    except ImportError:
        return
    show_error(message)
