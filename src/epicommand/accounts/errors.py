from epicommand.errors import DomainError, ValidationFailed


class UnknownRole(ValidationFailed):
    code = "accounts.unknown_role"


class UserExists(ValidationFailed):
    code = "accounts.user_exists"


class WeakPassword(ValidationFailed):
    code = "accounts.weak_password"


class UserHasHistory(DomainError):
    """A user the records point at (audit events, reports, runs, stock movements) is
    deactivated, never deleted, so the trail keeps saying who did what."""

    code = "accounts.user_has_history"
    status = 409

    def __init__(self, username: str) -> None:
        super().__init__(
            f"{username} has history (audit events, reports or other records name this "
            "account): deactivate it instead of deleting it"
        )


class LastAdministrator(DomainError):
    """The last active administrator keeps the role and the account: without one, nobody
    could manage users any more."""

    code = "accounts.last_administrator"
    status = 409
