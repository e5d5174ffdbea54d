"""Looking up a resource's rates before rating (DMS, ElastiCache, Redshift): a missing
rate is then an error that names what the user wrote (node type, deployment…) and the
``pricing update`` command that fetches it — or, for a service without a catalog
builder, how else to price it.

Not a service: it has no schema fragment, so the registry does not list it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from awscalc.errors import PricingError
from awscalc.model import Usage


def no_update_hint(title: str) -> str:
    """What to do when ``pricing update`` does not build ``title``'s rates."""
    return (f"'awscalc pricing update' does not build {title} rates yet; price it with a "
            "'service: custom' line, or pass --pricing with a catalog that has it")


def _hint(service: str, title: str, record: Usage) -> str:
    """The exact ``pricing update`` command where ``service``'s catalog builder fetches
    the record's rate (a catalog key, or a card key it does not carry over)."""
    from awscalc.catalog import update_hint
    from awscalc.services import declarations

    declared = declarations().get(service)
    if (declared is not None and declared.price_list_builder
            and record.key not in declared.price_list_carried):
        return update_hint(service, record.region)
    return no_update_hint(title)


def require_rates(records: Iterable[Usage], book: Any, service: str, title: str,
                  describe: Callable[[Usage], str]) -> None:
    """Look up every record's rate; a missing one is a :class:`PricingError`
    ``no price for service 'S' <describe(record)> in region 'R'``. An unreadable or
    absent card or catalog is raised as it is."""
    for record in records:
        hint = _hint(service, title, record)
        try:
            book.rate(record.service, record.key, record.region, record.dims)
        except PricingError as exc:
            if not exc.missing_rate:
                raise
            if record.dims:
                instead = getattr(exc, "instead", "")
                full = f"{hint}; {instead}" if instead else hint
            elif not exc.hint:
                full = hint
            elif hint == no_update_hint(title):
                full = exc.hint  # the card's hint already says what to do instead
            else:
                full = f"{exc.hint}; {hint}"
            raise PricingError(f"no price for service '{service}' {describe(record)} in "
                               f"region '{record.region}'", full) from exc
