"""The only writers of care data (a package: one module would pass 400 lines).

Every public function takes keyword arguments with ``actor`` first (``None`` is the system,
the command line), checks the role and the scope, runs in one transaction and leaves an
audit event. Views, the API, importers and the CLI call these and nothing else.
"""

from epicommand.care.services.census import import_census, save_census, submit_census
from epicommand.care.services.centres import (
    current_norms,
    import_travel_times,
    set_capacity_thresholds,
    set_centre,
    set_staffing_norms,
    thresholds,
)
from epicommand.care.services.deployments import (
    Order,
    advance_deployment,
    order_deployment,
    order_deployments,
)
from epicommand.care.services.health import (
    confirm_infection,
    end_absence,
    record_absence,
    record_death,
    record_infection,
)
from epicommand.care.services.proposals import (
    approve_proposal,
    edit_proposal,
    propose_deployment,
    reject_proposal,
)
from epicommand.care.services.staff import add_staff, import_roster, record_off_duty, set_must_stay

__all__ = [
    "Order",
    "add_staff",
    "advance_deployment",
    "approve_proposal",
    "confirm_infection",
    "current_norms",
    "edit_proposal",
    "end_absence",
    "import_census",
    "import_roster",
    "import_travel_times",
    "order_deployment",
    "order_deployments",
    "propose_deployment",
    "record_absence",
    "record_death",
    "record_infection",
    "record_off_duty",
    "reject_proposal",
    "save_census",
    "set_capacity_thresholds",
    "set_centre",
    "set_must_stay",
    "set_staffing_norms",
    "submit_census",
    "thresholds",
]
