"""The Aliyun Dysmsapi backend against a local HTTP server started by the test. The server checks each request the
way the provider documents it (common parameters, the HMAC-SHA1 signature over the canonicalized query, a fresh
SignatureNonce, a recent Timestamp), computed here independently of portal.sms.aliyun, and answers as told: OK, a
provider error, a 5xx, or nothing before the client's timeout."""

import base64
import datetime
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from portal.models import SmsMessage
from portal.services.sms import sms_queue
from portal.tasks import send_sms

pytestmark = pytest.mark.django_db

KEY_ID, SECRET = "LTAI-test-key", "test-secret-5a3f"
REQUIRED = {
    "AccessKeyId", "Action", "Format", "RegionId", "SignatureMethod", "SignatureNonce", "SignatureVersion",
    "Timestamp", "Version", "PhoneNumbers", "SignName", "TemplateCode", "TemplateParam", "Signature",
}  # fmt: skip


def documented_signature(method: str, params: dict, secret: str) -> str:
    """As the RPC signature document spells it (RFC 3986 encoding; space %20, * %2A, ~ kept)."""

    def enc(text):
        return urllib.parse.quote(text, safe="").replace("+", "%20").replace("*", "%2A").replace("%7E", "~")

    query = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(params.items()))
    to_sign = f"{method}&{enc('/')}&{enc(query)}"
    return base64.b64encode(hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1).digest()).decode()


class FakeDysmsapi:
    def __init__(self):
        self.script = []  # what to answer, request by request; "ok" once the script is used up
        self.requests, self.accepted, self.nonces = [], [], set()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                params = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
                gateway.requests.append(params)
                status, answer = gateway.answer(params)
                if status is None:
                    return
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, params):
        request_id = f"req-{len(self.requests)}"
        missing = REQUIRED - set(params)
        if missing:
            return 400, {"Code": "MissingParameter", "Message": f"missing {sorted(missing)}", "RequestId": request_id}
        signature = params.pop("Signature")
        if params["AccessKeyId"] != KEY_ID:
            return 404, {"Code": "InvalidAccessKeyId.NotFound", "Message": "", "RequestId": request_id}
        if not hmac.compare_digest(signature, documented_signature("POST", params, SECRET)):
            return 400, {"Code": "SignatureDoesNotMatch", "Message": "bad signature", "RequestId": request_id}
        if params["SignatureNonce"] in self.nonces:
            return 400, {"Code": "SignatureNonceUsed", "Message": "nonce reused", "RequestId": request_id}
        self.nonces.add(params["SignatureNonce"])
        stamp = datetime.datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
        fixed = {"Action": "SendSms", "Format": "JSON", "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0"}
        wrong = {k: params[k] for k, v in fixed.items() if params[k] != v}
        if wrong or params["Version"] != "2017-05-25" or abs(datetime.datetime.now(datetime.UTC) - stamp).seconds > 900:
            return 400, {"Code": "InvalidParameter", "Message": str(wrong), "RequestId": request_id}
        json.loads(params["TemplateParam"])  # must be JSON
        action = self.script.pop(0) if self.script else "ok"
        if action == "timeout":
            time.sleep(1.0)  # longer than the client waits; this answer is never read
            return None, None
        if action == "503":
            return 503, {"Code": "ServiceUnavailable", "Message": "busy", "RequestId": request_id}
        if action == "illegal":
            return 200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号", "RequestId": request_id}
        self.accepted.append(params)
        return 200, {"Code": "OK", "Message": "OK", "BizId": f"biz-{len(self.accepted)}", "RequestId": request_id}


@pytest.fixture
def gateway(settings):
    fake = FakeDysmsapi()
    settings.SMS_BACKEND = "portal.sms.aliyun.AliyunBackend"
    settings.SMS_ALIYUN_ENDPOINT = fake.url
    settings.SMS_ALIYUN_ACCESS_KEY_ID = KEY_ID
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = SECRET
    settings.SMS_SIGN_NAME = "退役军人服务平台"
    settings.SMS_TEMPLATES = {**settings.SMS_TEMPLATES, "notice": "SMS_123456789"}
    settings.SMS_TIMEOUT = 0.3
    settings.SMS_MAX_ATTEMPTS = 3
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def queue(django_capture_on_commit_callbacks):
    def queue(key="notice:test-1", phone="13912345678", title="招聘会提醒 * ~ & ="):
        with django_capture_on_commit_callbacks(execute=True):  # the task is queued on commit
            return sms_queue(idempotency_key=key, phone=phone, purpose="notice", params={"title": title})

    return queue


def test_signed_request_is_accepted_with_the_documented_parameters(gateway, queue):
    message = queue()
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT and message.attempts == 1
    assert message.provider_message_id == "biz-1" and message.provider_request_id == "req-1"
    [sent] = gateway.accepted
    assert sent["PhoneNumbers"] == "13912345678" and sent["SignName"] == "退役军人服务平台"
    assert sent["TemplateCode"] == "SMS_123456789" and sent["RegionId"] == "cn-hangzhou"
    assert json.loads(sent["TemplateParam"]) == {"title": "招聘会提醒 * ~ & ="}
    assert sent["OutId"] == f"portal-sms-{message.pk}"


def test_a_wrong_secret_is_refused_by_the_signature_check_and_not_retried(gateway, settings, queue):
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "not-the-secret"
    message = queue()
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED and "SignatureDoesNotMatch" in message.last_error
    assert len(gateway.requests) == 1 and gateway.accepted == []


def test_a_provider_error_is_recorded_and_not_retried(gateway, queue):
    gateway.script = ["illegal"]
    message = queue()
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED and message.attempts == 1
    assert message.last_error.startswith("isv.MOBILE_NUMBER_ILLEGAL")
    assert len(gateway.requests) == 1 and gateway.accepted == []


def test_a_timeout_is_retried_with_the_same_out_id_and_sent_once(gateway, queue):
    gateway.script = ["timeout"]
    message = queue()
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT and message.attempts == 2
    first, second = gateway.requests
    assert first["OutId"] == second["OutId"] == f"portal-sms-{message.pk}"
    assert first["SignatureNonce"] != second["SignatureNonce"]
    assert len(gateway.accepted) == 1
    # A duplicated task, or queuing the same event again, sends nothing more.
    assert send_sms.apply(args=[message.pk]).get() == SmsMessage.Status.SENT
    assert queue().pk == message.pk
    assert len(gateway.requests) == 2


def test_a_failing_provider_is_retried_up_to_the_limit_then_recorded_failed(gateway, queue):
    gateway.script = ["503"] * 5
    message = queue()
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED and message.attempts == 3
    assert message.last_error.startswith("ServiceUnavailable")
    assert len(gateway.requests) == 3 and gateway.accepted == []
