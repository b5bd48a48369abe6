"""Aliyun (阿里云) Dysmsapi SendSms, called as its RPC API documents it.

Each request carries the common parameters (AccessKeyId, Action, Format, RegionId, SignatureMethod=HMAC-SHA1,
SignatureNonce, SignatureVersion=1.0, Timestamp in UTC ISO 8601, Version=2017-05-25) and SendSms's own (PhoneNumbers,
SignName, TemplateCode, TemplateParam as JSON, OutId). The signature:

1. percent-encode every name and value (RFC 3986: unreserved characters kept, space as %20, `*` as %2A, `~` kept),
2. sort by name and join as `name=value` with `&` (the canonicalized query string),
3. StringToSign = HTTPMethod + "&" + percent_encode("/") + "&" + percent_encode(canonicalized query),
4. Signature = Base64(HMAC-SHA1(key = AccessKeySecret + "&", StringToSign)), sent as the `Signature` parameter.

The answer is JSON: Code "OK" with BizId and RequestId, or an error Code and Message. OutId carries our
idempotency key, the same on every retry of one message.
"""

import base64
import datetime
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid

from django.conf import settings

from portal.sms.backends import BaseBackend, OutgoingSms, SmsPermanentError, SmsResult, SmsTransientError

API_VERSION = "2017-05-25"
# Error codes worth a retry: the provider is busy or failing, not refusing this message.
TRANSIENT_CODES = {"ServiceUnavailable", "InternalError", "Throttling", "Throttling.User", "Throttling.Api"}


def percent_encode(value: str) -> str:
    return urllib.parse.quote(str(value), safe="~")


def canonicalized_query(params: dict) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))


def string_to_sign(method: str, params: dict) -> str:
    return f"{method}&{percent_encode('/')}&{percent_encode(canonicalized_query(params))}"


def sign(method: str, params: dict, secret: str) -> str:
    digest = hmac.new(f"{secret}&".encode(), string_to_sign(method, params).encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_params(message: OutgoingSms, *, now: datetime.datetime | None = None, nonce: str | None = None) -> dict:
    now = now or datetime.datetime.now(datetime.UTC)
    params = {
        "AccessKeyId": settings.SMS_ALIYUN_ACCESS_KEY_ID,
        "Action": "SendSms",
        "Format": "JSON",
        "RegionId": settings.SMS_ALIYUN_REGION_ID,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": nonce or uuid.uuid4().hex,
        "SignatureVersion": "1.0",
        "Timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": API_VERSION,
        "PhoneNumbers": message.phone,
        "SignName": message.sign_name,
        "TemplateCode": message.template_code,
        "TemplateParam": json.dumps(message.params, ensure_ascii=False, separators=(",", ":")),
        "OutId": message.meta.get("out_id") or message.idempotency_key[:64],
    }
    params["Signature"] = sign("POST", params, settings.SMS_ALIYUN_ACCESS_KEY_SECRET)
    return params


class AliyunBackend(BaseBackend):
    def send(self, message: OutgoingSms) -> SmsResult:
        body = urllib.parse.urlencode(signed_params(message), quote_via=urllib.parse.quote).encode()
        request = urllib.request.Request(  # noqa: S310 (the endpoint is a setting, https in production)
            settings.SMS_ALIYUN_ENDPOINT,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT) as response:  # noqa: S310 (setting)
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        except TimeoutError as exc:
            raise SmsTransientError(f"timeout: {exc}", code="timeout") from exc
        except (urllib.error.URLError, ConnectionError, OSError) as exc:
            raise SmsTransientError(f"connection failed: {exc}", code="connection") from exc
        return self._result(status, raw)

    def _result(self, status: int, raw: bytes) -> SmsResult:
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            answer = {}
        code = str(answer.get("Code", ""))
        if status == 200 and code == "OK":
            return SmsResult(message_id=str(answer.get("BizId", "")), request_id=str(answer.get("RequestId", "")))
        text = f"{code or status}: {answer.get('Message', '')}"[:300]
        if status >= 500 or code in TRANSIENT_CODES or code.startswith("Throttling"):
            raise SmsTransientError(text, code=code or str(status))
        raise SmsPermanentError(text, code=code or str(status))
