"""The HTTP client. Standard library only, so it installs on any robot's or cluster's Python."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union, cast

from .errors import ArenaError, ArenaHTTPError, CampaignFailed
from .progress import ProgressBar
from .types import Battle, Campaign, LeaderboardRow, Policy

TaskSpec = Union[str, Mapping[str, Any]]


class ArenaClient:
    """A policy-arena deployment, reached over its HTTP API.

    `base_url` defaults to `ARENA_URL` or http://127.0.0.1:8080; `token` to `ARENA_TOKEN`. A token
    is sent as `Authorization: Bearer <token>` (a deployment that listens beyond loopback
    requires one for every write).
    """

    def __init__(self, base_url: Optional[str] = None, token: Optional[str] = None, timeout_s: float = 30.0):
        self.base_url = (base_url or os.environ.get("ARENA_URL") or "http://127.0.0.1:8080").rstrip("/")
        self.token = token if token is not None else os.environ.get("ARENA_TOKEN")
        self.timeout_s = timeout_s

    # -- policies and tasks -------------------------------------------------------------------

    def policies(self) -> List[Policy]:
        """Every registered policy (remote endpoints are shown without credentials)."""
        return cast(List[Policy], self._request("GET", "/api/policies")["policies"])

    def register_builtin_policy(self, name: str, builtin: str) -> Policy:
        """Registers one of the simulator's built-in policies under `name` (idempotent)."""
        body = {"name": name, "kind": "builtin", "builtin": builtin}
        return cast(Policy, self._request("POST", "/api/policies", body)["policy"])

    def register_openpi_policy(
        self,
        name: str,
        endpoint: str,
        *,
        api_key: Optional[str] = None,
        observation: Optional[Union[str, Mapping[str, str]]] = None,
        images: Optional[Mapping[str, int]] = None,
        action_mode: Optional[str] = None,
        action_columns: Optional[Sequence[int]] = None,
        execute_steps: Optional[int] = None,
    ) -> Policy:
        """Registers a policy served over openpi's websocket protocol (e.g. `ws://gpu-3:8000`).

        `observation` is "arena", "droid" (openpi's DROID keys: three camera images, joint and
        gripper positions, prompt) or a map from the server's keys to observation fields;
        `images` sizes the camera images, e.g. {"width": 320, "height": 180, "resizeWithPad": 224}.
        """
        body: Dict[str, Any] = {"name": name, "kind": "openpi", "endpoint": endpoint}
        body.update(_set_fields({
            "apiKey": api_key,
            "observation": observation,
            "images": dict(images) if images is not None else None,
            "actionMode": action_mode,
            "actionColumns": list(action_columns) if action_columns is not None else None,
            "executeSteps": execute_steps,
        }))
        return cast(Policy, self._request("POST", "/api/policies", body)["policy"])

    def tasks(self) -> List[Dict[str, Any]]:
        return cast(List[Dict[str, Any]], self._request("GET", "/api/tasks")["tasks"])

    def register_task(self, name: str, sim_task: str, instruction: Optional[str] = None) -> Dict[str, Any]:
        """Registers a task a campaign can name: one of the simulator's tasks, with its instruction."""
        body: Dict[str, Any] = {"name": name, "simTask": sim_task}
        if instruction is not None:
            body["instruction"] = instruction
        return cast(Dict[str, Any], self._request("POST", "/api/tasks", body)["task"])

    # -- campaigns ----------------------------------------------------------------------------

    def create_campaign(
        self,
        name: str,
        policies: Sequence[str],
        tasks: Sequence[TaskSpec],
        budget: int,
        *,
        pairing: str = "uniform",
        judgement_sources: Optional[Sequence[str]] = None,
        max_in_flight: Optional[int] = None,
        seed: Optional[int] = None,
        stations: Optional[Sequence[str]] = None,
        station_episode_s: Optional[int] = None,
        start: bool = False,
    ) -> Campaign:
        """Creates a campaign (idempotent by name with the same definition); `start` runs it now."""
        body: Dict[str, Any] = {
            "name": name,
            "policies": list(policies),
            "tasks": [task if isinstance(task, str) else dict(task) for task in tasks],
            "budget": budget,
            "pairing": pairing,
            "start": start,
        }
        body.update(_set_fields({
            "judgementSources": list(judgement_sources) if judgement_sources is not None else None,
            "maxInFlight": max_in_flight,
            "seed": seed,
            "stations": list(stations) if stations is not None else None,
            "stationEpisodeS": station_episode_s,
        }))
        return cast(Campaign, self._request("POST", "/api/campaigns", body)["campaign"])

    def campaigns(self) -> List[Campaign]:
        return cast(List[Campaign], self._request("GET", "/api/campaigns")["campaigns"])

    def campaign(self, ref: str) -> Campaign:
        """A campaign by id or name."""
        return cast(Campaign, self._request("GET", f"/api/campaigns/{_quote(ref)}")["campaign"])

    def start_campaign(self, ref: str) -> Campaign:
        return self._campaign_action(ref, "start")

    def pause_campaign(self, ref: str) -> Campaign:
        return self._campaign_action(ref, "pause")

    def cancel_campaign(self, ref: str) -> Campaign:
        return self._campaign_action(ref, "cancel")

    def progress(self, ref: str) -> Dict[str, Any]:
        """Budget, completed, failed, in flight, rate per minute and ETA."""
        return cast(Dict[str, Any], self._request("GET", f"/api/campaigns/{_quote(ref)}/progress")["progress"])

    def wait(
        self,
        ref: str,
        *,
        timeout_s: Optional[float] = None,
        poll_s: float = 1.0,
        show_progress: bool = True,
    ) -> Campaign:
        """Waits until the campaign has completed, drawing a progress bar on standard error.

        Returns once its leaderboard counts every automatic judgement too. Raises CampaignFailed
        if it is cancelled and TimeoutError after `timeout_s`.
        """
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        campaign = self.campaign(ref)
        bar = ProgressBar(campaign["name"], campaign["progress"]["budget"]) if show_progress else None
        try:
            while True:
                progress = campaign["progress"]
                if bar is not None:
                    bar.update(progress["completed"], progress["failed"])
                if campaign["status"] == "cancelled":
                    raise CampaignFailed(f"campaign {campaign['name']} was cancelled")
                if campaign["status"] == "completed" and self._leaderboard_caught_up(campaign):
                    return campaign
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError(
                        f"campaign {campaign['name']} is {campaign['status']} with "
                        f"{progress['completed']}/{progress['budget']} comparisons after {timeout_s} s"
                    )
                time.sleep(poll_s)
                campaign = self.campaign(ref)
        finally:
            if bar is not None:
                bar.close()

    # -- results ------------------------------------------------------------------------------

    def leaderboard(self, ref: str) -> List[LeaderboardRow]:
        """The latest fitted leaderboard, best first, as plain dicts (empty before any fit)."""
        snapshot = self._request("GET", f"/api/campaigns/{_quote(ref)}/leaderboard")["snapshot"]
        if snapshot is None:
            return []
        return [
            {
                "rank": rank,
                "policy": row["policy"],
                "rating": row["rating"],
                "ci_low": row["ciLow"],
                "ci_high": row["ciHigh"],
                "rank_best": row["rankBest"],
                "rank_worst": row["rankWorst"],
                "comparisons": row["comparisons"],
                "wins": row["wins"],
                "losses": row["losses"],
                "ties": row["ties"],
            }
            for rank, row in enumerate(snapshot["leaderboard"], start=1)
        ]

    def leaderboard_frame(self, ref: str) -> Any:
        """The leaderboard as a pandas DataFrame indexed by rank (needs pandas installed)."""
        try:
            import pandas  # type: ignore[import-not-found]
        except ImportError as error:
            raise ArenaError("leaderboard_frame needs pandas: pip install pandas (or use leaderboard())") from error
        return pandas.DataFrame(self.leaderboard(ref)).set_index("rank")

    def battles(self, ref: str) -> List[Battle]:
        """Every judgement as a Chatbot Arena battle (model_a, model_b, winner, task, judge, ...)."""
        text = self._request_text("GET", f"/api/campaigns/{_quote(ref)}/battles?format=jsonl")
        return [cast(Battle, json.loads(line)) for line in text.splitlines() if line.strip()]

    def export_battles(self, ref: str, path: str, format: str = "jsonl") -> int:
        """Writes the battles to `path` as JSON Lines or CSV (`arena rank` reads both); returns the count."""
        if format not in ("jsonl", "csv"):
            raise ValueError('format must be "jsonl" or "csv"')
        text = self._request_text("GET", f"/api/campaigns/{_quote(ref)}/battles?format={format}")
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        lines = [line for line in text.splitlines() if line.strip()]
        return len(lines) - (1 if format == "csv" and lines else 0)

    # -- plumbing -----------------------------------------------------------------------------

    def _campaign_action(self, ref: str, action: str) -> Campaign:
        return cast(Campaign, self._request("POST", f"/api/campaigns/{_quote(ref)}/{action}", {})["campaign"])

    def _leaderboard_caught_up(self, campaign: Campaign) -> bool:
        # Every completed comparison of a simulated campaign carries one automatic judgement; the
        # ranker refits shortly after the last one. Human judgements keep coming, so there is
        # nothing to wait for without 'auto'.
        if "auto" not in campaign["judgementSources"]:
            return True
        snapshot = self._request("GET", f"/api/campaigns/{_quote(campaign['id'])}/leaderboard")["snapshot"]
        return snapshot is not None and snapshot["judgementCount"] >= campaign["progress"]["completed"]

    def _request(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        text = self._request_text(method, path, body)
        return cast(Dict[str, Any], json.loads(text)) if text else {}

    def _request_text(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None) -> str:
        headers = {"accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["content-type"] = "application/json"
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                return cast(bytes, response.read()).decode("utf-8")
        except urllib.error.HTTPError as error:
            raw = error.read().decode("utf-8", errors="replace")
            try:
                parsed = json.loads(raw)
                message = str(parsed.get("error", raw))
                problems = parsed.get("problems")
            except ValueError:
                message, problems = raw.strip() or error.reason, None
            raise ArenaHTTPError(method, path, error.code, message, problems) from None
        except urllib.error.URLError as error:
            raise ArenaError(f"cannot reach policy-arena at {self.base_url}: {error.reason}") from None


def _set_fields(fields: Mapping[str, Any]) -> Dict[str, Any]:
    """The fields given a value: the server applies its own default to a field left out."""
    return {key: value for key, value in fields.items() if value is not None}


def _quote(segment: str) -> str:
    return urllib.parse.quote(segment, safe="")
