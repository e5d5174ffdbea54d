"""Data transfer (``data-transfer``): not a spec service, but the calculator of the spec's
``flows`` and ``data_transfer`` sections — see :mod:`awscalc.flows`, which makes one
resource of this service per flow (under its source) and one for the gateways."""

from awscalc.flows import comparisons, usage

__all__ = ["comparisons", "usage"]
