"""Domain exceptions whose messages are safe to show to the user.

Every expected problem (a user mistake, a bad file, an impossible plan) is a
:class:`DialogueError` carrying a message that is already translated. The CLI
prints it as one line on stderr; the GUI shows it in a dialog or banner.
Anything else is a bug: logged with its traceback and reported as such.
"""

from __future__ import annotations


class DialogueError(Exception):
    """An expected problem with a translated, user-presentable message."""

    exit_code = 1

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details or [])

    def __str__(self) -> str:
        return self.message


class UserInputError(DialogueError):
    """A bad value or option given by the user."""

    exit_code = 2


class EventFileError(DialogueError):
    """The event file cannot be used (missing, not an event, corrupt, locked, read-only...)."""


class NotAnEventFile(EventFileError):
    pass


class EventFileTooNew(EventFileError):
    pass


class EventFileCorrupt(EventFileError):
    pass


class EventFileInUse(EventFileError):
    pass


class EventFileReadOnly(EventFileError):
    pass


class ServerUnavailable(EventFileError):
    """The shared server cannot be reached (network, server down); nothing was saved."""


class LoginRefused(ServerUnavailable):
    """The shared server answered but refused the login (user name or password, or this computer):
    trying again helps once the password file or the server's settings changed (an edit being
    saved is kept meanwhile, as when the server cannot be reached)."""


class NotAllowed(DialogueError):
    """The shared server refused an action this user's role may not do."""


class ConflictError(DialogueError):
    """Another user changed the same row since it was read; nothing was overwritten."""


class NotFound(DialogueError):
    """A record (person, table, code) that does not exist."""


class ImportRejected(DialogueError):
    """A file import with errors; nothing was written."""


class Cancelled(DialogueError):
    """Long work stopped at the user's request."""
