"""Treatment centres (beds, the daily census, occupancy), medical staff (roster, deployments,
their health) and the balanced deployment of staff (the optimiser's core is
``epicommand.allocation.staff``)."""
