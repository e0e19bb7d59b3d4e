#!/usr/bin/env python3
"""A remote worker for the liveness test (Python, with workers/clients/stepwise_worker.py):
`liveness_worker.py NAME` serves slow-job. While a task is being worked on, a file NAME.busy in
$LIVENESS_DIR says so; the first attempt of a job works until it is killed, a later attempt
answers at once with the worker's name."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "workers", "clients"))
from stepwise_worker import Worker  # noqa: E402

name, folder = sys.argv[1], os.environ["LIVENESS_DIR"]


def slow_job(job, task):
    first = not os.path.exists(os.path.join(folder, job["jobId"] + ".tried"))
    open(os.path.join(folder, job["jobId"] + ".tried"), "a").close()
    if first:
        open(os.path.join(folder, name + ".busy"), "w").close()
        time.sleep(600)  # until the test kills this process
    return {"jobId": job["jobId"], "doneBy": name}


Worker({"slow-job": slow_job}, name=name, wait_seconds=2, heartbeat_seconds=0.5).run()
