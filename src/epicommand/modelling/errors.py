"""Refusals of the modelling app, each with a stable code (``modelling.*``)."""

from epicommand.errors import DomainError, ValidationFailed


class InvalidParameter(ValidationFailed):
    """A model parameter out of its range; ``details`` lists each field and reason."""

    code = "modelling.invalid_parameter"


class SeriesGap(ValidationFailed):
    """Days without a report where no fill would be honest (see ``series``)."""

    code = "modelling.series_gap"


class NotEnoughData(ValidationFailed):
    """Too few days (or cases) for the method asked for."""

    code = "modelling.not_enough_data"


class NoLineList(ValidationFailed):
    code = "modelling.no_line_list"


class NoProtocol(ValidationFailed):
    code = "modelling.no_protocol"


class InputsChanged(DomainError):
    """A stored run's inputs, read again as known at its timestamp, no longer match its
    digest: the data under it was rewritten outside the services."""

    code = "modelling.inputs_changed"
    status = 409
