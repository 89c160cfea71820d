"""The client against a running policy-arena (ARENA_URL, and ARENA_TOKEN when it needs one).

Registers two built-in policies and a task, runs a small simulated campaign to the end, and reads
the leaderboard and the battles back. Run: ARENA_URL=http://127.0.0.1:8080 python3 -m unittest
discover -s clients/python/tests
"""

from __future__ import annotations

import io
import os
import tempfile
import unittest

from policy_arena import ArenaClient, ArenaHTTPError, ProgressBar


@unittest.skipUnless(os.environ.get("ARENA_URL"), "set ARENA_URL to a running policy-arena")
class ClientAgainstRunningServices(unittest.TestCase):
    def setUp(self) -> None:
        self.client = ArenaClient()

    def test_a_campaign_from_registration_to_battles(self) -> None:
        client = self.client
        expert = client.register_builtin_policy("py-expert", "expert")
        again = client.register_builtin_policy("py-expert", "expert")
        self.assertEqual(expert["id"], again["id"], "registration is idempotent")
        client.register_builtin_policy("py-random", "random")
        client.register_task("py-reach", "reach")
        self.assertIn("py-expert", [p["name"] for p in client.policies()])

        created = client.create_campaign(
            "py-campaign", ["py-expert", "py-random"], ["py-reach"], budget=6, start=True
        )
        self.assertEqual(created["progress"]["budget"], 6)
        finished = client.wait("py-campaign", timeout_s=120, poll_s=0.2, show_progress=False)
        self.assertEqual(finished["status"], "completed")
        self.assertEqual(finished["progress"]["completed"], 6)

        board = client.leaderboard("py-campaign")
        self.assertEqual([row["policy"] for row in board], ["py-expert", "py-random"])
        self.assertEqual([row["rank"] for row in board], [1, 2])
        self.assertEqual(sum(row["comparisons"] for row in board), 12)
        self.assertGreater(board[0]["rating"], board[1]["rating"])

        battles = client.battles("py-campaign")
        self.assertEqual(len(battles), 6)
        self.assertEqual({b["source"] for b in battles}, {"auto"})
        self.assertEqual(sum(1 for b in battles if b["winner"] != "tie"), len(battles))
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "battles.csv")
            self.assertEqual(client.export_battles("py-campaign", path, "csv"), 6)
            with open(path, encoding="utf-8") as written:
                header = written.readline().strip()
            self.assertEqual(header, "model_a,model_b,winner,task,judge,comparison_id,source")

    def test_bad_input_names_the_field(self) -> None:
        with self.assertRaises(ArenaHTTPError) as raised:
            self.client.create_campaign("py-bad", ["py-nobody", "py-none"], ["reach"], budget=0)
        self.assertEqual(raised.exception.status, 400)
        self.assertIn("budget", [p["field"] for p in raised.exception.problems])


class ProgressBarOffTerminal(unittest.TestCase):
    def test_logs_a_line_per_tenth_and_the_end(self) -> None:
        out = io.StringIO()
        bar = ProgressBar("demo", 100, stream=out)
        for done in range(0, 101):
            bar.update(done)
        bar.close()
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), 11)
        self.assertTrue(lines[-1].startswith("demo [##############################] 100/100"))


if __name__ == "__main__":
    unittest.main()
