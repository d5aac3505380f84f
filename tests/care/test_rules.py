"""The pure rules: census arithmetic and its checks, occupancy, status on a day, ratios."""

from __future__ import annotations

import datetime as dt

from epicommand.care import rules
from tests.care.factories import FIGURES

DAY = dt.date(2022, 5, 20)
BEDS = {"general": 10, "isolation": 4, "intensive": 2}


def figures(**values) -> dict:
    return {**FIGURES, **values}


def test_expected_patients_follow_yesterday_and_the_days_movements():
    day = figures(admissions=7, discharges=3, deaths=1, transfers_in=2, transfers_out=1)
    assert rules.expected_patients(20, day) == 20 + 7 - 3 - 1 + 2 - 1


def test_a_mismatch_is_a_warning_with_both_numbers():
    day = figures(admissions=5, patients_fevered=12, patients_positive=2, occupied_general=14)
    [(column, reason)] = rules.census_warnings(day, yesterday=10)
    assert column == "patients_fevered"
    assert "14 patients" in reason and "give 15" in reason


def test_matching_arithmetic_gives_no_warning_and_no_yesterday_no_check():
    day = figures(admissions=5, patients_fevered=15, occupied_general=15)
    assert rules.census_warnings(day, yesterday=10) == []
    assert rules.census_warnings(figures(patients_fevered=3, occupied_general=3), None) == []


def test_patients_without_a_bed_are_a_warning():
    [(column, reason)] = rules.census_warnings(
        figures(patients_fevered=5, occupied_general=3), None
    )
    assert column == "occupied_general" and "2 patients without a bed" in reason


def test_occupied_beds_above_beds_or_patients_contradict():
    problems = rules.census_problems(
        figures(patients_fevered=20, occupied_isolation=5, occupied_general=3), BEDS
    )
    assert problems == [("occupied_isolation", "5 isolation beds occupied but the centre has 4")]
    [(column, reason)] = rules.census_problems(
        figures(patients_fevered=2, occupied_general=3), BEDS
    )
    assert column == "occupied_general" and "3 beds occupied but 2 patients" in reason


def test_severity_and_days_until_full():
    assert rules.severity(0.80, 85, 95) is None
    assert rules.severity(0.90, 85, 95) == "warning"
    assert rules.severity(0.96, 85, 95) == "critical"
    assert rules.days_until_full(10, [2, 3, 1]) == 5.0
    assert rules.days_until_full(10, [-1, 0, 1]) is None
    assert rules.days_until_full(10, []) is None


def test_status_on_a_day_from_deployments_sick_leave_and_death():
    deployed = [rules.Posting(site=7, start=DAY, returned=DAY + dt.timedelta(days=10))]
    sick = [rules.Period("sick", DAY + dt.timedelta(days=3), DAY + dt.timedelta(days=5))]

    def status(day, **kw):
        values = {"died_on": None, "absences": sick, "postings": deployed, **kw}
        return rules.status_on(day, **values)

    assert status(DAY - dt.timedelta(days=1)) == "on_duty"
    assert status(DAY) == "deployed"
    assert status(DAY + dt.timedelta(days=4)) == "sick"  # sick while deployed
    assert status(DAY + dt.timedelta(days=6)) == "deployed"
    assert status(DAY + dt.timedelta(days=10)) == "on_duty"  # back on the day of return
    assert status(DAY + dt.timedelta(days=4), died_on=DAY + dt.timedelta(days=4)) == "deceased"
    assert rules.site_on(DAY + dt.timedelta(days=2), 1, deployed) == 7
    assert rules.site_on(DAY + dt.timedelta(days=10), 1, deployed) == 1
    open_off = [rules.Period("off", DAY, None)]
    assert status(DAY + dt.timedelta(days=100), absences=open_off, postings=[]) == "off"


def test_patient_equivalents_weigh_bed_types_against_the_general_norm():
    norms = {"general": 20.0, "isolation": 10.0, "intensive": 4.0}
    by_type = {"general": 20, "isolation": 10, "intensive": 4}
    assert rules.staff_needed(by_type, norms) == 3.0
    assert rules.patient_equivalents(by_type, norms) == 60.0  # 20 + 10*2 + 4*5
    counted = rules.patients_by_bed_type(
        figures(patients_fevered=12, occupied_general=8, occupied_intensive=2)
    )
    assert counted == {"general": 10, "isolation": 0, "intensive": 2}
