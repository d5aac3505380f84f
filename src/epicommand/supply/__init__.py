"""The medicine supply network: items, sites, lots, the stock ledger, requisitions,
shipments, transport, state reserve releases, production and dispensing."""
