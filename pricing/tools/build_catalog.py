"""Build a rate catalog (SQLite) from one or more YAML catalog sources.

    python pricing/tools/build_catalog.py OUT.sqlite SOURCE.yaml [SOURCE.yaml …]

Every source must name the same service; their sources and rows are merged (a row
present twice is an error). See :func:`awscalc.catalog.read_catalog_source` for the
format. ``tests/test_catalog.py`` checks that the committed catalogs equal a rebuild.
"""

from __future__ import annotations

import sys
from pathlib import Path

from awscalc.catalog import CatalogRate, read_catalog_source, write_catalog


def merged(paths: list[Path]) -> dict[str, object]:
    """The write_catalog arguments of several catalog sources, merged in order."""
    result: dict[str, object] = {}
    for path in paths:
        source = read_catalog_source(path)
        if not result:
            result = {**source, "sources": list(source["sources"]),
                      "rates": list(source["rates"]), "keys": list(source["keys"])}
            continue
        if source["service"] != result["service"]:
            raise SystemExit(f"{path}: service {source['service']} ≠ {result['service']}")
        offset = len(result["sources"])
        result["sources"] += source["sources"]
        known = {key.key for key in result["keys"]}
        result["keys"] += [key for key in source["keys"] if key.key not in known]
        result["rates"] += [CatalogRate(r.key, r.region, r.dims, r.rate, r.source + offset)
                            for r in source["rates"]]
    return result


def main(argv: list[str]) -> int:
    """Build OUT from SOURCES; print how many rates it holds."""
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out, *sources = (Path(arg) for arg in argv)
    count = write_catalog(out, **merged(sources))
    print(f"{out}: {count} rates")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
