"""Build portal/data/regions.json from python-stdnum's GB/T 2260 table (stdnum/cn/loc.dat).

Keeps only divisions that still exist (no end year), mainland provinces only.
Run: python portal/data/build_regions.py > portal/data/regions.json
"""

import json
import re
from pathlib import Path

import stdnum.cn

LOC = Path(stdnum.cn.__file__).parent / "loc.dat"
CURRENT = re.compile(r"^(?:\[(\d{4})?-\])?(.+)$")
SKIP = {"市辖区", "市区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def current_name(raw):
    last = raw.split(",")[-1]
    m = re.match(r"^\[(\d{4})?-(\d{4})?\](.+)$", last)
    if m:
        if m.group(2):
            return None
        return m.group(3)
    return last


def main():
    regions = []
    province = None
    for line in LOC.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            code, rest = line.split(" ", 1)
            name = rest.split('"')[1]
            province = code if int(code) < 70 else None
            if province:
                regions.append({"code": code + "0000", "name": name, "level": 1, "parent": None})
            continue
        if not province:
            continue
        sub, rest = line.strip().split(" ", 1)
        name = current_name(rest.split('"')[1])
        if not name or name in SKIP or sub == "0000":
            continue
        code = province + sub
        if sub.endswith("00"):
            regions.append({"code": code, "name": name, "level": 2, "parent": province + "0000"})
        else:
            city = province + sub[:2] + "00"
            regions.append({"code": code, "name": name, "level": 3, "parent": city})
    codes = {r["code"] for r in regions}
    # Municipalities (北京/天津/上海/重庆) list districts under 0100/0200 with no city row:
    # hang them under a city row named after the municipality so every county has a city.
    for r in list(regions):
        if r["level"] == 3 and r["parent"] not in codes:
            prov = next(p for p in regions if p["code"] == r["code"][:2] + "0000")
            regions.append({"code": r["parent"], "name": prov["name"], "level": 2, "parent": prov["code"]})
            codes.add(r["parent"])
    regions.sort(key=lambda r: r["code"])
    print(json.dumps(regions, ensure_ascii=False, indent=0))


if __name__ == "__main__":
    main()
