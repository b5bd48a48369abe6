"""The privacy policy's version. Raise POLICY_VERSION (and POLICY_EFFECTIVE) whenever templates/portal/privacy.html
changes what is processed, why, for how long or with whom: every consent records the version the person was shown."""

import datetime

POLICY_VERSION = "2026.1"
POLICY_EFFECTIVE = datetime.date(2026, 12, 2)
