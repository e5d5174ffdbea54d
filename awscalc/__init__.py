"""awscalc: monthly AWS cost estimates from a YAML architecture spec, offline, to the cent."""

__version__ = "0.1.0"
