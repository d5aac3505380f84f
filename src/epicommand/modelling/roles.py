"""Who may read and run models. Officers may run for their own areas (scope decides
where); everyone who reads situation reports reads the modelling blocks."""

from epicommand.accounts.roles import Role

_VIEW = ["modelling.view_modelrun", "modelling.view_protocolline"]
_RUN = ["modelling.add_modelrun"]
_PROTOCOL = ["modelling.add_protocolline", "modelling.change_protocolline"]

ROLE_PERMISSIONS = {
    Role.HQ_COMMANDER: _VIEW + _RUN,
    Role.ANALYST: _VIEW + _RUN,
    Role.AREA_OFFICER: _VIEW + _RUN,
    Role.SITE_OPERATOR: _VIEW,
    Role.LOGISTICS_OFFICER: _VIEW,
    Role.INSPECTOR: _VIEW,
    Role.OBSERVER: _VIEW,
    Role.ADMIN: _VIEW + _RUN + _PROTOCOL,
}
