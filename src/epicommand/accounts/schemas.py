import datetime as dt

from ninja import Schema


class MeOut(Schema):
    username: str
    roles: list[str]
    scope: list[str]
    is_national: bool


class TokenIn(Schema):
    name: str = ""


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class NewTokenOut(TokenOut):
    token: str
