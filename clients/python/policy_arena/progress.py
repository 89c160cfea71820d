"""A one-line text progress bar for terminals (and a quiet one for logs)."""

from __future__ import annotations

import sys
import time
from typing import Optional, TextIO


class ProgressBar:
    """Redraws `label [#####.....] done/total  rate  eta` in place on a terminal.

    Off a terminal (a log file, a notebook's captured stream) it prints a line only when the
    count changes by at least a tenth of the total, so logs stay short.
    """

    def __init__(self, label: str, total: int, stream: Optional[TextIO] = None, width: int = 30):
        self.label = label
        self.total = max(total, 1)
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.started = time.monotonic()
        self._last_logged = -1
        self._interactive = bool(getattr(self.stream, "isatty", lambda: False)())

    def update(self, done: int, failed: int = 0) -> None:
        done = min(done, self.total)
        filled = int(self.width * done / self.total)
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - done) / rate if rate > 0 else None
        text = (
            f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total}"
            + (f"  {failed} failed" if failed else "")
            + (f"  {rate * 60:.0f}/min" if rate > 0 else "")
            + (f"  eta {_duration(eta)}" if eta is not None and done < self.total else "")
        )
        if self._interactive:
            self.stream.write("\r" + text.ljust(79))
            self.stream.flush()
        elif self._last_logged < 0 or done - self._last_logged >= self.total / 10 or done == self.total:
            if done != self._last_logged:
                self.stream.write(text + "\n")
                self._last_logged = done

    def close(self) -> None:
        if self._interactive:
            self.stream.write("\n")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
