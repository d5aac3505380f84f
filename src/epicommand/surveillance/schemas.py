import datetime as dt

from ninja import Field, Schema


class ReportIn(Schema):
    area_code: str
    date: dt.date
    new_fever: int | None = Field(None, ge=0)
    new_confirmed: int | None = Field(None, ge=0)
    new_recovered: int | None = Field(None, ge=0)
    new_deaths: int | None = Field(None, ge=0)
    under_treatment: int | None = Field(None, ge=0)
    tests_done: int | None = Field(None, ge=0)
    in_quarantine: int | None = Field(None, ge=0)


class BulkIn(Schema):
    reports: list[ReportIn]


class RevisionOut(Schema):
    area_code: str
    date: dt.date
    revision: int
    new_fever: int | None
    new_confirmed: int | None
    new_recovered: int | None
    new_deaths: int | None
    under_treatment: int | None
    tests_done: int | None
    in_quarantine: int | None
    submitted_at: dt.datetime
    submitted_by: str | None
    source: str
    superseded_at: dt.datetime | None

    @staticmethod
    def resolve_area_code(obj) -> str:
        return obj.area.code

    @staticmethod
    def resolve_date(obj) -> dt.date:
        return obj.reported_on

    @staticmethod
    def resolve_submitted_by(obj) -> str | None:
        return obj.submitted_by.username if obj.submitted_by else None


class SeriesOut(Schema):
    area_code: str
    dates: list[dt.date]
    values: dict[str, list[int | None]]


class AlertOut(Schema):
    id: int
    rule: str
    area_code: str
    on: dt.date
    value: float
    raised_at: dt.datetime
    cleared_at: dt.datetime | None
    acknowledged_at: dt.datetime | None

    @staticmethod
    def resolve_rule(obj) -> str:
        return str(obj.rule)

    @staticmethod
    def resolve_area_code(obj) -> str:
        return obj.area.code
