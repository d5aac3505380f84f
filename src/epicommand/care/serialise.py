"""Care objects as plain JSON, for the API and the CLI (one shape for both)."""

from __future__ import annotations

import datetime as dt

from epicommand.care import rules
from epicommand.care.models import CensusRevision, Deployment, Proposal, TreatmentCentre


def census(row: CensusRevision | None) -> dict | None:
    if row is None:
        return None
    return {
        "date": row.reported_on.isoformat(),
        "revision": row.revision,
        **{f: getattr(row, f) for f in rules.FIGURES},
        "patients": row.patients,
        "occupied": row.occupied,
        "warnings": row.warnings,
    }


def centre(item: TreatmentCentre, latest: CensusRevision | None) -> dict:
    beds = item.total_beds
    return {
        "code": item.code,
        "name": item.name,
        "name_local": item.name_local,
        "area": item.located_in.code,
        "is_district": item.is_district,
        "commanded_by": item.commanded_by.code if item.commanded_by_id else None,
        "beds": {**item.beds, "total": beds},
        "max_send": item.max_send,
        "latest_census": census(latest),
        "occupancy": rules.occupancy(latest.occupied, beds) if latest else None,
    }


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def deployment(item: Deployment, staff: list | None = None) -> dict:
    data = {
        "id": item.pk,
        "from_site": item.from_site.area.code,
        "to_site": item.to_site.area.code,
        "start_on": _day(item.start_on),
        "planned_end_on": _day(item.planned_end_on),
        "arrived_on": _day(item.arrived_on),
        "returned_on": _day(item.returned_on),
        "state": item.state,
        "reason": item.reason,
        "decision_ref": item.decision_ref,
        "proposal": item.proposal_id,
        "ordered_at": item.ordered_at.isoformat(),
    }
    if staff is not None:
        data["staff"] = [
            {"staff_number": p.staff_number, "name": p.name, "qualification": p.qualification}
            for p in staff
        ]
        data["history"] = [
            {"state": e.state, "on": _day(e.on), "at": e.at.isoformat(), "by": e.actor_label,
             "note": e.note}
            for e in item.events.all()
        ]  # fmt: skip
    return data


def proposal(item: Proposal, moves=None) -> dict:
    data = {
        "id": item.pk,
        "as_of": _day(item.as_of),
        "area": item.summary.get("area"),
        "state": item.state,
        "is_edited": item.is_edited,
        "qualifications": item.qualifications,
        "parameters": item.parameters,
        "solver": item.summary.get("solver", {}),
        "figures": item.summary.get("figures", {}),
        "forecast_run": item.summary.get("forecast_run"),
        "created_at": item.created_at.isoformat(),
    }
    if moves is not None:
        data["moves"] = [
            {
                "staff_number": m["staff"],
                "qualification": m["qualification"],
                "from_site": m["from"],
                "to_site": m["to"],
                "travel_hours": round(m["minutes"] / 60, 2),
                "dropped": m.get("dropped", False),
            }
            for m in moves
        ]
    return data


def stored_moves(item: Proposal) -> list[dict]:
    from epicommand.care.selectors import moves

    return [
        {
            "staff": m.staff.staff_number,
            "qualification": m.qualification,
            "from": m.from_site.area.code,
            "to": m.to_site.area.code,
            "minutes": m.minutes,
            "dropped": m.is_dropped,
        }
        for m in moves(item)
    ]


def planned_moves(item: Proposal) -> list[dict]:
    """The moves of a dry run (not stored): site ids turned into codes."""
    codes = {int(k): c["code"] for k, c in item.summary["centres"].items()}
    return [{**m, "from": codes[m["from"]], "to": codes[m["to"]]} for m in item.planned_moves]
