"""Valid synthetic identifiers for demo data, factories and scale data (check digits computed by python-stdnum)."""

import datetime

from stdnum.cn import ric, uscc


def make_id_number(
    region_code: str = "350102", birth: datetime.date = datetime.date(1990, 1, 1), seq: int = 1, male: bool = True
) -> str:
    seq3 = seq % 1000
    if (seq3 % 2 == 1) != male:  # 17th digit odd = male
        seq3 = (seq3 + 1) % 1000
    body = f"{region_code}{birth:%Y%m%d}{seq3:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder digit


def make_uscc(region_code: str = "350100", serial: int = 1, kind: str = "91") -> str:
    body = f"{kind}{region_code}{serial:09d}"
    body = body[:17]
    return body + uscc.calc_check_digit(body)
