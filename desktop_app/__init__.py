"""Klein Initiatief: apply for and account for a small municipal subsidy."""

__version__ = "0.1.0"
