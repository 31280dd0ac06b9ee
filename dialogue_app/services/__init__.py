"""Services: each function takes a SQLAlchemy ``Session`` and returns plain
frozen dataclasses (DTOs). Widgets and the CLI call these; ORM objects never
leave this layer."""

# Texts longer than their column are refused with the field's name, on a file as on a server.
from dialogue_app.services import field_lengths as _field_lengths  # noqa: F401

# Every new consent records its text and version: registers the flush hook storage runs on every session.
from dialogue_app.services.privacy import consent_hooks as _consent_hooks  # noqa: F401
