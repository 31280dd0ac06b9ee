"""The before/after survey's database side (the module is being split into this package)."""

from dialogue_app.services.survey.items import *  # noqa: F403
from dialogue_app.services.survey.items import DEMO_ORDER, _load, _person_id_for_code  # noqa: F401
