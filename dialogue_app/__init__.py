"""dialogue_app: offline facilitation app for Day of Dialogue events.

The package root and every sub-package except :mod:`dialogue_app.ui` are pure
Python (no Qt), so they can be used from the command line and tested without a
display.
"""

__version__ = "0.1.0"
APP_NAME = "dialogue_app"
EVENT_SUFFIX = ".dialogue"
