"""The scoped readers of supply data (a package: one module would pass 400 lines)."""

from epicommand.supply.selectors.check import Difference, ledger_differences

__all__ = ["Difference", "ledger_differences"]
