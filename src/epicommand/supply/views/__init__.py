"""The supply pages (a package, like the API): ``stock`` (stock status, sites, dispensing,
requisitions sent) and ``orders`` (shipments with proof of delivery, requisitions decided)."""
