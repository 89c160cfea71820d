"""Python client of the policy-arena HTTP API (standard library only)."""

from .client import ArenaClient
from .errors import ArenaError, ArenaHTTPError, CampaignFailed
from .progress import ProgressBar

__all__ = ["ArenaClient", "ArenaError", "ArenaHTTPError", "CampaignFailed", "ProgressBar"]
__version__ = "0.1.0"
