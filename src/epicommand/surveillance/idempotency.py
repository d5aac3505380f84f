"""Idempotency-Key handling: a retried submission over a bad connection is applied once.

The first answer is stored under (user, key) with a hash of the request body; a retry with
the same key and body gets the stored answer, the same key with another body is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction

from epicommand.clock import now
from epicommand.surveillance.errors import IdempotencyConflict
from epicommand.surveillance.models import Idempotency


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def run_once(
    *, user, key: str | None, body: bytes, action: Callable[[], tuple[int, dict]]
) -> tuple[int, dict]:
    """Run ``action`` unless this key was seen; return (status, answer)."""
    if not key:
        return action()
    digest = body_hash(body)
    with transaction.atomic():
        seen = Idempotency.objects.select_for_update().filter(user=user, key=key).first()
        if seen is not None:
            if seen.request_hash != digest:
                raise IdempotencyConflict(
                    "this Idempotency-Key was already used for a different submission"
                )
            return seen.status, seen.response
        status, answer = action()
        try:
            with transaction.atomic():
                Idempotency.objects.create(
                    user=user,
                    key=key,
                    request_hash=digest,
                    status=status,
                    response=answer,
                    created_at=now(),
                )
        except IntegrityError:
            raise IdempotencyConflict("the same submission is being applied right now") from None
    return status, answer
