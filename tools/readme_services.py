"""Regenerate the README's service list from the service declarations.

Run from the repository root after adding or changing a service's ``readme`` entry::

    python tools/readme_services.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from awscalc.services import readme_services  # noqa: E402


def main() -> int:
    """Rewrite the block between the README's services markers; report whether it changed."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.index("\n", text.index("<!-- services:")) + 1
    end = text.index("<!-- /services -->")
    updated = text[:start] + readme_services() + text[end:]
    if updated != text:
        readme.write_text(updated, encoding="utf-8")
        print("README.md: service list regenerated")
    else:
        print("README.md: service list already current")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
