"""Reading a veteran hand-over file (XLSX or CSV) and checking each row, before anything is written.

The military hands over spreadsheets with Chinese headers; English headers are accepted too. Each row becomes
either clean data for `veteran_profile_save` or a list of translated errors. Nothing here touches the database
except read-only lookups (regions, specialties, existing ID hashes).
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from portal import crypto
from portal.choices import ServiceBranch
from portal.models import MilitarySpecialty, Region, VeteranProfile
from portal.services.profiles import veteran_profile_check
from portal.validators import normalize_id_number, normalize_phone

MAX_ROWS = 20000
MAX_BYTES = 8 * 1024 * 1024

# Accepted header spellings (lower-cased, spaces removed) → field.
HEADERS = {
    "real_name": ["姓名", "name", "real_name", "fullname"],
    "id_number": ["身份证号", "身份证号码", "公民身份号码", "idnumber", "id_number", "id"],
    "phone": ["手机", "手机号", "手机号码", "联系电话", "phone", "mobile"],
    "email": ["邮箱", "电子邮箱", "电子邮件", "email", "e-mail"],
    "region": ["地区", "户籍地", "安置地", "所在地区", "地区代码", "region", "regioncode"],
    "service_branch": ["军种", "branch", "service_branch"],
    "enlistment_date": ["入伍时间", "入伍日期", "enlistment", "enlistment_date", "enlisted"],
    "discharge_date": ["退役时间", "退役日期", "discharge", "discharge_date", "discharged"],
    "specialty": ["专业", "军事专业", "军事职业专业", "specialty", "military_specialty"],
}
HEADER_LOOKUP = {alias.lower(): key for key, aliases in HEADERS.items() for alias in aliases}
# The names military hand-over files use, independent of the UI catalogue.
BRANCH_NAMES = {
    "陆军": "army",
    "海军": "navy",
    "空军": "air_force",
    "火箭军": "rocket_force",
    "军事航天部队": "aerospace",
    "航天部队": "aerospace",
    "网络空间部队": "cyberspace",
    "信息支援部队": "information",
    "联勤保障部队": "logistics",
    "武警": "armed_police",
    "武警部队": "armed_police",
    "中国人民武装警察部队": "armed_police",
}
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y-%m", "%Y/%m", "%Y.%m", "%Y年%m月%d日", "%Y年%m月"]


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, too many rows). The message is translated."""


@dataclass
class ParsedRow:
    number: int  # row number as the user sees it in the spreadsheet (header = 1)
    raw: dict
    data: dict = field(default_factory=dict)
    id_number: str = ""
    email: str = ""
    specialty: MilitarySpecialty | None = None
    errors: list = field(default_factory=list)
    exists: bool = False

    def summary(self) -> dict:
        """What the preview and the report may show: masked, never the full number."""
        return {
            "row": self.number,
            "name": crypto.mask_name(self.raw.get("real_name", "")),
            "id": crypto.mask_id_number(self.id_number or self.raw.get("id_number", "")),
            "errors": [str(e) for e in self.errors],
            "exists": self.exists,
        }


def read_rows(upload, file_format: str):
    """Yield (row_number, {field: text}) from an XLSX or CSV upload. Unknown columns are ignored."""
    upload.seek(0)
    rows = _xlsx_rows(upload) if file_format == "xlsx" else _csv_rows(upload)
    header = None
    for number, values in enumerate(rows, start=1):
        if header is None:
            header = [HEADER_LOOKUP.get(str(v or "").strip().lower().replace(" ", "")) for v in values]
            if "id_number" not in header or "real_name" not in header:
                raise ImportFileError(_("The first row must hold the column names, including 姓名 and 身份证号."))
            continue
        if not any(v not in (None, "") for v in values):
            continue
        if number > MAX_ROWS + 1:
            raise ImportFileError(
                _("The file has more than %(max)s rows; split it into smaller files.") % {"max": MAX_ROWS}
            )
        yield number, {key: value for key, value in zip(header, values, strict=False) if key}
    if header is None:
        raise ImportFileError(_("The file is empty."))


def _xlsx_rows(upload):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise ImportFileError(_("This is not a readable Excel (.xlsx) file."))
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def _csv_rows(upload):
    raw = upload.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The CSV file is neither UTF-8 nor GB18030 encoded."))
    yield from csv.reader(io.StringIO(text))


def detect_format(upload) -> str:
    head = upload.read(4)
    upload.seek(0)
    if head.startswith(b"PK"):
        return "xlsx"
    name = (getattr(upload, "name", "") or "").lower()
    if name.endswith((".csv", ".txt")):
        return "csv"
    raise ImportFileError(_("Upload an .xlsx or .csv file."))


class RowChecker:
    """Checks rows one by one, remembering ID numbers already seen in the file. Reference data is loaded once."""

    def __init__(self):
        self.regions_by_code = {}
        self.regions_by_name: dict[str, list] = {}
        for region in Region.objects.select_related("parent").only("id", "code", "name", "level", "parent__name"):
            self.regions_by_code[region.code] = region
            self.regions_by_name.setdefault(region.name, []).append(region)
            if region.parent_id:
                self.regions_by_name.setdefault(region.parent.name + region.name, []).append(region)
        self.specialties = {}
        for specialty in MilitarySpecialty.objects.all():
            self.specialties[specialty.code.lower()] = specialty
            self.specialties[specialty.name.lower()] = specialty
            if specialty.name_en:
                self.specialties[specialty.name_en.lower()] = specialty
        self.branches = dict(BRANCH_NAMES)
        for language in ("en", "zh-hans"):
            with translation.override(language):
                for value, label in ServiceBranch.choices:
                    self.branches[value] = value
                    self.branches[str(label).lower()] = value
        self.seen: dict[str, int] = {}

    def check(self, number: int, raw: dict) -> ParsedRow:
        raw = {k: ("" if v is None else v) for k, v in raw.items()}
        row = ParsedRow(
            number=number, raw={k: str(v).strip() if not isinstance(v, datetime.date) else v for k, v in raw.items()}
        )
        data = row.data
        data["real_name"] = row.raw.get("real_name", "")
        if not data["real_name"]:
            row.errors.append(_("The name is missing."))
        self._check_id(row)
        data["phone"] = normalize_phone(row.raw.get("phone", ""))
        self._check_email(row)
        self._check_region(row)
        branch = str(row.raw.get("service_branch", "")).strip().lower()
        if branch:
            if branch not in self.branches:
                row.errors.append(_("Unknown service branch: %(branch)s.") % {"branch": row.raw["service_branch"]})
            else:
                data["service_branch"] = self.branches[branch]
        for key in ("enlistment_date", "discharge_date"):
            value = row.raw.get(key, "")
            if value:
                parsed = parse_date(value)
                if parsed is None:
                    row.errors.append(_("Cannot read the date %(value)s (use 2020-09-01).") % {"value": value})
                else:
                    data[key] = parsed
        # The model's own rules, with the profile page's messages (phone, dates, lengths …).
        for key, messages in veteran_profile_check(data={k: v for k, v in data.items() if v is not None}).items():
            if key != "real_name" or data["real_name"]:  # a missing name is already reported above
                row.errors.extend(messages)
        specialty = str(row.raw.get("specialty", "")).strip().lower()
        if specialty:
            row.specialty = self.specialties.get(specialty)
            if row.specialty is None:
                row.errors.append(_("Unknown military specialty: %(name)s.") % {"name": row.raw["specialty"]})
        return row

    def _check_id(self, row: ParsedRow) -> None:
        value = str(row.raw.get("id_number", ""))
        if not value:
            row.errors.append(_("The ID number is missing."))
            return
        try:
            row.id_number = normalize_id_number(value)
        except ValidationError as exc:
            row.errors.append(exc.messages[0])
            return
        first = self.seen.setdefault(row.id_number, row.number)
        if first != row.number:
            row.errors.append(_("The same ID number already appears in row %(row)s.") % {"row": first})

    def _check_email(self, row: ParsedRow) -> None:
        """The e-mail the claim invitation goes to (kept on the row, not in the profile's data)."""
        value = str(row.raw.get("email", "")).strip().lower()
        if not value:
            return
        try:
            validate_email(value)
        except ValidationError:
            row.errors.append(_("Not a valid e-mail address: %(value)s.") % {"value": value})
            return
        row.email = value

    def _check_region(self, row: ParsedRow) -> None:
        value = str(row.raw.get("region", "")).strip().replace(" ", "")
        if value.endswith(".0"):
            value = value[:-2]
        if not value:
            row.errors.append(_("The region is missing."))
            return
        if value.isdigit():
            region = self.regions_by_code.get(value)
            if region is None:
                row.errors.append(_("Unknown region code %(code)s.") % {"code": value})
            row.data["region"] = region
            return
        matches = self.regions_by_name.get(value, [])
        if not matches:
            row.errors.append(_("Unknown region %(name)s.") % {"name": value})
        elif len(matches) > 1:
            row.errors.append(
                _("The region name %(name)s is ambiguous; write the city too (e.g. 福州市鼓楼区) or use the code.")
                % {"name": value}
            )
        else:
            row.data["region"] = matches[0]


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def check_file(upload, file_format: str) -> list[ParsedRow]:
    """Every row of the file, checked; rows whose ID number is already registered are flagged `exists`."""
    checker = RowChecker()
    rows = [checker.check(number, raw) for number, raw in read_rows(upload, file_format)]
    hashes = {crypto.keyed_hash(r.id_number): r for r in rows if r.id_number}
    for start in range(0, len(hashes), 1000):
        chunk = list(hashes)[start : start + 1000]
        for existing in VeteranProfile.objects.filter(id_number_hash__in=chunk).values_list(
            "id_number_hash", flat=True
        ):
            hashes[existing].exists = True
    return rows
