"""EpiCommand: the software of a national epidemic emergency command."""

__version__ = "0.1.0"
