from epicommand.errors import DomainError, ValidationFailed


class IdempotencyConflict(DomainError):
    """The same Idempotency-Key was used for a different submission."""

    code = "surveillance.idempotency_conflict"
    status = 409


class NotReportingArea(ValidationFailed):
    code = "surveillance.not_reporting_area"
