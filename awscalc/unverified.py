"""Warnings for the unverified rates of an estimate, one per shared provenance.

A regional estimate can draw a dozen unverified rates from one third party's copy of one
AWS feed. Their notes differ only in the row they cite and share the rest::

    row 'Provisioned shard hour per ShardHour' of AWS's pricing-page feed (…) as committed …
    row 'Enhanced fan out per ConsumerShardHour' of AWS's pricing-page feed (…) as committed …

so :func:`unverified_warnings` writes one warning for them: each key with the part of its
note that differs, then the shared part once::

    unverified rates (sa-east-1) contributed to this estimate: kinesis/shard-hours (row
    'Provisioned shard hour per ShardHour'), kinesis/efo-consumer-hours (row 'Enhanced fan
    out per ConsumerShardHour') — from AWS's pricing-page feed (…) as committed …

The rule: a note may be split at the start, or where ``" of "`` or ``": "`` stands outside
quotes and parentheses and leaves at least 30 characters; notes whose parts after a split
are the same text share that provenance. Each note takes the split that saves the most
text across the estimate, so a feed shared by ten keys wins over a shorter tail shared by
more. A key whose note shares nothing (or has no note) keeps its own warning, worded as
it always was. Nothing of a note is dropped: its own part and the shared part together
are the whole note (``" of "`` reads ``from``). Warnings keep the order in which their
first key was rated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from awscalc.model import Estimate, UnverifiedRate

# Where a note may be split, and the word shown before the shared part in its place.
_SEPARATORS = ((" of ", "from "), (": ", ""))
# The shortest shared part a split may leave: a source or a reason, not a word ("…: old")
# that would read as if it were the whole provenance.
_SHORTEST_SHARED = 30
# A quote opens after one of these (or at the start) and closes before one of these (or
# at the end), so an apostrophe (AWS's, the card's) is not taken for a quote.
_OPENS = " ([/"
_CLOSES = " ,;:)]/"


@dataclass(frozen=True)
class _Split:
    """A note cut in two: ``lead`` (its own part) and ``shared`` (after ``word``)."""

    lead: str
    word: str
    shared: str

    @property
    def key(self) -> tuple[str, str]:
        """What notes that share this provenance have in common."""
        return (self.word, self.shared)


def unverified_warnings(rates: list[UnverifiedRate]) -> list[str]:
    """One warning per shared provenance of ``rates`` (see the module's docstring)."""
    splits = [_splits(rate.note) if rate.note else [] for rate in rates]
    counts = Counter(key for found in splits for key in {split.key for split in found})
    # (word, shared part) → the rates that share it, each with its note's own part;
    # a rate that shares nothing is a group of its own, under its index
    groups: dict[tuple[str, str] | int, list[tuple[UnverifiedRate, str]]] = {}
    for index, (rate, found) in enumerate(zip(rates, splits, strict=True)):
        chosen = _best(found, counts)
        key = chosen.key if chosen is not None else index
        groups.setdefault(key, []).append((rate, chosen.lead if chosen is not None else ""))
    return [_grouped(members, key) if isinstance(key, tuple) and len(members) > 1
            else _single(members[0][0]) for key, members in groups.items()]


def merged_warnings(estimates: Sequence[Estimate]) -> list[str]:
    """The warnings of several estimates (a diff's two sides), each once and sorted: the
    calculators' own, and one per shared provenance of all their unverified rates (a key
    unverified on both sides is listed once, with the regions and notes of both)."""
    own = {warning for estimate in estimates for warning in estimate.calculator_warnings}
    return sorted(own | set(unverified_warnings(_merged(
        rate for estimate in estimates for rate in estimate.unverified))))


def _merged(rates: Iterable[UnverifiedRate]) -> list[UnverifiedRate]:
    """One entry per ``service/key``, with every region and note, in first-seen order."""
    found: dict[str, UnverifiedRate] = {}
    for rate in rates:
        seen = found.get(rate.rate)
        found[rate.rate] = rate if seen is None else UnverifiedRate(
            rate.rate, tuple(dict.fromkeys((*seen.regions, *rate.regions))),
            tuple(dict.fromkeys((*seen.notes, *rate.notes))))
    return list(found.values())


def _best(found: list[_Split], counts: Counter[tuple[str, str]]) -> _Split | None:
    """The split that saves the most text (the longer shared part on a tie), if any
    other note shares it."""
    shared = [split for split in found if counts[split.key] > 1]
    if not shared:
        return None
    return max(shared, key=lambda split: ((counts[split.key] - 1) * len(split.shared),
                                          len(split.shared)))


def _splits(note: str) -> list[_Split]:
    """The whole note, and the note cut at each separator outside quotes and parentheses."""
    found = [_Split("", "", note)]
    depth = 0
    quoted = False
    for index, char in enumerate(note):
        if quoted:
            quoted = not (char == "'" and (index + 1 == len(note) or note[index + 1] in _CLOSES))
        elif char == "'" and (index == 0 or note[index - 1] in _OPENS):
            quoted = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif depth == 0 and index > 0:
            for separator, word in _SEPARATORS:
                end = index + len(separator)
                if (len(note) - end >= _SHORTEST_SHARED
                        and note.startswith(separator, index)):
                    found.append(_Split(note[:index], word, note[end:]))
    return found


def _single(rate: UnverifiedRate) -> str:
    """One rate's own warning."""
    return (f"unverified rate {rate.rate} ({', '.join(rate.regions)}) contributed to this "
            f"estimate" + (f": {rate.note}" if rate.note else ""))


def _grouped(members: list[tuple[UnverifiedRate, str]], key: tuple[str, str]) -> str:
    """Several rates' warning: each with its regions (once, when all share them) and its
    note's own part, then the shared part."""
    common = len({rate.regions for rate, _ in members}) == 1
    listed = []
    for rate, lead in members:
        text = rate.rate if common else f"{rate.rate} in {', '.join(rate.regions)}"
        listed.append(f"{text} ({lead})" if lead else text)
    where = f" ({', '.join(members[0][0].regions)})" if common else ""
    word, shared = key
    return (f"unverified rates{where} contributed to this estimate: {', '.join(listed)} — "
            f"{word}{shared}")
