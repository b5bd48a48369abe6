"""Helpers for the staff tests: hand-over files, staff users with or without sensitive permissions."""

import csv
import datetime
import io

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.synthetic import make_id_number
from tests.factories import StaffFactory

HEADER = ["姓名", "身份证号", "手机", "地区", "军种", "入伍时间", "退役时间", "专业"]


def id_number(seq: int, region="350102") -> str:
    return make_id_number(region, datetime.date(1995, 1 + seq % 12, 1 + seq % 27), 100 + seq)


def bad_checksum(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def handover_rows():
    """Three good rows, then: bad checksum, duplicate of row 2 in the file, unknown region (rows 5, 6, 7)."""
    good = [
        ["李强", id_number(1), "13800000001", "350102", "陆军", "2018-09-01", "2023-09-01", "汽车驾驶"],
        ["王芳", id_number(2), "13800000002", "福州市台江区", "海军", "2019/09/01", "2024/09/01", "M03"],
        ["赵磊", id_number(3), "13800000003", "320612", "army", "2017-09", "2022-09", ""],
    ]
    bad = [
        ["钱勇", bad_checksum(id_number(4)), "13800000004", "350102", "陆军", "", "", ""],
        ["王芳", id_number(2), "13800000002", "350103", "海军", "", "", ""],
        ["孙杰", id_number(6), "13800000006", "火星市", "陆军", "", "", ""],
    ]
    return good + bad


def csv_upload(rows=None, name="handover.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows if rows is not None else handover_rows())
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_upload(rows=None, name="handover.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows if rows is not None else handover_rows():
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def staff_with(*codenames, **kwargs):
    user = StaffFactory(**kwargs)
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label="portal"))
    return user.__class__.objects.get(pk=user.pk)  # fresh: no cached permissions


def fresh_totp_code(secret: str) -> str:
    """The current TOTP code, taken with at least 5 s left in its 30-s window so it is still valid when submitted
    (allauth accepts only the current window; a code read at second 29 would fail as the test submits it)."""
    import time

    from allauth.mfa import app_settings

    from portal.management.commands.staff_totp import current_code

    period = app_settings.TOTP_PERIOD
    while period - time.time() % period < 5:
        time.sleep(0.25)
    return current_code(secret)
