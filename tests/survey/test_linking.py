"""Linking before and after forms by participant code or self-generated code."""

from __future__ import annotations

import random

from dialogue_app.survey import linking


def test_exact_and_one_difference_matches():
    """Identical codes match; one differing element still matches when unique both ways."""
    first = [("a", ("M", "3", "1", "R", "14")), ("b", ("A", "7", "0", "D", "2"))]
    second = [("x", ("M", "3", "1", "R", "14")), ("y", ("A", "7", "2", "D", "2"))]
    assert linking.match_codes(first, second) == {"a": "x", "b": "y"}


def test_two_differences_do_not_match():
    """Two differing elements are too many."""
    assert linking.match_codes([("a", ("M", "3", "1", "R", "14"))], [("x", ("M", "4", "1", "S", "14"))]) == {}


def test_ambiguous_matches_are_refused():
    """A form with two candidates within one difference is not linked (the match must be unique)."""
    first = [("a", ("M", "3", "1", "R", "14"))]
    second = [("x", ("M", "3", "1", "R", "15")), ("y", ("M", "3", "1", "R", "16"))]
    assert linking.match_codes(first, second) == {}
    # and from the other side: two first-wave forms competing for one after form
    first = [("a", ("M", "3", "1", "R", "15")), ("b", ("M", "3", "1", "R", "16"))]
    assert linking.match_codes(first, [("x", ("M", "3", "1", "R", "14"))]) == {}


def test_exact_match_wins_over_near_one():
    """An exact unique pair is taken first; the near candidate is then left alone."""
    first = [("a", ("M", "3", "1", "R", "14"))]
    second = [("x", ("M", "3", "1", "R", "14")), ("y", ("M", "3", "1", "R", "15"))]
    assert linking.match_codes(first, second) == {"a": "x"}


def test_unknown_element_counts_as_a_difference():
    """An element left empty counts as differing: one empty plus one other difference is no match."""
    assert linking.match_codes([("a", ("M", "", "1", "R", "14"))], [("x", ("M", "3", "1", "R", "14"))]) == {"a": "x"}
    assert linking.match_codes([("a", ("M", "", "1", "R", "14"))], [("x", ("M", "3", "2", "R", "14"))]) == {}


def test_blocking_equals_brute_force():
    """The blocked matcher gives the same pairs as comparing every pair of forms."""
    rng = random.Random(4)

    def code():
        return (rng.choice("AEM"), str(rng.randint(1, 3)), str(rng.randint(0, 2)), rng.choice("RD"), str(rng.randint(1, 3)))

    for _ in range(30):
        first = [(f"a{i}", code()) for i in range(40)]
        second = [(f"b{i}", code()) for i in range(40)]
        got = linking.match_codes(first, second)
        # brute force of the documented rule
        expected = {}
        c1 = {a: [b for b, cb in second if cb == ca] for a, ca in first}
        c2 = {b: [a for a, ca in first if ca == cb] for b, cb in second}
        for a, bs in c1.items():
            if len(bs) == 1 and len(c2[bs[0]]) == 1:
                expected[a] = bs[0]
        used = set(expected.values())
        r1 = [(a, c) for a, c in first if a not in expected]
        r2 = [(b, c) for b, c in second if b not in used]
        n1 = {a: {b for b, cb in r2 if linking.distance(ca, cb) <= 1} for a, ca in r1}
        n2 = {b: {a for a, ca in r1 if linking.distance(ca, cb) <= 1} for b, cb in r2}
        for a, bs in n1.items():
            if len(bs) == 1 and n2[next(iter(bs))] == {a}:
                expected[a] = next(iter(bs))
        assert got == expected


def test_link_waves_by_code_and_match_rate():
    """Forms of the same person link; a person on two forms of one wave is ambiguous; the rate counts
    the second wave's forms."""
    empty = ("",) * 5
    first = [(1, "p1", empty), (2, "p2", empty), (3, "p3", empty), (4, "p3", empty),
             (5, None, ("M", "3", "1", "R", "14"))]
    second = [(11, "p1", empty), (12, "p3", empty), (13, "p9", empty), (15, None, ("M", "3", "1", "R", "14"))]
    res = linking.link_waves(first, second)
    assert res.pairs == {1: 11, 5: 15}
    assert res.by_code == 1 and res.by_sgc == 1
    assert res.match_rate == 2 / 4
