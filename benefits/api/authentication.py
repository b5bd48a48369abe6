"""Token authentication for the counter endpoint (cards/verify/), the API's hottest path."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from drf_spectacular.drainage import set_override
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from benefits.models import Merchant
from portal.db import fetch_prepared
from portal.models import Organization, OrganizationMembership

_USER_COLUMNS = tuple(
    f.attname  # in field order, as Model.from_db() wants a partial row's values
    for f in get_user_model()._meta.concrete_fields
    if f.attname in {"id", "username", "is_active", "is_staff", "is_superuser"}
)


@dataclass(frozen=True)
class CounterCredentials:
    """What the authentication found: the API key and the member's first alliance merchant (None: not a member)."""

    key: str
    merchant_id: int | None


def _member_sql() -> str:
    """The token's user and, in the same statement, the first alliance merchant the user is a member of: what
    `benefits.permissions.user_merchants(user).order_by("pk").first()` finds (active merchant, verified merchant
    organization). tests/benefits/test_counter_path.py checks the two agree."""
    user = get_user_model()._meta.db_table
    columns = ", ".join(f"u.{name}" for name in _USER_COLUMNS)
    # Only table and column names from model metadata are interpolated; values go in as parameters.
    return (
        f"SELECT {columns}, (SELECT m.id FROM {Merchant._meta.db_table} m "  # noqa: S608
        f"JOIN {Organization._meta.db_table} o ON o.id = m.organization_id "
        f"JOIN {OrganizationMembership._meta.db_table} om ON om.organization_id = o.id "
        "WHERE om.user_id = u.id AND m.active AND o.org_type = %(merchant)s AND o.status = %(verified)s "
        "ORDER BY m.id LIMIT 1) "
        f"FROM {Token._meta.db_table} t JOIN {user} u ON u.id = t.user_id WHERE t.key = %(key)s"
    )


_MEMBER_SQL = _member_sql()


class CounterTokenAuthentication(TokenAuthentication):
    """DRF token authentication that also finds the member's merchant, in one query instead of two ORM queries.

    `request.user` is the token's user (with only id, username and the flags loaded; other fields load on access)
    and `request.auth` a CounterCredentials. Unknown keys and inactive users fall through to DRF's own checks,
    so they fail with DRF's own (translated) messages."""

    def authenticate_credentials(self, key):
        params = {"merchant": Organization.Type.MERCHANT, "verified": Organization.Status.VERIFIED, "key": key}
        rows = fetch_prepared("benefits_counter_member", _MEMBER_SQL, params)
        row = rows[0] if rows else None
        if row is None or not row[_USER_COLUMNS.index("is_active")]:
            return super().authenticate_credentials(key)
        user = get_user_model().from_db(connection.alias, _USER_COLUMNS, row[: len(_USER_COLUMNS)])
        return user, CounterCredentials(key=key, merchant_id=row[-1])


# In the OpenAPI schema it is the same "tokenAuth" scheme as DRF's TokenAuthentication (same header, same keys).
set_override(CounterTokenAuthentication, "suppress_collision_warning", True)
