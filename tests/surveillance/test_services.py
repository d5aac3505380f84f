"""Saving daily reports: revisions, roll-ups on write, flow and stock, corrections."""

from __future__ import annotations

import datetime as dt

import pytest

from epicommand.audit.models import AuditEvent
from epicommand.errors import ImportRejected
from epicommand.surveillance.models import DailyTotal, ReportRevision
from epicommand.surveillance.services import submit_reports
from tests.surveillance.factories import DAY, report


def total(code: str, on: dt.date = DAY) -> DailyTotal:
    return DailyTotal.objects.get(area__code=code, on=on)


def test_a_report_shows_in_every_parent_the_moment_it_is_saved(country):
    submit_reports(actor=None, rows=[report("XX-A-1", new_fever=10), report("XX-A-2", new_fever=5)])
    assert total("XX-A-1").new_fever == 10
    assert total("XX-A").new_fever == 15
    assert total("XX").new_fever == 15 and total("XX").reports == 2


def test_sending_again_keeps_the_earlier_revision_and_counts_once(country):
    submit_reports(actor=None, rows=[report(new_fever=10)])
    submit_reports(actor=None, rows=[report(new_fever=12)])
    revisions = ReportRevision.objects.filter(area__code="XX-A-1").order_by("revision")
    assert [(r.revision, r.new_fever, r.superseded_at is None) for r in revisions] == [
        (1, 10, False),
        (2, 12, True),
    ]
    assert total("XX").new_fever == 12


def test_identical_resubmission_changes_nothing(country):
    submit_reports(actor=None, rows=[report()])
    result = submit_reports(actor=None, rows=[report()])
    assert result.unchanged == [("XX-A-1", DAY)]
    assert ReportRevision.objects.count() == 1


def test_empty_figure_is_not_reported_not_zero(country):
    submit_reports(actor=None, rows=[report(tests_done=None)])
    assert ReportRevision.objects.get().tests_done is None
    assert total("XX").tests_done == 0


def test_a_parent_cannot_file_its_childrens_report(country):
    with pytest.raises(ImportRejected) as caught:
        submit_reports(actor=None, rows=[report("XX-A")])
    assert caught.value.problems[0].reason == "XX-A does not file daily reports (its areas do)"


def test_one_audit_event_per_submission(country):
    before = AuditEvent.objects.count()
    submit_reports(actor=None, rows=[report("XX-A-1"), report("XX-B-1")])
    assert AuditEvent.objects.count() == before + 1


def test_a_line_list_area_takes_no_report_from_elsewhere(country):
    from epicommand.surveillance.models import ReportingSetting

    ReportingSetting.objects.create(area=country["XX-A-1"], keeps_line_list=True)
    with pytest.raises(ImportRejected, match="keeps a line list"):
        submit_reports(actor=None, rows=[report("XX-A-1")])
