"""Linking a respondent's forms of two waves without names.

Two ways, never mixed:

1. the participant's random code (badge QR code): forms with the same person
   are the same respondent;
2. a self-generated code (five stable answers stored separately). Two forms
   match when at most one element differs (an unknown element counts as
   differing) and the match is unique in both directions. Exact matches are
   paired first (when unique both ways); the remaining forms are then paired
   when each has exactly one remaining candidate within one difference, and
   that candidate has exactly it. Candidates are found through blocking on
   the five "all but one element" keys, so linking stays linear in the number
   of forms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

SgcCode = tuple[str, ...]


def distance(a: SgcCode, b: SgcCode) -> int:
    """Number of differing elements; an empty (unknown) element always differs."""
    return sum(1 for x, y in zip(a, b, strict=True) if not x or not y or x != y)


def _blocks(code: SgcCode) -> list[tuple]:
    return [(i, *code[:i], *code[i + 1:]) for i in range(len(code))]


def _exact_pairs(first: Sequence[tuple[Hashable, SgcCode]],
                 second: Sequence[tuple[Hashable, SgcCode]]) -> dict[Hashable, Hashable]:
    """Pass 1: exact matches, unique both ways."""
    pairs: dict[Hashable, Hashable] = {}
    by_code_1: dict[SgcCode, list] = defaultdict(list)
    by_code_2: dict[SgcCode, list] = defaultdict(list)
    for rid, code in first:
        if all(code):
            by_code_1[code].append(rid)
    for rid, code in second:
        if all(code):
            by_code_2[code].append(rid)
    for code, ids in by_code_1.items():
        other = by_code_2.get(code, [])
        if len(ids) == 1 and len(other) == 1:
            pairs[ids[0]] = other[0]
    return pairs


def _near_pairs(rest_1: Sequence[tuple[Hashable, SgcCode]],
                rest_2: Sequence[tuple[Hashable, SgcCode]]) -> dict[Hashable, Hashable]:
    """Pass 2: one difference allowed, unique both ways."""
    pairs: dict[Hashable, Hashable] = {}
    index: dict[tuple, list] = defaultdict(list)
    for rid, code in rest_2:
        for key in _blocks(code):
            index[key].append((rid, code))
    cand_1: dict[Hashable, set] = {}
    cand_2: dict[Hashable, set] = defaultdict(set)
    for rid, code in rest_1:
        found = set()
        for key in _blocks(code):
            for rid2, code2 in index.get(key, ()):
                if distance(code, code2) <= 1:
                    found.add(rid2)
        cand_1[rid] = found
        for rid2 in found:
            cand_2[rid2].add(rid)
    for rid, found in cand_1.items():
        if len(found) == 1:
            (rid2,) = found
            if cand_2[rid2] == {rid}:
                pairs[rid] = rid2
    return pairs


def match_codes(first: Sequence[tuple[Hashable, SgcCode]],
                second: Sequence[tuple[Hashable, SgcCode]]) -> dict[Hashable, Hashable]:
    """Pairs {first id: second id} of self-generated codes (see the module docstring)."""
    pairs = _exact_pairs(first, second)
    used_2 = set(pairs.values())
    rest_1 = [(rid, c) for rid, c in first if rid not in pairs]
    rest_2 = [(rid, c) for rid, c in second if rid not in used_2]
    pairs.update(_near_pairs(rest_1, rest_2))
    return pairs


@dataclass(frozen=True)
class LinkResult:
    pairs: dict  # first-wave response id -> second-wave response id
    by_code: int  # pairs linked by participant code
    by_sgc: int  # pairs linked by self-generated code
    second_total: int  # forms of the second wave
    second_with_code: int
    second_with_sgc: int

    @property
    def match_rate(self) -> float:
        """Share of the second wave's forms linked to a first-wave form."""
        return len(self.pairs) / self.second_total if self.second_total else float("nan")


def link_waves(first: Sequence[tuple[Hashable, Hashable | None, SgcCode]],
               second: Sequence[tuple[Hashable, Hashable | None, SgcCode]]) -> LinkResult:
    """Link forms (id, person id or None, self-generated code) of two waves.

    A person id appearing on two forms of the same wave is ambiguous and not linked.
    """
    def unique_people(rows):
        count: dict = defaultdict(int)
        for _rid, pid, _c in rows:
            if pid is not None:
                count[pid] += 1
        return {pid: rid for rid, pid, _c in rows if pid is not None and count[pid] == 1}

    p1 = unique_people(first)
    p2 = unique_people(second)
    pairs = {p1[pid]: p2[pid] for pid in p1 if pid in p2}
    by_code = len(pairs)
    s1 = [(rid, c) for rid, pid, c in first if pid is None and any(c)]
    s2 = [(rid, c) for rid, pid, c in second if pid is None and any(c)]
    sgc_pairs = match_codes(s1, s2)
    pairs.update(sgc_pairs)
    return LinkResult(pairs, by_code, len(sgc_pairs), len(second),
                      sum(1 for r in second if r[1] is not None), len(s2))
