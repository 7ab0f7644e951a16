"""The standalone offline verifier of Custody disclosure packages (no Custody code inside)."""

__version__ = "1.0.0"
