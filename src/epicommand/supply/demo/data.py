"""The demo network's catalogue: 53 items with Korean names, and what an outbreak uses.

Quantities per fever case are illustrative planning figures for the demo, not clinical
guidance: one strip of ten paracetamol tablets per case, and so on.
"""

from __future__ import annotations

import csv
import io
from importlib import resources


def items() -> list[dict]:
    """The 53 items of data/items.csv, as ``create_item`` takes them."""
    text = (resources.files("epicommand.supply.demo") / "items.csv").read_text("utf-8")
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        row["shelf_life_days"] = int(row["shelf_life_days"])
        row["is_cold_chain"] = row["is_cold_chain"] == "1"
        row["unit_weight_g"] = int(row["unit_weight_g"])
        rows.append(row)
    return rows


# Units handed out per new fever case, by pharmacies (dispensing) ...
PHARMACY_USE = {"PARA-500": 1.0, "IBU-400": 0.3, "KM-AGUH": 0.2, "MASK-SURG": 1.0}
# ... and used by treatment centres (issues to wards) per new case of their catchment.
TREATMENT_USE = {"RDT-COV": 0.3, "AMOX-500": 0.05, "ORS": 0.2}
# Units a distribution point delivers per household and day in the locked-down capital.
HOUSEHOLD_USE = {"FOOD-RICE": 2.0, "FOOD-VEG": 1.0, "FOOD-EGG": 0.5}
# What factories make, per day: Koryo medicine and masks.
FACTORY_OUTPUT = {
    "FAC-KORYO": {"KM-AGUH": 20_000, "KM-GEUN": 8_000},
    "FAC-MASK": {"MASK-SURG": 120_000},
}

PHARMACY_ITEMS = [
    "PARA-500", "IBU-400", "KM-AGUH", "MASK-SURG", "AMOX-500", "ORS", "METRO-250",
    "VITC-500", "ZINC-20", "CETI-10", "OMEP-20", "AMLO-5", "METF-500", "COUGH-SYR",
    "KM-UCSH", "KM-GEUN", "KM-SSHT", "KM-UGS", "KM-INSAM", "SANIT-500", "THERM-IR",
]  # fmt: skip
TREATMENT_ITEMS = [
    "RDT-COV", "AMOX-500", "ORS", "PARA-500", "DEXA-4", "GLUC-5", "NACL-09", "SALB-INH",
    "AZI-500", "CEFT-1G", "OSEL-75", "HEP-5000", "MPRED-40", "FAVI-200", "KM-HRHD",
    "MASK-KF94", "GLOVE-NIT", "GOWN-ISO", "SHIELD", "DISINF-5L", "PCR-COV", "RDT-FLU",
]  # fmt: skip
DISTRIBUTION_ITEMS = ["FOOD-RICE", "FOOD-VEG", "FOOD-EGG", "FOOD-OIL", "FOOD-SALT", "SOAP"]
