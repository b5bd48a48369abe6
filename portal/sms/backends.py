"""SMS backends: what they are given and what they answer. Chinese SMS providers send only templates registered
with them, under a registered sign name (签名); the backend gets the template code and its parameters, and the
text rendered from them locally (shown by the console and kept by the locmem outbox)."""

import sys
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list["OutgoingSms"] = []


class SmsError(Exception):
    """The message was not accepted. `code` is the provider's error code, when it gave one."""

    def __init__(self, message: str, *, code: str = ""):
        super().__init__(message)
        self.code = code


class SmsTransientError(SmsError):
    """Worth retrying: a timeout, a refused connection, a 5xx, the provider's own throttling."""


class SmsPermanentError(SmsError):
    """Retrying cannot help: a wrong signature or key, an unknown template, an invalid number."""


@dataclass
class OutgoingSms:
    phone: str
    sign_name: str
    template_code: str
    params: dict
    text: str
    idempotency_key: str
    meta: dict = field(default_factory=dict)


@dataclass
class SmsResult:
    message_id: str = ""
    request_id: str = ""


class BaseBackend:
    def send(self, message: OutgoingSms) -> SmsResult:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, message: OutgoingSms) -> SmsResult:
        self.stream.write(
            f"SMS to {message.phone} [{message.sign_name}] {message.template_code} {message.params}\n{message.text}\n"
            + "-" * 60
            + "\n"
        )
        self.stream.flush()
        return SmsResult(message_id=f"console-{message.idempotency_key}")


class LocmemBackend(BaseBackend):
    def send(self, message: OutgoingSms) -> SmsResult:
        outbox.append(message)
        return SmsResult(message_id=f"locmem-{len(outbox)}")


def get_backend(path: str | None = None) -> BaseBackend:
    return import_string(path or settings.SMS_BACKEND)()
