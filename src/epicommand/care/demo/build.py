"""The demo's treatment centres, census, medical staff and their health.

- **Centres.** Every county gets a district treatment centre (``DTC-<county>``, the
  scenario's "district treatment centres for operating and commanding medical service")
  commanding the treatment centres the supply network already has there; beds in proportion
  to the county's population (``BEDS_PER_1000``), 80 % general, 15 % isolation, 5 %
  intensive care, the district centre holding half.
- **Census**, every day of the outbreak (2022-05-12 to 2022-08-10): patients are a share of
  the county's reported "under treatment" (``ADMITTED_SHARE``; the others are treated at
  home, as in the scenario), at most ``FULL`` of the beds; admissions, discharges and deaths
  follow from the change of patients, so every day's arithmetic holds.
- **Staff**, about 40,000 (scaled with ``DEMO_SUPPLY_SITES`` at test size), posted in
  proportion to the centres' beds, not to the epidemic; on day 4 the optimiser proposes a
  national deployment to the worst-hit provinces and it is approved, travels and arrives.
- **Health**: staff infections in proportion to their county's incidence (medical workers
  at ``EXPOSURE`` times the population's rate), each with a week of sick leave or, when
  suspected, ten days of quarantine; a few die.

Seeded and idempotent: a second run finds the centres and keeps everything.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from epicommand.accounts.roles import Role
from epicommand.accounts.services import ensure_user
from epicommand.care import rules, services
from epicommand.care.demo import people
from epicommand.care.models import StaffMember, TreatmentCentre
from epicommand.care.roles import HEALTH_OFFICER
from epicommand.care.services import bulk
from epicommand.clock import frozen
from epicommand.core.contract import DemoRun
from epicommand.geo.models import Area
from epicommand.supply.models import Site
from epicommand.supply.services.bulk import NewSite, create_sites
from epicommand.surveillance.models import DailyTotal

SEED = 20220512
BEDS_PER_1000 = 2.5
BED_SPLIT = {"general": 0.80, "isolation": 0.15, "intensive": 0.05}
ADMITTED_SHARE = 0.025  # of those under treatment, the share in a treatment centre
FULL = 0.97  # patients beyond this share of the beds are treated at home
STAY_DAYS = 6  # mean stay: a sixth of yesterday's patients leave each day
DEATH_SHARE = 0.001  # of yesterday's patients, die each day
POSITIVE_SHARE = 0.3  # of patients, tested positive
FULL_STAFF = 40_000
FULL_SITES = 5000
EXPOSURE = 1.2
DEPLOY_ON = dt.date(2022, 5, 15)
CENTRE_USER, CENTRE_SITE = "centre", "DTC-KP-01-001"
HEALTH_USER = "staff-health"


def build_care(run: DemoRun) -> None:
    if TreatmentCentre.objects.exists():
        _users(run)
        run.console.print("[green]✓[/green] treatment centres and staff: already there")
        return
    with run.console.status("Treatment centres, census, medical staff and their health..."):
        with transaction.atomic():
            counts = _build()
            deployed = _deploy()
            counts["infections"] = _infections(_counties(), random.Random(SEED + 1))
        _users(run)
    run.console.print(
        f"[green]✓[/green] treatment centres: {counts['centres']} ({counts['census']:,} days of "
        f"census), {counts['staff']:,} medical staff, {deployed:,} deployed in the first week, "
        f"{counts['infections']:,} staff infections; users [bold]{CENTRE_USER}[/bold] "
        f"({CENTRE_SITE}) and [bold]{HEALTH_USER}[/bold]"
    )


def _users(run: DemoRun) -> None:
    for name, role, code in ((CENTRE_USER, Role.SITE_OPERATOR, CENTRE_SITE),
                             (HEALTH_USER, HEALTH_OFFICER, "KP")):  # fmt: skip
        ensure_user(actor=None, username=name, role=role, scope_codes=[code], password=run.password)
        run.users.append((name, role, code))


def _split(total: int, shares: dict[str, float]) -> dict[str, int]:
    beds = {t: int(total * s) for t, s in shares.items()}
    beds["general"] += total - sum(beds.values())
    return beds


def _centres(counties: list[Area]) -> list[TreatmentCentre]:
    """A district centre per county, commanding the county's other treatment centres."""
    create_sites(
        actor=None,
        sites=[
            NewSite(f"DTC-{c.code}", f"{c.name} District Treatment Centre",
                    f"{c.name_local} 지구치료소", "treatment_centre", c, f"CC-{c.code}", True)
            for c in counties
        ],
    )  # fmt: skip
    sites = defaultdict(list)
    for site in (
        Site.objects.filter(kind="treatment_centre").select_related("area").order_by("area__code")
    ):
        sites[site.located_in_id].append(site)
    rows = []
    for county in counties:
        beds = max(20, round(county.population * BEDS_PER_1000 / 1000))
        district = next(s for s in sites[county.pk] if s.area.code == f"DTC-{county.code}")
        others = [s for s in sites[county.pk] if s.pk != district.pk]
        shares = [(district, 0.5 if others else 1.0)] + [(s, 0.5 / len(others)) for s in others]
        for site, share in shares:
            rows.append(
                bulk.NewCentre(
                    site.pk, county.pk, site.area.path, _split(round(beds * share), BED_SPLIT),
                    site.pk == district.pk, None if site.pk == district.pk else district.pk,
                )
            )  # fmt: skip
    bulk.load_centres(actor=None, centres=rows)
    return list(TreatmentCentre.objects.select_related("site__area").order_by("area_path"))


def _series(county: Area) -> list[tuple[dt.date, int, int]]:
    return list(
        DailyTotal.objects.filter(area=county)
        .order_by("on")
        .values_list("on", "under_treatment", "new_fever")
    )


def _day_figures(patients: int, yesterday: int, beds: dict[str, int]) -> dict[str, int]:
    """A day whose arithmetic holds: leaving and dying from yesterday's, the rest admitted."""
    discharges = round(yesterday / STAY_DAYS)
    deaths = round(yesterday * DEATH_SHARE)
    admissions = patients - yesterday + discharges + deaths
    if admissions < 0:
        discharges, admissions = discharges - admissions, 0
    total = sum(beds.values())
    occupied = {t: min(beds[t], round(patients * n / total)) for t, n in beds.items()}
    occupied["general"] = min(
        beds["general"], patients - occupied["isolation"] - occupied["intensive"]
    )
    positive = round(patients * POSITIVE_SHARE)
    return {
        "admissions": admissions, "discharges": discharges, "deaths": deaths,
        "transfers_in": 0, "transfers_out": 0,
        "patients_fevered": patients - positive, "patients_positive": positive,
        **{f"occupied_{t}": n for t, n in occupied.items()},
    }  # fmt: skip


def _census(centres: list[TreatmentCentre], counties: list[Area]) -> int:
    zone = ZoneInfo(settings.TIME_ZONE)
    by_county = defaultdict(list)
    for centre in centres:
        by_county[centre.located_in_id].append(centre)
    days = []
    for county in counties:
        group = by_county[county.pk]
        total_beds = sum(c.total_beds for c in group)
        previous = dict.fromkeys([c.pk for c in group], 0)
        for on, under_treatment, _fever in _series(county):
            wanted = min(round(under_treatment * ADMITTED_SHARE), int(total_beds * FULL))
            at = dt.datetime.combine(on, dt.time(21, 0), tzinfo=zone).astimezone(dt.UTC)
            for centre in group:
                patients = round(wanted * centre.total_beds / total_beds)
                figures = _day_figures(patients, previous[centre.pk], centre.beds)
                previous[centre.pk] = patients
                days.append(bulk.CensusDay(centre, on, figures, at))
    return bulk.load_census(actor=None, days=days, label="demo census")


def _staff(centres: list[TreatmentCentre], rng: random.Random) -> int:
    total = round(
        FULL_STAFF * min(1.0, getattr(settings, "DEMO_SUPPLY_SITES", FULL_SITES) / FULL_SITES)
    )
    beds = sum(c.total_beds for c in centres)
    rows, number = [], 0
    for centre in centres:
        for _ in range(max(2, round(total * centre.total_beds / beds))):
            number += 1
            name, local = people.name(rng)
            rows.append(
                bulk.NewStaff(
                    f"MS-{number:06d}", name, local, people.qualification(rng),
                    centre.located_in_id, centre.site_id, centre.area_path,
                )
            )  # fmt: skip
    return bulk.load_staff(actor=None, staff=rows)


def _infections(counties: list[Area], rng: random.Random) -> int:
    """Per county and day: each member of staff infected with the county's daily incidence
    times ``EXPOSURE``; a third of them only suspected (ten days of quarantine)."""
    staff = defaultdict(list)
    for pk, home, path in StaffMember.objects.values_list("id", "home_area_id", "area_path"):
        staff[home].append((pk, path))
    found = []
    for county in counties:
        pool = staff[county.pk]
        rng.shuffle(pool)
        for on, _under, fever in _series(county):
            rate = EXPOSURE * fever / max(county.population, 1)
            expected = rate * len(staff[county.pk])
            count = min(len(pool), int(expected) + (rng.random() < expected % 1))
            for _ in range(count):
                pk, path = pool.pop()
                confirmed = rng.random() < 2 / 3
                kind, days = ("sick", 7) if confirmed else ("quarantine", 10)
                found.append(bulk.NewInfection(pk, path, on, confirmed, kind, days))
    return bulk.load_health(actor=None, infections=found, label="demo staff infections")


def _build() -> dict:
    rng = random.Random(SEED)
    services.set_staffing_norms(
        actor=None,
        norms=[
            {"bed_type": b, "qualification": q, "patients_per_staff": v}
            for (b, q), v in rules.DEFAULT_NORMS.items()
        ],
    )
    counties = _counties()
    centres = _centres(counties)
    census = _census(centres, counties)
    staff = _staff(centres, rng)
    return {"centres": len(centres), "census": census, "staff": staff}


def _counties() -> list[Area]:
    return list(Area.objects.filter(depth=3).exclude(level="site").order_by("path"))


def _deploy() -> int:
    """The national deployment of the first week: the optimiser's proposal on
    ``DEPLOY_ON``, approved that evening, travelling the next day and arrived the day after.
    The persons moved, counted."""
    zone = ZoneInfo(settings.TIME_ZONE)
    evening = dt.datetime.combine(DEPLOY_ON, dt.time(20, 0), tzinfo=zone)
    with frozen(evening):
        proposal = services.propose_deployment(
            actor=None, as_of=DEPLOY_ON, qualifications=["doctor", "nurse"], max_send_share=0.1
        )
        _proposal, orders = services.approve_proposal(
            actor=None,
            proposal_id=proposal.pk,
            start_on=DEPLOY_ON + dt.timedelta(days=1),
            reason="national deployment of medical staff to the worst-hit provinces",
            decision_ref="HQ decision of 2022-05-15 on a balanced deployment of medical forces",
        )
    for step, days in (("travelling", 1), ("arrived", 2)):
        with frozen(evening + dt.timedelta(days=days)):
            for order in orders:
                services.advance_deployment(
                    actor=None, deployment_id=order.pk, state=step,
                    on=DEPLOY_ON + dt.timedelta(days=days),
                )  # fmt: skip
    return sum(o.members.count() for o in orders)
