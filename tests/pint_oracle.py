"""pint as the oracle for awscalc's units: a registry built from ``awscalc/units.txt``.

awscalc itself never imports pint; the tests check its generated unit table and every
quantity its grammar accepts against what pint computes from the same definitions.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

from awscalc.unitgen import UNITS_TXT

Dims = tuple[tuple[str, int], ...]


@functools.cache
def registry() -> Any:
    """A pint ``UnitRegistry`` of units.txt only, exact (Fraction) and without pint's
    automatic plurals ("TBs" is a typo to report, not 5 TB)."""
    import pint

    ureg = pint.UnitRegistry(filename=str(UNITS_TXT), non_int_type=Fraction,
                             cache_folder=None)
    ureg._suffixes = {"": ""}
    return ureg


def factor(expression: str) -> tuple[Fraction, Dims]:
    """pint's factor from the unit ``expression`` (``TB/day``, ``/s``) to base units, and
    its dimensions as awscalc writes them (sorted ``(name, power)`` pairs)."""
    ureg = registry()
    inverted = expression.startswith("/")
    units = ureg.parse_units(expression[1:] if inverted else expression)
    base = ureg.Quantity(Fraction(1), 1 / units if inverted else units).to_base_units()
    dims = tuple(sorted((str(name), int(power))
                        for name, power in dict(base.dimensionality).items()))
    return Fraction(base.magnitude), dims


def names() -> set[str]:
    """Every unit name, alias and symbol pint knows from units.txt."""
    return set(registry()._units)
