from ninja import Schema

from epicommand.geo.models import Area


class AreaOut(Schema):
    code: str
    name: str
    name_local: str
    level: str
    population: int
    depth: int
    has_children: bool
    centroid_lat: float | None = None
    centroid_lon: float | None = None

    @staticmethod
    def resolve_has_children(obj) -> bool:
        return obj.numchild > 0


class AreaDetailOut(AreaOut):
    parent_code: str | None
    geometry: dict | None = None

    @staticmethod
    def resolve_parent_code(obj) -> str | None:
        parent = Area.objects.get_parent(obj)
        return parent.code if parent else None


class AreaPatch(Schema):
    name: str | None = None
    name_local: str | None = None
    level: str | None = None
    population: int | None = None


class ImportSummaryOut(Schema):
    created: list[str]
    updated: list[str]
    unchanged: list[str]
