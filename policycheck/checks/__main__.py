"""``python -m policycheck.checks FILE...``: rewrite the check-type table in each Markdown
file (docs/rules.md) from the check types' modules; ``--check``: only say whether one is out
of date (exit 1)."""

from __future__ import annotations

import sys
from pathlib import Path

from policycheck.checks import with_docs_table


def main(args: list[str]) -> int:
    check = "--check" in args
    stale = []
    for name in (a for a in args if a != "--check"):
        path = Path(name)
        page = path.read_text(encoding="utf-8")
        updated = with_docs_table(page)
        if updated != page:
            stale.append(name)
            if not check:
                path.write_text(updated, encoding="utf-8")
    for name in stale:
        print(f"{name}: {'out of date' if check else 'updated'}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
