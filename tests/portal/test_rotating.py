"""portal.rotating: the one scheme of rotating tokens and short codes (cards, fair tickets, class check-in)."""

import pytest
from django.core.cache import cache

from portal import rotating

CODE = rotating.RotatingCode(purpose="tests.rotating", step_seconds=60, grace_seconds=20)
SHORT = rotating.ShortCodes(CODE)
T0 = 1_800_000_000.0 - (1_800_000_000 % 60)  # the start of a step


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_token_round_trip_grace_and_refusals():
    token = CODE.token("abc", T0 + 5)
    assert CODE.read(token, T0 + 59).ident == "abc"
    assert CODE.read(token.upper(), T0 + 59).ident == "abc"  # typed in capitals
    assert CODE.read(token, T0 + 60 + 19).ok  # within the grace after its step
    assert CODE.read(token, T0 + 60 + 21).status == "expired"
    assert CODE.read(token, T0 - 1).status == "unknown"  # "from the future": not ours
    other = rotating.RotatingCode(purpose="tests.other", step_seconds=60, grace_seconds=20)
    assert other.read(token, T0 + 5).status == "unknown"  # one purpose's code never opens another
    assert CODE.read(token[:-1] + ("0" if token[-1] != "0" else "1"), T0 + 5).status == "unknown"
    assert CODE.read("abd" + token[3:], T0 + 5).status == "unknown"
    for junk in ("", "x" * 5000, "a.b", "..", "a.!!.c"):
        assert CODE.read(junk, T0).status == "unknown"


def test_short_code_is_8_digits_stable_within_a_step_and_bound_to_its_ident():
    code = SHORT.issue("s", "card-1", T0 + 1)
    assert len(code) == 8 and code.isdigit()
    assert SHORT.issue("s", "card-1", T0 + 50) == code
    assert SHORT.issue("s", "card-2", T0 + 1) != code
    assert SHORT.resolve("s", code, actor="m1", now=T0 + 30).ident == "card-1"
    assert SHORT.resolve("s", code[:4] + " " + code[4:], actor="m1", now=T0 + 30).ident == "card-1"
    assert SHORT.resolve("other-scope", code, actor="m1", now=T0 + 30).status == "unknown"


def test_previous_windows_code_is_refused_after_its_grace():
    code = SHORT.issue("s", "card-1", T0 + 1)
    assert SHORT.resolve("s", code, actor="m1", now=T0 + 60 + 19).ident == "card-1"
    assert SHORT.resolve("s", code, actor="m1", now=T0 + 60 + 21).status == "expired"
    assert SHORT.resolve("s", code, actor="m1", now=T0 + 180).status == "unknown"


def test_wrong_codes_are_limited_per_member():
    code = SHORT.issue("s", "card-1", T0 + 1)
    wrong = [f"{n:08d}" for n in range(10**7, 10**7 + 40) if f"{n:08d}" != code]
    for guess in wrong[: rotating.MEMBER_LIMIT]:
        assert SHORT.resolve("s", guess, actor="m1", now=T0 + 2).status == "unknown"
    # Over the limit even the right code is refused for this member (scanning still works); others are unaffected.
    assert SHORT.resolve("s", code, actor="m1", now=T0 + 3).status == "limited"
    assert SHORT.resolve("s", code, actor="m2", now=T0 + 3).ident == "card-1"


def test_wrong_check_digits_burn_the_cards_code_for_its_step():
    code = SHORT.issue("s", "card-1", T0 + 1)
    slot, check = code[:5], code[5:]
    wrong_checks = [f"{n:03d}" for n in range(1000) if f"{n:03d}" != check][: rotating.CARD_LIMIT]
    for n, guess in enumerate(wrong_checks):
        assert SHORT.resolve("s", slot + guess, actor=f"guesser-{n}", now=T0 + 2).status == "unknown"
    assert SHORT.resolve("s", code, actor="honest", now=T0 + 3).status == "limited"
    # The next step's code is a new one and works.
    fresh = SHORT.issue("s", "card-1", T0 + 61)
    assert SHORT.resolve("s", fresh, actor="honest", now=T0 + 62).ident == "card-1"
