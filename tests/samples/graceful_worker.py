#!/usr/bin/env python3
"""Graceful-stop test worker (Python library): serves slow-echo, whose handler marks
$GRACEFUL_DIR/busy, works 1.5 s, and answers {"echo": input, "by": "python"}."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "workers", "clients"))
from stepwise_worker import Worker  # noqa: E402


def slow_echo(task_input, task):
    open(os.path.join(os.environ["GRACEFUL_DIR"], "busy"), "w").close()
    time.sleep(1.5)
    return {"echo": task_input, "by": "python"}


Worker({"slow-echo": slow_echo}, name="graceful-py", wait_seconds=2).run()
