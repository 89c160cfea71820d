"""Errors the client raises: each says what the server said, field by field."""

from __future__ import annotations

from typing import List, Optional, TypedDict


class Problem(TypedDict):
    field: str
    problem: str


class ArenaError(Exception):
    """Base class of every error this client raises."""


class ArenaHTTPError(ArenaError):
    """The server answered with an error status; `problems` names the fields at fault."""

    def __init__(self, method: str, path: str, status: int, message: str, problems: Optional[List[Problem]] = None):
        self.method = method
        self.path = path
        self.status = status
        self.message = message
        self.problems: List[Problem] = problems or []
        super().__init__(f"{method} {path}: HTTP {status}: {message}")


class CampaignFailed(ArenaError):
    """A campaign ended (cancelled, or stopped making progress) before its budget was reached."""
