"""SQLAlchemy ORM models of an event file.

Importing this package registers every table on :data:`Base.metadata`.
Each area adds its own module here and an Alembic revision in
``migrations/versions/``. The models import nothing else of the app: session hooks
(consents record their text and version) are installed by storage on its session
factories, see :mod:`dialogue_app.services.privacy.consent_hooks`.
"""

from dialogue_app.models import (
    facilitation,  # noqa: F401  (registers the facilitation tables)
    privacy,  # noqa: F401  (registers the privacy log table)
    training,  # noqa: F401  (registers the training tables)
)
from dialogue_app.models.assignment import Assignment
from dialogue_app.models.base import Base, IdMixin, utcnow
from dialogue_app.models.event import DialogueTable, Event, TimeSlot, Venue
from dialogue_app.models.offline import PackageBaseline, PackageManifest, PackageMergeState
from dialogue_app.models.people import (
    ATTENDANCE,
    ROLES,
    Category,
    Consent,
    ConsentText,
    Dimension,
    PairRule,
    Person,
    PersonRole,
    PersonValue,
)
from dialogue_app.models.survey import SurveyAnswer, SurveyItem, SurveyResponse

__all__ = [
    "ATTENDANCE",
    "ROLES",
    "Assignment",
    "Base",
    "Category",
    "Consent",
    "ConsentText",
    "DialogueTable",
    "Dimension",
    "Event",
    "IdMixin",
    "PackageBaseline",
    "PackageManifest",
    "PackageMergeState",
    "PairRule",
    "Person",
    "PersonRole",
    "PersonValue",
    "SurveyAnswer",
    "SurveyItem",
    "SurveyResponse",
    "TimeSlot",
    "Venue",
    "utcnow",
]

