"""Line-list files for tests: a header and rows with defaults, and an import helper."""

from __future__ import annotations

import io

from epicommand.surveillance.linelist.rules import COLUMNS
from epicommand.surveillance.linelist.services import CaseImportResult, import_cases
from epicommand.surveillance.models import ReportingSetting

HEADER = ",".join(COLUMNS)


def case(case_id: str = "C1", **cells: str) -> dict[str, str]:
    """A good row: a confirmed case of XX-A-1, reported 2022-05-02."""
    row = {
        "case_id": case_id,
        "area_code": "XX-A-1",
        "onset_date": "2022-05-01",
        "report_date": "2022-05-02",
        "status": "confirmed",
        "confirmed_date": "2022-05-03",
        "outcome_date": "",
        "age_group": "20-39",
        "sex": "f",
        "medical_worker": "no",
        "treatment_centre": "TC-1",
    }
    row.update(cells)
    return row


def line_list(*rows: dict[str, str]) -> bytes:
    lines = [HEADER] + [",".join(row[c] for c in COLUMNS) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def import_file(data: bytes, actor=None) -> CaseImportResult:
    return import_cases(actor=actor, stream=io.BytesIO(data), filename="cases.csv")


def keep_line_lists(country, *codes: str) -> None:
    for code in codes:
        ReportingSetting.objects.create(area=country[code], keeps_line_list=True)
