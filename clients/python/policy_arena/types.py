"""The shapes the API returns, as TypedDicts (the server's contract is its OpenAPI document)."""

from __future__ import annotations

from typing import List, Optional, TypedDict


class Named(TypedDict):
    id: str
    name: str


class Policy(TypedDict):
    id: str
    name: str
    kind: str
    builtin: Optional[str]
    endpoint: Optional[str]
    hasApiKey: bool
    createdAt: str


class CampaignProgress(TypedDict):
    budget: int
    completed: int
    inFlight: int
    failed: int
    fraction: float


class Campaign(TypedDict):
    id: str
    name: str
    status: str
    pairing: str
    maxInFlight: int
    seed: int
    policies: List[Named]
    tasks: List[Named]
    judgementSources: List[str]
    stations: List[str]
    progress: CampaignProgress
    createdAt: str
    updatedAt: str


class LeaderboardRow(TypedDict):
    rank: int
    policy: str
    rating: float
    ci_low: Optional[float]
    ci_high: Optional[float]
    rank_best: Optional[int]
    rank_worst: Optional[int]
    comparisons: int
    wins: int
    losses: int
    ties: int


class Battle(TypedDict):
    model_a: str
    model_b: str
    winner: str
    task: str
    judge: str
    comparison_id: str
    source: str
