"""The occupancy chart of a centre: beds occupied and patients per day against its beds."""

from __future__ import annotations

import altair as alt
from django.utils.translation import gettext as _

from epicommand.care.models import CensusRevision, TreatmentCentre
from epicommand.web.charts import finish


def occupancy_chart(centre: TreatmentCentre, rows: list[CensusRevision]) -> dict | None:
    """Lines of beds occupied and patients at midnight, with the centre's beds as a rule."""
    if not rows:
        return None
    occupied, patients = _("Beds occupied"), _("Patients")
    values = [
        {"day": r.reported_on.isoformat(), "figure": name, "value": value}
        for r in rows
        for name, value in ((occupied, r.occupied), (patients, r.patients))
    ]
    lines = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True)
        .encode(
            x=alt.X("day:T", title=_("Census day")),
            y=alt.Y("value:Q", title=_("At midnight")),
            color=alt.Color("figure:N", title=None),
            tooltip=["day:T", "figure:N", "value:Q"],
        )
    )
    beds = (
        alt.Chart(alt.Data(values=[{"beds": centre.total_beds}]))
        .mark_rule(strokeDash=[4, 4], color="#b33")
        .encode(y="beds:Q")
    )
    chart = alt.layer(lines, beds).properties(
        width=560,
        height=220,
        title=alt.TitleParams(
            _("Occupancy of %(centre)s") % {"centre": centre.name},
            subtitle=_("Census at midnight; dashed: %(beds)s beds") % {"beds": centre.total_beds},
            anchor="start",
        ),
    )
    return finish(chart)
