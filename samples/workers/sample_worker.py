#!/usr/bin/env python3
"""A command worker for the samples: `sample_worker.py FUNCTION` reads the task input (JSON) on
stdin and writes the result (JSON) on stdout. Failures exit non-zero with {"error","cause"}.

Set SAMPLE_FAIL=FUNCTION to make that function fail, to watch the samples' Retry/Catch and the
order saga's compensations run."""
import json
import os
import sys

name = sys.argv[1]
task = json.load(sys.stdin)


def fail(error, cause):
    print(json.dumps({"error": error, "cause": cause}))
    sys.exit(1)


if os.environ.get("SAMPLE_FAIL") == name:
    fail("Sample.Injected", f"{name} was told to fail (SAMPLE_FAIL)")

if name == "price-line":
    result = {"sku": task["sku"], "quantity": task["quantity"], "total": round(task["quantity"] * 9.99, 2)}
elif name == "reserve-inventory":
    result = {"reservationId": "r-" + str(task.get("orderId", "1"))}
elif name == "charge-payment":
    result = {"chargeId": "c-" + str(task.get("orderId", "1")), "amount": task.get("amount", 0)}
elif name == "ship-order":
    result = {"trackingNumber": "t-" + str(task.get("orderId", "1"))}
elif name in ("refund-payment", "release-inventory", "send-reminder"):
    result = {"done": name}
elif name == "flaky":
    fail("States.TaskFailed", "the flaky service is down")
elif name == "flaky-service":
    fail("Service.Unavailable", "the flaky service is down")
elif name == "get-profile":
    result = {"userId": task.get("userId"), "name": "Ada"}
elif name == "list-orders":
    result = [{"orderId": "o-1"}, {"orderId": "o-2"}]
elif name == "check-status":
    result = {"status": "done"}
else:
    fail("Sample.UnknownFunction", f"sample_worker.py does not implement {name}")
print(json.dumps(result))
