"""Plain factory functions with defaults. They write directly: they build fixtures, not
behaviour under test (services are tested through their own calls)."""

from __future__ import annotations

from django.contrib.auth.models import Group

from epicommand.accounts.models import User
from epicommand.accounts.roles import Role
from epicommand.geo.models import Area

PASSWORD = "correct-horse-battery-staple"


def make_area(code: str, *, parent: Area | None = None, level: str | None = None, **fields) -> Area:
    values = {
        "name": fields.pop("name", f"Area {code}"),
        "name_local": fields.pop("name_local", ""),
        "level": level or ("country" if parent is None else "province"),
        "population": fields.pop("population", 1000),
        **fields,
    }
    if parent is None:
        return Area.objects.add_root(create_kwargs={"code": code, **values})
    return Area.objects.add_child(
        Area.objects.get(pk=parent.pk), create_kwargs={"code": code, **values}
    )


def make_country() -> dict[str, Area]:
    country = make_area("XX", name="Testland", population=0)
    a = make_area("XX-A", parent=country, name="Alpha Province", name_local="알파도")
    b = make_area("XX-B", parent=country, name="Beta Province", name_local="베타도")
    return {
        "XX": country,
        "XX-A": a,
        "XX-B": b,
        "XX-A-1": make_area("XX-A-1", parent=a, level="county", name="Alpha One", population=400),
        "XX-A-2": make_area("XX-A-2", parent=a, level="county", name="Alpha Two", population=600),
        "XX-B-1": make_area("XX-B-1", parent=b, level="county", name="Beta One", population=1000),
    }


def make_user(username: str, role: str = Role.AREA_OFFICER, *scope: Area) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
        user.save()
    user.scope_areas.set(scope)
    return user
