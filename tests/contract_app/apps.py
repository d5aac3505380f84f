from django.apps import AppConfig

from epicommand.core.contract import AppContract, NavEntry, RoleSpec, SitrepEntry

HERE = "tests.contract_app"


class ContractAppConfig(AppConfig):
    name = HERE
    label = "contract_app"
    contract = AppContract(
        api=(("contract-probe/", f"{HERE}.probe.router"),),
        urls=(("contract-probe/", f"{HERE}.probe"),),
        nav=(NavEntry("Contract probe", "contract-probe", roles=("probe_keeper",), order=45),),
        cli=(f"{HERE}.probe.probe_command",),
        roles=(RoleSpec("probe_keeper", "Probe keeper", order=200),),
        permissions=f"{HERE}.probe.PERMISSIONS",
        sitrep_blocks=(
            SitrepEntry("probe", f"{HERE}.probe.probe_block", 15, "Probe"),
            SitrepEntry("broken_probe", f"{HERE}.probe.broken_block", 16, "Broken probe"),
        ),
        timeline=(f"{HERE}.probe.probe_events",),
    )
