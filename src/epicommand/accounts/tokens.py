"""API token format and hashing: ``epc_<prefix>_<secret>``; only SHA-256(secret) is kept.

The secret has 256 bits of entropy, so a fast hash is enough (a slow password hash would only
slow every API call); the prefix finds the row without scanning.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX_BYTES = 6


def new_token() -> tuple[str, str, str]:
    """Return (raw token, prefix, secret hash)."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    secret = secrets.token_urlsafe(32)
    return f"epc_{prefix}_{secret}", prefix, hash_secret(secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(raw: str) -> tuple[str, str] | None:
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "epc" or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
