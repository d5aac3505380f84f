from epicommand.accounts.roles import Role

_VIEW = ["surveillance.view_reportrevision", "surveillance.view_alert"]
_SUBMIT = ["surveillance.add_reportrevision"]
_ACK = ["surveillance.change_alert"]
_CASES = ["surveillance.view_case", "surveillance.add_case"]

ROLE_PERMISSIONS = {
    Role.HQ_COMMANDER: _VIEW + _ACK + ["surveillance.view_case"],
    Role.ANALYST: _VIEW + _ACK + ["surveillance.view_case"],
    Role.AREA_OFFICER: _VIEW + _SUBMIT + _ACK + _CASES,
    Role.SITE_OPERATOR: _VIEW,
    Role.LOGISTICS_OFFICER: _VIEW,
    Role.INSPECTOR: _VIEW,
    Role.OBSERVER: _VIEW,
    Role.ADMIN: _VIEW + _SUBMIT + _ACK + _CASES + ["surveillance.change_alertrule"],
}
