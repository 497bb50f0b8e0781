"""Extract China's administrative divisions (provinces, prefecture-level cities, counties) from the
jionlp place dictionary into ``src/classify/resources/admin_divisions.tsv``.

jionlp (Apache-2.0, https://github.com/dongrixinyu/JioNLP) ships ``dictionary/china_location.zip``:
one line per division, indented by level (province, city, county, township, village), with the
adcode and the short alias (``嘉定区 310114 嘉定``). The library itself is heavy (a 16 MB wheel and
several dependencies) and only this table is needed to recognise a local issuer, so the table is
extracted once and the library is not a dependency. Townships (43k) and villages (660k) are left out:
their names end in 镇/乡/街道/村/社区, which patterns in ``orgs.yaml`` recognise.

Usage (the wheel from ``pip download jionlp --no-deps``, or the unzipped ``china_location.txt``)::

    python scripts/build_admin_divisions.py /tmp/jionlp-1.5.31-py2.py3-none-any.whl
"""

from __future__ import annotations

import argparse
import io
import zipfile
from pathlib import Path

LEVELS = ("province", "city", "county")
OUT = Path(__file__).resolve().parents[1] / "src/classify/resources/admin_divisions.tsv"


def read_location_text(path: Path) -> tuple[str, str]:
    """The dictionary text and a note of where it came from."""
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8"), path.name
    with zipfile.ZipFile(path) as outer:
        names = outer.namelist()
        if "china_location.txt" in names:
            return outer.read("china_location.txt").decode("utf-8"), path.name
        inner = next(n for n in names if n.endswith("dictionary/china_location.zip"))
        with zipfile.ZipFile(io.BytesIO(outer.read(inner))) as zipped:
            return zipped.read("china_location.txt").decode("utf-8"), f"{path.name}:{inner}"


def divisions(text: str) -> list[tuple[str, str, str, str, str]]:
    """``(adcode, name, alias, level, parent adcode)`` rows for provinces, cities and counties."""
    rows, parents = [], ["", "", ""]
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth >= len(LEVELS) or not line.strip():
            continue
        fields = line.strip("\t").split("\t")
        name, code = fields[0], fields[1] if len(fields) > 1 else ""
        alias = fields[2] if len(fields) > 2 else name
        parents[depth] = code
        parent = parents[depth - 1] if depth else ""
        if depth == 1 and code == parent:  # a municipality's city row repeats the province (上海市 上海市)
            continue
        rows.append((code, name, alias, LEVELS[depth], parent))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="jionlp wheel, china_location.zip or china_location.txt")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    text, origin = read_location_text(args.source)
    rows = divisions(text)
    with args.out.open("w", encoding="utf-8") as handle:
        handle.write(
            f"# source: jionlp (Apache-2.0) {origin}, dictionary/china_location.txt; built by scripts/build_admin_divisions.py\n"
        )
        handle.write("adcode\tname\talias\tlevel\tparent\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
    print(f"{len(rows)} divisions -> {args.out}")


if __name__ == "__main__":
    main()
