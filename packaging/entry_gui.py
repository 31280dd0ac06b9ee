"""Entry point of the frozen `dialogue-app-gui` window (PyInstaller): `dialogue-app-gui [FILE]`."""

import sys

from dialogue_app.cli.gui import gui_main

if __name__ == "__main__":
    sys.exit(gui_main())
