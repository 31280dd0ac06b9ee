"""Personal data handled lawfully, the use cases: consent, forgetting, retention, subject access.

Functions take a Session (or an open EventStore where the file itself must change) and return frozen
dataclasses; the CLI and the privacy page call them through this package, which re-exports the public
names of its parts:

* :mod:`.finding`: find a person by name, code, e-mail or phone;
* :mod:`.forgetting`: forget one person, purge everyone, finish the erasure (file, WAL, backups);
* :mod:`.activity_log`: the privacy log (what was done, never to whom);
* :mod:`.retention`: the retention date;
* :mod:`.consent`: consent per sensitive dimension, recording and withdrawing;
* :mod:`.text_versions`: the consent texts and their versions;
* :mod:`.access_report`: subject access;
* :mod:`.facts`: what the privacy page states.

The generic machinery beside them: :mod:`.policy` (which table holds personal data and what forgetting
does with it), :mod:`.erasure`, :mod:`.access`, :mod:`.scrub`, :mod:`.suppression` and
:mod:`.consent_hooks` (every new consent records its text and version). The pure consent wording is in
:mod:`dialogue_app.privacy.texts`.
"""

from dialogue_app.services.privacy import access, erasure, policy, scrub, suppression
from dialogue_app.services.privacy.access_report import (
    subject_access,
    write_subject_access,
    write_subject_access_export,
)
from dialogue_app.services.privacy.activity_log import ACTION_LABELS, LogRow, forgotten_ids, privacy_log
from dialogue_app.services.privacy.consent import (
    ConsentCount,
    PersonConsent,
    TableImpact,
    consent_overview,
    consent_violations,
    person_consents,
    record_consent,
    sensitive_dimensions,
    tables_to_rebalance,
    withdraw,
)
from dialogue_app.services.privacy.facts import (
    HOW_TO_ANSWER,
    WHAT_IS_STORED,
    WHO_CAN_SEE,
    PrivacyFacts,
    privacy_facts,
)
from dialogue_app.services.privacy.finding import PersonHit, find_people, person_by_code
from dialogue_app.services.privacy.forgetting import (
    CleanupResult,
    ErasureIncomplete,
    ForgetResult,
    app_backups,
    erasure_needles,
    finish_erasure,
    finish_pending,
    forget,
    forget_person,
    purge,
    purge_people,
    remove_backups,
)
from dialogue_app.services.privacy.retention import (
    RetentionStatus,
    SetRetentionDate,
    retention_status,
    set_retention_date,
)
from dialogue_app.services.privacy.text_versions import (
    ConsentTextInfo,
    consent_text_history,
    consent_texts,
    event_language,
    save_consent_text,
    text_languages,
)

__all__ = [
    "ACTION_LABELS", "HOW_TO_ANSWER", "WHAT_IS_STORED", "WHO_CAN_SEE",
    "CleanupResult", "ConsentCount", "ConsentTextInfo", "ErasureIncomplete", "ForgetResult", "LogRow",
    "PersonConsent", "PersonHit", "PrivacyFacts", "RetentionStatus", "SetRetentionDate", "TableImpact",
    "access", "app_backups", "consent_overview", "consent_text_history", "consent_texts", "consent_violations",
    "erasure", "erasure_needles", "event_language", "find_people", "finish_erasure", "finish_pending", "forget",
    "forget_person", "forgotten_ids", "person_by_code", "person_consents", "policy", "privacy_facts",
    "privacy_log", "purge", "purge_people", "record_consent", "remove_backups", "retention_status", "save_consent_text", "scrub",
    "sensitive_dimensions", "set_retention_date", "subject_access", "suppression", "tables_to_rebalance",
    "text_languages", "withdraw", "write_subject_access", "write_subject_access_export",
]
