"""Services: each function takes a SQLAlchemy ``Session`` and returns plain
frozen dataclasses (DTOs). Widgets and the CLI call these; ORM objects never
leave this layer."""
