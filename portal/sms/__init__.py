"""The SMS channel's backends, chosen by settings.SMS_BACKEND as e-mail's are by EMAIL_BACKEND.

- `portal.sms.backends.ConsoleBackend` (default, `make run`): prints each message.
- `portal.sms.backends.LocmemBackend` (tests): keeps messages in `portal.sms.outbox`.
- `portal.sms.aliyun.AliyunBackend`: Aliyun Dysmsapi SendSms over HTTPS, signed (portal/sms/aliyun.py).

Nothing outside portal.services.sms calls a backend: that service records each message, limits each number and
makes a retry send nothing twice.
"""

from portal.sms.backends import (
    SmsError,
    SmsPermanentError,
    SmsResult,
    SmsTransientError,
    get_backend,
    outbox,
)

__all__ = ["SmsError", "SmsPermanentError", "SmsResult", "SmsTransientError", "get_backend", "outbox"]
