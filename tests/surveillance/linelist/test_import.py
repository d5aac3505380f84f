"""The case line list: import, every refusal with its row and column, updates, and the
daily counts derived from it."""

from __future__ import annotations

import datetime as dt

import pytest

from epicommand.audit.models import AuditEvent
from epicommand.errors import ImportRejected, PermissionDenied
from epicommand.surveillance.linelist import reader, rules
from epicommand.surveillance.models import Case, DailyTotal, ReportRevision
from tests.factories import make_user
from tests.surveillance.linelist.factories import case, import_file, keep_line_lists, line_list

FIGURES = ("new_fever", "new_confirmed", "new_recovered", "new_deaths", "under_treatment")


@pytest.fixture
def counties(country):
    """XX-A-1 and XX-A-2 keep a line list; XX-B-1 files counts."""
    keep_line_lists(country, "XX-A-1", "XX-A-2")
    return country


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(f"2022-05-{text}")


def reported(code: str) -> dict[str, tuple]:
    """Current figures of an area's daily reports, by day of May."""
    current = ReportRevision.objects.filter(area__code=code, superseded_at__isnull=True)
    return {
        f"{r.reported_on.day:02d}": tuple(getattr(r, f) for f in FIGURES)
        for r in current.order_by("reported_on")
    }


def rejected(data: bytes, actor=None) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        import_file(data, actor)
    return caught.value


def problems(error: ImportRejected) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.reason) for p in error.problems]


SMALL_LIST = line_list(
    case("C1", report_date="2022-05-01", onset_date="", status="suspected", confirmed_date=""),
    case("C2", report_date="2022-05-01", onset_date="", confirmed_date="2022-05-02"),
    case("C3", status="negative", confirmed_date="", outcome_date="2022-05-03"),
    case("C4", confirmed_date="2022-05-02", status="recovered", outcome_date="2022-05-04"),
    case(
        "C5",
        report_date="2022-05-03",
        confirmed_date="2022-05-03",
        status="died",
        outcome_date="2022-05-04",
    ),
    case(
        "D1", area_code="XX-A-2", status="recovered", confirmed_date="", outcome_date="2022-05-03"
    ),
)


def test_derived_counts_equal_the_hand_computed_ones(counties):
    result = import_file(SMALL_LIST)
    assert (result.rows, result.created, result.updated) == (6, 6, 0)
    # day: new_fever, new_confirmed, new_recovered, new_deaths, under_treatment
    assert reported("XX-A-1") == {
        "01": (2, 0, 0, 0, 2),
        "02": (2, 2, 0, 0, 4),
        "03": (1, 1, 0, 0, 4),
        "04": (0, 0, 1, 1, 2),
    }
    assert reported("XX-A-2") == {"02": (1, 0, 0, 0, 1), "03": (0, 0, 1, 0, 0), "04": (0,) * 5}
    sent = ReportRevision.objects.filter(area__code="XX-A-1").first()
    assert sent.source == "line_list" and sent.tests_done is None and sent.in_quarantine is None


def test_the_line_list_feeds_the_parents_roll_ups(counties):
    import_file(SMALL_LIST)
    for code in ("XX-A", "XX"):
        totals = DailyTotal.objects.filter(area__code=code).order_by("on")
        assert [(t.on.day, t.new_fever, t.under_treatment, t.reports) for t in totals] == [
            (1, 2, 2, 1),
            (2, 3, 5, 2),
            (3, 1, 4, 2),
            (4, 0, 2, 2),
        ]


def test_an_update_moves_the_derived_counts(counties):
    import_file(SMALL_LIST)
    result = import_file(
        line_list(
            case(
                "C1",
                report_date="2022-05-01",
                onset_date="",
                status="negative",
                confirmed_date="",
                outcome_date="2022-05-02",
            ),
            case(
                "C2",
                report_date="2022-05-01",
                onset_date="",
                confirmed_date="2022-05-02",
                status="recovered",
                outcome_date="2022-05-05",
            ),
        )
    )
    assert (result.created, result.updated) == (0, 2)
    assert Case.objects.get(case_id="C2").status == "recovered"
    assert reported("XX-A-1") == {
        "01": (2, 0, 0, 0, 2),
        "02": (2, 2, 0, 0, 3),
        "03": (1, 1, 0, 0, 3),
        "04": (0, 0, 1, 1, 1),
        "05": (0, 0, 1, 0, 0),
    }
    assert ReportRevision.objects.filter(area__code="XX-A-1", reported_on=day("02")).count() == 2
    assert DailyTotal.objects.get(area__code="XX", on=day("05")).new_recovered == 1


def test_new_and_known_cases_mix_in_one_file(counties, monkeypatch):
    import_file(line_list(case("C1"), case("C5")))
    monkeypatch.setattr(reader, "CHUNK_ROWS", 2)
    result = import_file(
        line_list(case("C0"), case("C1", sex="m"), case("C2"), case("C3"), case("C5", sex="m"))
    )
    assert (result.created, result.updated) == (3, 2)
    assert dict(Case.objects.values_list("case_id", "sex")) == {
        "C0": "f",
        "C1": "m",
        "C2": "f",
        "C3": "f",
        "C5": "m",
    }


def test_an_outcome_moved_earlier_corrects_the_days_after_it(counties):
    import_file(
        line_list(
            case("C1", status="suspected", confirmed_date=""),
            case("C2", status="recovered", confirmed_date="", outcome_date="2022-05-06"),
        )
    )
    import_file(
        line_list(case("C2", status="recovered", confirmed_date="", outcome_date="2022-05-03"))
    )
    series = reported("XX-A-1")
    assert series["03"] == (0, 0, 1, 0, 1)
    assert series["06"] == (0, 0, 0, 0, 1)


def test_a_case_moved_to_another_area_leaves_the_first(counties):
    import_file(line_list(case("C1")))
    import_file(line_list(case("C1", area_code="XX-A-2")))
    assert reported("XX-A-1")["02"] == (0, 0, 0, 0, 0)
    assert reported("XX-A-2")["02"] == (1, 0, 0, 0, 1)


def test_an_area_back_to_counting_keeps_its_reports(counties):
    from epicommand.surveillance.models import ReportingSetting

    import_file(line_list(case("C1")))
    ReportingSetting.objects.filter(area__code="XX-A-1").update(keeps_line_list=False)
    import_file(line_list(case("C1", area_code="XX-A-2")))
    assert reported("XX-A-1")["02"] == (1, 0, 0, 0, 1)
    assert reported("XX-A-2")["02"] == (1, 0, 0, 0, 1)


def test_one_audit_event_per_import(counties):
    before = AuditEvent.objects.count()
    import_file(SMALL_LIST)
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.first().action == "surveillance.save_reports"
    result = import_file(SMALL_LIST)  # the same file again: no count changes
    assert result.updated == 6 and not result.reports.changed
    event = AuditEvent.objects.first()
    assert AuditEvent.objects.count() == before + 2
    assert event.action == "surveillance.import_cases" and event.after["updated"] == 6


def test_cells_are_read_forgivingly(counties):
    import_file(
        line_list(
            case(
                " C1 ",
                status=" Confirmed ",
                sex="F",
                medical_worker="TRUE",
                area_code=" XX-A-1",
                report_date=" 2022-05-02",
            ),
            case("C2", sex="", medical_worker=""),
        )
    )
    first, second = Case.objects.order_by("case_id")
    assert (first.case_id, first.status, first.sex, first.is_medical_worker) == (
        "C1",
        "confirmed",
        "f",
        True,
    )
    assert (second.sex, second.is_medical_worker) == ("u", False)


def test_columns_may_come_in_any_order(counties):
    data = b"status,case_id,report_date,area_code,onset_date,confirmed_date,outcome_date,"
    data += b"age_group,sex,medical_worker,treatment_centre\n"
    data += b"suspected,C1,2022-05-02,XX-A-1,,,,,,,\n"
    import_file(data)
    assert Case.objects.get().status == "suspected"


BAD_ROWS = [
    ({"area_code": "NOPE"}, "area_code", "unknown area code 'NOPE'"),
    ({"area_code": "XX-B-1"}, "area_code", "XX-B-1 does not keep a case line list"),
    ({"status": "sick"}, "status", "'sick' is not one of suspected, confirmed, negative"),
    ({"status": "recovered"}, "outcome_date", "outcome_date is required when recovered"),
    ({"outcome_date": "2022-05-04"}, "outcome_date", "a confirmed case has no outcome_date yet"),
    ({"confirmed_date": ""}, "confirmed_date", "confirmed_date is required when confirmed"),
    (
        {"status": "negative", "outcome_date": "2022-05-04"},
        "confirmed_date",
        "a negative case has no confirmed_date",
    ),
    ({"report_date": "2022/05/02"}, "report_date", "'2022/05/02' is not a YYYY-MM-DD date"),
    ({"onset_date": "2022-02-30"}, "onset_date", "'2022-02-30' is not a YYYY-MM-DD date"),
    ({"report_date": ""}, "report_date", "report_date is empty"),
    ({"onset_date": "2099-01-01"}, "onset_date", "2099-01-01 is in the future"),
    ({"onset_date": "2022-05-05"}, "onset_date", "onset 2022-05-05 is after the report"),
    ({"confirmed_date": "2022-05-01"}, "confirmed_date", "2022-05-01 is before the report"),
    (
        {"status": "died", "outcome_date": "2022-05-02"},
        "outcome_date",
        "2022-05-02 is before 2022-05-03",
    ),
    ({"sex": "x"}, "sex", "'x' is not f, m, u or empty"),
    ({"medical_worker": "maybe"}, "medical_worker", "'maybe' is not yes, no or empty"),
    ({"case_id": ""}, "case_id", "case_id is empty"),
    ({"case_id": "C" * 65}, "case_id", "longer than 64 characters"),
    ({"age_group": "twenty-something"}, "age_group", "longer than 10 characters"),
    ({"treatment_centre": "T" * 101}, "treatment_centre", "longer than 100 characters"),
]


@pytest.mark.parametrize(("cells", "column", "reason"), BAD_ROWS)
def test_a_bad_cell_is_refused_with_its_row_and_column(counties, cells, column, reason):
    error = rejected(line_list(case("C0"), case(**{"case_id": "C9", **cells})))
    assert [(p.row, p.column) for p in error.problems] == [(3, column)]
    assert error.problems[0].reason.startswith(reason)
    assert not Case.objects.exists() and not ReportRevision.objects.exists()


def test_a_case_id_twice_in_the_file_is_refused(counties):
    error = rejected(line_list(case("C1"), case("C2"), case("C1")))
    assert problems(error) == [(4, "case_id", "duplicate case_id 'C1' (first on row 2)")]


def test_a_case_id_twice_is_found_across_chunks(counties, monkeypatch):
    monkeypatch.setattr(reader, "CHUNK_ROWS", 2)
    error = rejected(line_list(case("C1"), case("C2"), case("C3"), case("C1")))
    assert problems(error) == [(5, "case_id", "duplicate case_id 'C1' (already on an earlier row)")]
    assert not Case.objects.exists()


def test_an_updated_case_id_twice_is_found_across_chunks(counties, monkeypatch):
    import_file(line_list(case("C1")))
    monkeypatch.setattr(reader, "CHUNK_ROWS", 2)
    error = rejected(line_list(case("C1"), case("C2"), case("C1", sex="m")))
    assert problems(error) == [(4, "case_id", "duplicate case_id 'C1' (first on row 2)")]
    assert Case.objects.get().sex == "f"


def test_every_problem_is_listed_in_row_order(counties):
    error = rejected(
        line_list(
            case("C1", sex="x", status="sick"),
            case("C2"),
            case("C3", area_code="NOPE"),
        )
        + b"C4,XX-A-1,,2022-05-02,suspected,,,,,,,extra\n"
    )
    assert problems(error) == [
        (2, "sex", "'x' is not f, m, u or empty"),
        (2, "status", "'sick' is not one of suspected, confirmed, negative, recovered, died"),
        (4, "area_code", "unknown area code 'NOPE'"),
        (5, "-", "12 fields, but the header has 11"),
    ]
    assert error.message.startswith("4 problem(s) in the file, nothing imported; first: row 2")


def test_problems_past_the_cap_are_counted_not_listed(counties, monkeypatch):
    monkeypatch.setattr(rules, "MAX_LISTED", 3)
    error = rejected(line_list(*(case(f"C{i}", sex="x") for i in range(5))))
    assert len(error.problems) == 3 and error.total == 5
    assert error.message.startswith("5 problem(s) in the file, the first 3 listed")


def test_blank_lines_are_skipped_but_counted(counties):
    without_header = line_list(case("C2", sex="x")).split(b"\n", 1)[1]
    error = rejected(line_list(case("C1")) + b"\n" + without_header)
    assert [(p.row, p.column) for p in error.problems] == [(4, "sex")]


def test_missing_and_unknown_columns_are_named_on_row_one(counties):
    data = b"case_id,area_code,report_date,status,confirmed_date,outcome_date,age_group,"
    data += b"medical_worker,treatment_centre,notes\n"
    assert problems(rejected(data)) == [
        (1, "onset_date", "required column is missing"),
        (1, "sex", "required column is missing"),
        (1, "notes", "unknown column"),
    ]


def test_an_empty_file_is_refused(counties):
    assert problems(rejected(b"")) == [(1, "-", "the file is empty")]


def test_a_utf16_file_is_refused(counties):
    data = line_list(case("C1")).decode().encode("utf-16")
    assert problems(rejected(data)) == [(1, "-", "the file is UTF-16: save it as UTF-8 CSV")]


def test_a_byte_order_mark_is_removed_with_a_warning(counties):
    result = import_file(b"\xef\xbb\xbf" + line_list(case("C1")))
    assert result.created == 1
    assert [(w.row, w.severity) for w in result.warnings] == [(1, "warning")]


def test_a_byte_that_is_not_utf8_names_its_row_and_column(counties):
    data = line_list(case("C1"), case("C2", treatment_centre="TC-X")).replace(b"TC-X", b"TC-\xff")
    assert problems(rejected(data)) == [(3, "treatment_centre", "not valid UTF-8 (byte 0xff)")]


def test_korean_text_is_fine(counties):
    import_file(line_list(case("C1", treatment_centre="평양 제1병원")))
    assert Case.objects.get().treatment_centre == "평양 제1병원"


def test_an_area_above_the_reporting_level_takes_no_cases(counties):
    keep_line_lists(counties, "XX-A")
    error = rejected(line_list(case("C1", area_code="XX-A")))
    assert problems(error) == [(2, "area_code", "XX-A does not file daily reports (its areas do)")]


def test_an_officer_imports_into_their_own_counties_only(counties):
    keep_line_lists(counties, "XX-B-1")
    officer = make_user("officer", "area_officer", counties["XX-A"])
    assert import_file(line_list(case("C1")), officer).created == 1
    error = rejected(line_list(case("C2", area_code="XX-B-1")), officer)
    assert problems(error) == [(2, "area_code", "unknown area code 'XX-B-1'")]
    assert list(Case.objects.values_list("case_id", flat=True)) == ["C1"]


def test_an_officer_cannot_take_over_a_case_of_another_county(counties):
    keep_line_lists(counties, "XX-B-1")
    import_file(line_list(case("C9", area_code="XX-B-1")))
    officer = make_user("officer", "area_officer", counties["XX-A"])
    error = rejected(line_list(case("C9")), officer)
    assert problems(error) == [
        (2, "case_id", "case_id 'C9' is a case of an area outside your scope")
    ]
    assert Case.objects.get().area.code == "XX-B-1"


def test_a_role_without_cases_may_not_import(counties):
    analyst = make_user("analyst", "analyst", counties["XX"])
    with pytest.raises(PermissionDenied):
        import_file(line_list(case("C1")), analyst)
