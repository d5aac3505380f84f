"""Hand-built situation reports: the renderers are pure functions of one, so their tests need
no database. The numbers follow the demo outbreak (a national report on 2022-05-20, fever
cases rising from zero on 12 May to about 390,000 a day)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from epicommand.errors import NotFound
from epicommand.reports.situation import SituationReport
from epicommand.surveillance.blocks.areas import ChildrenBlock, MapBlock
from epicommand.surveillance.blocks.headline import HeadlineBlock
from epicommand.surveillance.blocks.reporting import AlertsBlock, CompletenessBlock
from epicommand.surveillance.blocks.trend import TrendBlock
from epicommand.surveillance.figures import FIGURE_NAMES
from epicommand.surveillance.situation import (
    AlertView,
    ChildRow,
    Completeness,
    Headline,
    Series,
    SilentArea,
)
from epicommand.web.charts import MapArea

AS_OF = dt.date(2022, 5, 20)
GENERATED_AT = dt.datetime(2022, 5, 21, 0, 30, tzinfo=dt.UTC)

# Daily new fever cases from 12 May (the first day with cases) to the as-of day.
FEVER_FROM_12_MAY = [18_000, 174_440, 296_180, 392_920, 269_510, 232_880, 262_270, 263_370, 219_030]

# code, name, local name, population, lat, lon, new fever on the day, 7-day fever
PROVINCES = [
    ("KP-01", "Pyongyang", "평양시", 3_108_417, 39.06, 125.82, 45_210, 301_250),
    ("KP-02", "South Pyongan", "평안남도", 4_151_386, 39.45, 126.10, 31_870, 240_310),
    ("KP-03", "North Pyongan", "평안북도", 2_915_304, 40.05, 125.15, 22_640, 160_880),
    ("KP-04", "Chagang", "자강도", 1_386_207, 40.90, 126.55, 7_120, 51_930),
    ("KP-05", "South Hwanghae", "황해남도", 2_466_811, 38.25, 125.55, 19_480, 142_070),
    ("KP-06", "North Hwanghae", "황해북도", 2_245_163, 38.55, 126.30, 21_960, 150_660),
    ("KP-07", "Kangwon", "강원도", 1_571_946, 38.70, 127.50, 11_030, 80_410),
    ("KP-08", "South Hamgyong", "함경남도", 3_262_033, 40.10, 127.85, 26_330, 199_480),
    ("KP-09", "North Hamgyong", "함경북도", 2_478_215, 41.70, 129.50, 15_250, 109_930),
    ("KP-10", "Ryanggang", "량강도", 765_622, 41.35, 128.20, 4_010, 29_450),
    ("KP-13", "Rason", "라선특별시", 209_744, 42.30, 130.35, None, 5_900),
    ("KP-14", "Nampo", "남포특별시", 1_046_718, 38.86, 125.42, 10_580, 77_280),
    ("KP-15", "Kaesong", "개성특별시", 328_436, 37.98, 126.65, 3_550, 24_790),
]


def _trend(as_of: dt.date) -> Series:
    """28 days to ``as_of``: fever cases from 12 May, a few confirmed, no report on 1 May."""
    dates = [as_of - dt.timedelta(days=27 - i) for i in range(28)]
    fever = [0] * (28 - len(FEVER_FROM_12_MAY)) + FEVER_FROM_12_MAY
    values: dict[str, list[int | None]] = {name: [0] * 28 for name in FIGURE_NAMES}
    values["new_fever"] = list(fever)
    values["new_confirmed"] = [0] * 19 + [1, 5, 12, 40, 61, 88, 97, 115, 104]
    values["new_deaths"] = [0] * 19 + [1, 6, 15, 8, 6, 1, 2, 2, 1]
    values["under_treatment"] = [0] * 19 + [18_000, 187_800, 240_000, 320_000] + [700_000] * 5
    for series in values.values():
        series[8] = None  # 1 May: no report arrived
    return Series(dates=dates, values=values)


def _child(row: tuple, *, with_geometry: bool = False) -> ChildRow:
    code, name, local, population, lat, lon, fever, week = row
    incidence = None if fever is None else round(week / population * 100_000, 1)
    return ChildRow(
        code=code,
        name=name,
        name_local=local,
        population=population,
        new_fever=fever,
        new_confirmed=None if fever is None else fever // 2_000,
        new_deaths=None if fever is None else int(code[-1]) % 3,
        under_treatment=None if fever is None else week // 3,
        cum_fever=week + 40_000,
        cum_deaths=int(code[-2:]) % 7,
        week_fever=week,
        incidence_per_100k=incidence,
        reporting_expected=16,
        reporting_received=12 if fever is None else 16,
        lat=lat,
        lon=lon,
        geometry=square(lat, lon) if with_geometry else None,
    )


def square(lat: float, lon: float, half: float = 0.2) -> dict:
    """A small GeoJSON polygon around a centroid, wound counter-clockwise as RFC 7946 says."""
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


HEADLINE = {
    "new_fever": Headline(219_030, 263_370, 174_440),
    "new_confirmed": Headline(104, 115, None),
    "new_recovered": Headline(296_540, 234_740, 81_430),
    "new_deaths": Headline(1, 2, 6),
    "under_treatment": Headline(696_710, 771_250, 187_800),
    "cum_fever": Headline(2_128_600, 1_909_570, 192_440),
    "cum_confirmed": Headline(627, 523, 6),
    "cum_recovered": Headline(1_431_890, 1_135_350, 4_640),
    "cum_deaths": Headline(63, 62, 21),
}


def _completeness(as_of: dt.date) -> Completeness:
    return Completeness(
        on=as_of,
        expected=212,
        on_time=196,
        late=9,
        missing=7,
        silent=[
            SilentArea("KP-13-001", "Rajin District", "라진구역", as_of - dt.timedelta(days=3)),
            SilentArea("KP-09-014", "Musan County", "무산군", None),
        ],
    )


def _alerts(as_of: dt.date) -> list[AlertView]:
    return [
        AlertView(
            id=41,
            rule="fever_doubling",
            area_code="KP-01",
            area_name="Pyongyang",
            on=as_of,
            message="New fever cases doubled in 3 days",
            severity="high",
            acknowledged=False,
        ),
        AlertView(
            id=37,
            rule="silent_area",
            area_code="KP-13",
            area_name="Rason",
            on=as_of - dt.timedelta(days=1),
            message="No report for 2 days",
            severity="medium",
            acknowledged=True,
        ),
    ]


def surveillance_blocks(
    *,
    as_of: dt.date,
    headline: dict[str, Headline],
    case_fatality: float | None,
    trend: Series,
    children: list[ChildRow],
    completeness: Completeness,
    alerts: list[AlertView],
) -> dict[str, object]:
    """The surveillance app's blocks, in their declared order, from plain figures."""
    areas = [
        MapArea(c.code, c.name, c.name_local, c.incidence_per_100k, c.lat, c.lon, c.geometry)
        for c in children
    ]
    blocks: dict[str, object] = {
        "headline": HeadlineBlock(headline, case_fatality),
        "trend": TrendBlock(trend, as_of),
    }
    if children:
        blocks["map"] = MapBlock(areas)
    blocks.update({"children": ChildrenBlock(children)} if children else {})
    blocks["completeness"] = CompletenessBlock(completeness)
    blocks["alerts"] = AlertsBlock(alerts)
    return blocks


REPORT_FIELDS = {"area_code", "area_name", "area_name_local", "level", "population", "known_at"}


def make_situation_report(*, with_geometry: bool = False, **overrides) -> SituationReport:
    """The national report on 2022-05-20 with 13 first-level areas (centroids only, or with
    square boundaries when ``with_geometry``); the report's fields, the surveillance
    figures (``headline``, ``case_fatality``, ``trend``, ``children``, ``completeness``,
    ``alerts``) and extra ``blocks`` can be overridden."""
    as_of = overrides.pop("as_of", AS_OF)
    extra = overrides.pop("blocks", {})
    figures = {
        "headline": dict(HEADLINE),
        "case_fatality": 63 / 627,
        "trend": _trend(as_of),
        "children": [_child(row, with_geometry=with_geometry) for row in PROVINCES],
        "completeness": _completeness(as_of),
        "alerts": _alerts(as_of),
    }
    figures.update({k: overrides.pop(k) for k in list(overrides) if k in figures})
    unknown = set(overrides) - REPORT_FIELDS
    assert not unknown, f"unknown fields {unknown}"
    report = SituationReport(
        area_code="KP",
        area_name="Democratic People's Republic of Korea",
        area_name_local="조선민주주의인민공화국",
        level="country",
        population=25_936_002,
        as_of=as_of,
        known_at=None,
        generated_at=GENERATED_AT,
        blocks={**surveillance_blocks(as_of=as_of, **figures), **extra},
    )
    return dataclasses.replace(report, **overrides)


@dataclasses.dataclass
class FakeSelector:
    """``reports.selectors.situation_report`` answering for the codes it knows (NotFound
    for the rest, as missing and out of scope answer), recording each call: the page tests
    need no database."""

    codes: set[str] = dataclasses.field(default_factory=lambda: {"KP", "XX", "XX-A", "XX-A-1"})
    overrides: dict = dataclasses.field(default_factory=dict)
    calls: list[dict] = dataclasses.field(default_factory=list)

    def __call__(
        self, *, actor, area_code: str, as_of: dt.date, known_at: dt.datetime | None = None
    ) -> SituationReport:
        self.calls.append(
            {"actor": actor, "area_code": area_code, "as_of": as_of, "known_at": known_at}
        )
        if area_code not in self.codes:
            raise NotFound(f"no area {area_code!r} in your scope")
        return make_situation_report(
            as_of=as_of, known_at=known_at, area_code=area_code, **self.overrides
        )


def install_selector(monkeypatch, selector: FakeSelector | None = None) -> FakeSelector:
    selector = selector or FakeSelector()
    monkeypatch.setattr("epicommand.reports.selectors.situation_report", selector)
    return selector
