from epicommand.errors import DomainError


class IdempotencyConflict(DomainError):
    """The same Idempotency-Key was used for a different submission."""

    code = "surveillance.idempotency_conflict"
    status = 409
