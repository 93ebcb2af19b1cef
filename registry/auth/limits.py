"""Sign-in limits that stop guessing without locking out an office.

Only failures count. Each username has its own tiers of failures (the longer windows are the
progressive back-off: a few tries a minute, fewer an hour, fewer a day), each address a higher
set of tiers. An address over its limit refuses only usernames that already failed from it, so
a colleague typing the right password first time is never refused because of other people's
failures on the same office address. A browser that has signed in as a user before carries a
signed device cookie; its attempts for that user are counted apart, so an attacker guessing a
username elsewhere does not lock its owner out of their usual browser.

Counters live in the rate limiter's storage (`REGISTRY_RATELIMIT_STORAGE_URL`): memory in one
process, Redis across workers and servers.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItemPerMinute, parse_many
from limits.strategies import MovingWindowRateLimiter

from registry.extensions import limiter

DEVICE_COOKIE = "registry_device"
DEVICE_DAYS = 90
# After an address is over its limit, one more failure per username and quarter hour from it.
_PAIR = RateLimitItemPerMinute(1, 15)


@dataclass(frozen=True)
class Attempt:
    username: str
    address: str
    device: str | None  # the nonce of a valid device cookie for this username


def _strategy() -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(limiter.storage)


def _hashed(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _user_key(attempt: Attempt) -> tuple[str, ...]:
    if attempt.device:
        return ("login-device", _hashed(attempt.username), attempt.device)
    return ("login-user", _hashed(attempt.username))


def _tiers(name: str):
    return parse_many(current_app.config[name])


def retry_after(attempt: Attempt) -> int | None:
    """Seconds to wait before this attempt may be tried, or None when it may go ahead."""
    strategy, waits = _strategy(), []
    key = _user_key(attempt)
    for item in _tiers("LOGIN_USER_LIMITS"):
        if not strategy.test(item, *key):
            waits.append(strategy.get_window_stats(item, *key).reset_time)
    if not attempt.device:
        pair = ("login-pair", attempt.address, _hashed(attempt.username))
        for item in _tiers("LOGIN_ADDRESS_LIMITS"):
            if not strategy.test(item, "login-address", attempt.address) and not strategy.test(
                _PAIR, *pair
            ):
                waits.append(strategy.get_window_stats(_PAIR, *pair).reset_time)
    if not waits:
        return None
    return max(1, math.ceil(max(waits) - time.time()))


def record_failure(attempt: Attempt) -> None:
    strategy = _strategy()
    for item in _tiers("LOGIN_USER_LIMITS"):
        strategy.hit(item, *_user_key(attempt))
    if not attempt.device:
        for item in _tiers("LOGIN_ADDRESS_LIMITS"):
            strategy.hit(item, "login-address", attempt.address)
        strategy.hit(_PAIR, "login-pair", attempt.address, _hashed(attempt.username))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="registry-device")


def device_for(cookie: str | None, username: str) -> str | None:
    """The device nonce when `cookie` was issued to this browser for `username`."""
    if not cookie:
        return None
    try:
        data = _serializer().loads(cookie, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != _hashed(username):
        return None
    nonce = data.get("n")
    return nonce if isinstance(nonce, str) else None


def new_device_cookie(username: str) -> str:
    return _serializer().dumps({"u": _hashed(username), "n": secrets.token_urlsafe(12)})
