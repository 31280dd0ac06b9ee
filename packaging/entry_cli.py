"""Entry point of the frozen `dialogue-app` command line (PyInstaller)."""

import sys

from dialogue_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
