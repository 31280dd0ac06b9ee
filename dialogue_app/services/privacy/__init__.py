"""Personal data, the use cases: forgetting and purging, the privacy log, retention, consent and its
texts, subject access. The submodules hold the parts; this package re-exports their public names."""

from dialogue_app.services.privacy.forgetting import *  # noqa: F403
