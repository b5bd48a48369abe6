"""Build portal/data/regions.json from python-stdnum's GB/T 2260 table (stdnum/cn/loc.dat).

Keeps only divisions that still exist (no end year), mainland provinces only, each with an English name
(Hanyu Pinyin of the proper name plus the English for the kind of division: 鼓楼区 → "Gulou District").
Run: python portal/data/build_regions.py > portal/data/regions.json
(needs pypinyin from requirements-dev.txt; only this script uses it).
"""

import json
import re
from pathlib import Path

import stdnum.cn
from pypinyin import Style, lazy_pinyin

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


# Names whose English form is not their pinyin, or whose pinyin pypinyin reads wrong.
ENGLISH = {
    "内蒙古自治区": "Inner Mongolia Autonomous Region",
    "广西壮族自治区": "Guangxi Zhuang Autonomous Region",
    "西藏自治区": "Tibet Autonomous Region",
    "宁夏回族自治区": "Ningxia Hui Autonomous Region",
    "新疆维吾尔自治区": "Xinjiang Uygur Autonomous Region",
    "陕西省": "Shaanxi Province",
    "省直辖县级行政单位": "County-level divisions under the province",
    "自治区直辖县级行政单位": "County-level divisions under the autonomous region",
}
SYLLABLES = {"朝阳": "chao yang", "朝天": "chao tian", "番禺": "pan yu", "六安": "lu an", "长": "chang", "蔚": "yu"}
# Longest first: the kind of division a name ends with, and its English.
SUFFIXES = [
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("地区", "Prefecture"),
    ("林区", "Forestry District"),
    ("新区", "New Area"),
    ("特区", "Special District"),
    ("矿区", "Mining District"),
    ("區", "District"),
    ("区", "District"),
    ("县", "County"),
    ("省", "Province"),
    ("盟", "League"),
    ("旗", "Banner"),
    ("市", ""),
]
# Peoples named in autonomous divisions, by their usual English names.
PEOPLES = {
    "蒙古族": "Mongol",
    "回族": "Hui",
    "藏族": "Tibetan",
    "维吾尔": "Uygur",
    "苗族": "Miao",
    "彝族": "Yi",
    "壮族": "Zhuang",
    "布依族": "Bouyei",
    "朝鲜族": "Korean",
    "满族": "Manchu",
    "侗族": "Dong",
    "瑶族": "Yao",
    "白族": "Bai",
    "土家族": "Tujia",
    "哈尼族": "Hani",
    "哈萨克": "Kazak",
    "傣族": "Dai",
    "黎族": "Li",
    "傈僳族": "Lisu",
    "佤族": "Va",
    "畲族": "She",
    "拉祜族": "Lahu",
    "水族": "Shui",
    "东乡族": "Dongxiang",
    "纳西族": "Naxi",
    "景颇族": "Jingpo",
    "柯尔克孜": "Kirgiz",
    "土族": "Tu",
    "达斡尔族": "Daur",
    "仫佬族": "Mulao",
    "羌族": "Qiang",
    "布朗族": "Blang",
    "撒拉族": "Salar",
    "毛南族": "Maonan",
    "仡佬族": "Gelao",
    "锡伯": "Xibe",
    "普米族": "Pumi",
    "塔吉克": "Tajik",
    "怒族": "Nu",
    "鄂温克族": "Ewenki",
    "保安族": "Bonan",
    "裕固族": "Yugur",
    "京族": "Gin",
    "独龙族": "Derung",
    "鄂伦春": "Oroqen",
    "蒙古": "Mongol",
}
PEOPLE = re.compile("|".join(sorted(PEOPLES, key=len, reverse=True)))


def pinyin(text: str) -> str:
    """One capitalised word of toneless pinyin, with an apostrophe before a vowel-initial syllable (Xi'an)."""
    syllables = lazy_pinyin(text, style=Style.NORMAL)
    for chars, fixed in SYLLABLES.items():
        for found in re.finditer(chars, text):
            if len(syllables) == len(text):
                syllables[found.start() : found.end()] = fixed.split()
    word = "".join(("'" if i and s[0] in "aoe" else "") + s for i, s in enumerate(syllables))
    return word.replace("v", "ü").capitalize()


def english_name(name: str) -> str:
    if name in ENGLISH:
        return ENGLISH[name]
    suffix, kind = next(((s, k) for s, k in SUFFIXES if name.endswith(s) and len(name) > len(s)), ("", ""))
    stem = name[: len(name) - len(suffix)]
    peoples = [PEOPLES[m] for m in PEOPLE.findall(stem)] if "自治" in suffix else []
    if peoples:
        stem = PEOPLE.split(stem)[0]
    words = [pinyin(stem)] + peoples + ([kind] if kind else [])
    return " ".join(w for w in words if w)


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
    for r in regions:
        r["name_en"] = english_name(r["name"])
    print(json.dumps(regions, ensure_ascii=False, indent=0))


if __name__ == "__main__":
    main()
