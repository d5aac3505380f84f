from epicommand.errors import ValidationFailed


class UnknownRole(ValidationFailed):
    code = "accounts.unknown_role"


class UserExists(ValidationFailed):
    code = "accounts.user_exists"


class WeakPassword(ValidationFailed):
    code = "accounts.weak_password"
