"""The supply API's schemas (a package, like the API): ``stock`` (items, sites, movements,
counts) and ``orders`` (shipments, requisitions, releases, transport, stock status)."""
