"""The care API's bodies and answers (ninja schemas)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class BedsIn(Schema):
    general: int | None = None
    isolation: int | None = None
    intensive: int | None = None


class CentreIn(Schema):
    beds: BedsIn | None = None
    is_district: bool | None = None
    commanded_by: str | None = Field(None, description="district centre code; empty string: none")
    max_send: int | None = None


class CensusIn(Schema):
    centre_code: str
    date: dt.date
    admissions: int | None = None
    discharges: int | None = None
    deaths: int | None = None
    transfers_in: int | None = None
    transfers_out: int | None = None
    patients_fevered: int | None = None
    patients_positive: int | None = None
    occupied_general: int | None = None
    occupied_isolation: int | None = None
    occupied_intensive: int | None = None


class CensusBulkIn(Schema):
    census: list[CensusIn]


class CensusOut(Schema):
    centre_code: str
    date: dt.date
    revision: int
    admissions: int
    discharges: int
    deaths: int
    transfers_in: int
    transfers_out: int
    patients_fevered: int
    patients_positive: int
    occupied_general: int
    occupied_isolation: int
    occupied_intensive: int
    warnings: list[str]
    source: str
    submitted_at: dt.datetime
    submitted_by: str | None
    superseded_at: dt.datetime | None

    @staticmethod
    def resolve_centre_code(obj) -> str:
        return obj.centre.code

    @staticmethod
    def resolve_date(obj) -> dt.date:
        return obj.reported_on

    @staticmethod
    def resolve_submitted_by(obj) -> str | None:
        return obj.submitted_by.get_username() if obj.submitted_by_id else None


class StaffIn(Schema):
    staff_number: str
    name: str
    name_local: str = ""
    qualification: str
    home_area: str
    home_site: str | None = None
    post: str
    must_stay: bool = False


class MustStayIn(Schema):
    must_stay: bool


class InfectionIn(Schema):
    status: str = Field(description="suspected or confirmed")
    detected_on: dt.date
    confirmed_on: dt.date | None = None
    absence: str | None = Field(None, description="sick or quarantine from the detection day")
    absence_days: int | None = None
    note: str = ""


class AbsenceIn(Schema):
    kind: str = Field(description="sick or quarantine")
    start_on: dt.date
    end_on: dt.date | None = None
    reason: str = ""


class OffDutyIn(Schema):
    start_on: dt.date
    end_on: dt.date | None = None
    reason: str = ""


class DayIn(Schema):
    on: dt.date


class DeathIn(Schema):
    died_on: dt.date


class DeploymentIn(Schema):
    from_site: str
    to_site: str
    staff: list[str]
    start_on: dt.date | None = None
    planned_end_on: dt.date | None = None
    reason: str
    decision_ref: str = ""


class StepIn(Schema):
    on: dt.date | None = None
    note: str = ""


class NormIn(Schema):
    bed_type: str
    qualification: str
    patients_per_staff: float


class NormsIn(Schema):
    norms: list[NormIn]


class ThresholdsIn(Schema):
    warning_percent: float
    critical_percent: float


class ProposalIn(Schema):
    as_of: dt.date | None = None
    area: str | None = None
    qualifications: list[str] | None = None
    patients: str = Field("census", description="census, or forecast (the stored forecast)")
    max_send_share: float = 0.2
    must_stay: list[str] = []
    time_limit_s: float = 20.0
    dry_run: bool = False


class ProposalEditIn(Schema):
    drop: list[str] = []
    restore: list[str] = []
    send: dict[str, str] = Field({}, description="staff number -> centre code")


class ApproveIn(Schema):
    start_on: dt.date | None = None
    planned_end_on: dt.date | None = None
    reason: str = ""
    decision_ref: str = ""


class RejectIn(Schema):
    reason: str = ""
