"""The two lines above the table cards: the plan in plain numbers (its mix as a share of
what no plan can beat, rules, people alone, repeated pairs) and how it compares with
chance. A plan with nobody seated says what is missing instead of showing ✓ marks."""

from __future__ import annotations

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.services import planning as planning_service
from dialogue_app.services import seating


def proven_optimal(view: seating.Seating) -> bool:
    """The plan shown reaches the upper bound with everybody seated, every rule kept and
    nobody alone with their group: no plan of these people can mix more."""
    return bool(view.upper_bound and (view.share_of_bound or 0.0) >= 1.0 - 1e-9 and not view.violations
                and not view.isolated and not view.unseated)


def summary_text(view: seating.Seating) -> tuple[str, bool]:
    """The summary line, and whether there is a plan to speak of (anybody seated)."""
    if not view.seated:
        if view.unseated:
            return ngettext(
                "Round {round} is not planned yet: {n} person has no table. Plan tables (Ctrl+P) seats everybody.",
                "Round {round} is not planned yet: {n} people have no table. Plan tables (Ctrl+P) seats everybody.",
                len(view.unseated)).format(round=view.round, n=len(view.unseated)), False
        if not view.tables:
            return "", False  # no tables: the screen's own empty state says what to do
        return _("Nobody is seated yet: add people in the People area (Import… reads a spreadsheet), "
                 "then Plan tables (Ctrl+P)."), False
    parts = [ngettext("{n} table", "{n} tables", len(view.tables)).format(n=len(view.tables))]
    if view.upper_bound:
        parts.append(_("mix {share} ({full} = the upper bound: no plan of these people can be more mixed)").format(
            share=i18n.format_percent(view.share_of_bound or 0, 1), full=i18n.format_percent(1.0, 0)))
        if proven_optimal(view):
            parts.append("✓ " + _("optimal: no plan can mix more"))
    if view.violations:
        parts.append("⚠ " + ngettext("{n} broken rule", "{n} broken rules", view.violations).format(
            n=view.violations))
    else:
        parts.append("✓ " + _("all hard rules met"))
    if view.facilitator_rule_off:  # (also after reopening the event: see Seating.facilitator_rule_off)
        parts.append(_("The rule that each table has a facilitator was off for this plan."))
    if view.isolated == 0:
        parts.append("✓ " + _("nobody alone with their group"))
    elif view.isolated:
        parts.append(ngettext("{n} person alone with their group", "{n} people alone with their group",
                              view.isolated).format(n=view.isolated))
    if view.repeated_pairs == 0:
        parts.append("✓ " + _("nobody sits with someone from an earlier round"))
    elif view.repeated_pairs:
        text = ngettext("{n} pair sat together in an earlier round", "{n} pairs sat together in an earlier round",
                        view.repeated_pairs).format(n=view.repeated_pairs)
        if view.repeated_same_group:
            text += " " + planning_service.same_group_text(view.repeated_same_group, view.repeated_pairs)
        parts.append(text)
    if view.unseated:
        parts.append(ngettext("{n} person without a table", "{n} people without a table",
                              len(view.unseated)).format(n=len(view.unseated)))
    return " · ".join(parts), True


def quality_text(view: seating.Seating) -> str:
    """How the plan compares with a random seating, and its least mixed table."""
    parts = []
    if view.random_share is not None and view.random_isolated is not None and round(view.random_isolated) > 0:
        # the bound is narrowed to plans that leave nobody more alone, which a random
        # seating does not honour: say what chance would cost instead of a share of the gap
        alone = round(view.random_isolated)
        parts.append(ngettext(
            "A random seating would reach {random} of the upper bound, but about {n} person would sit "
            "alone with their group.",
            "A random seating would reach {random} of the upper bound, but about {n} people would sit "
            "alone with their group.", alone).format(random=i18n.format_percent(view.random_share, 1), n=alone))
    elif view.random_share is not None and view.gap_closed is not None:
        rnd = i18n.format_percent(view.random_share, 1)
        if view.gap_closed > 0:
            parts.append(_("A random seating would reach {random}; this plan closes {closed} of the gap "
                           "to the upper bound.").format(random=rnd, closed=i18n.format_percent(view.gap_closed, 1)))
        else:
            parts.append(_("This plan is no better mixed than a random seating ({random} of the upper bound)."
                           ).format(random=rnd))
    elif view.random_share is not None:  # (not "about 0 people would sit alone")
        parts.append(_("A random seating would reach {random} of the upper bound.").format(
            random=i18n.format_percent(view.random_share, 1)))
    if view.least_mixed_table is not None and view.least_mixed_mix is not None:
        parts.append(_("Least mixed table: {table} (mix {share}).").format(
            table=view.least_mixed_table, share=i18n.format_percent(view.least_mixed_mix, 0)))
    return " ".join(parts)
