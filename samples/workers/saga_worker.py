#!/usr/bin/env python3
"""The order saga's remote worker (Python, with workers/clients/stepwise_worker.py): serves
reserve-inventory, charge-payment, ship-order and their compensations refund-payment and
release-inventory over the server's worker API.

The execution input steers it: "failAt": FUNCTION makes that step fail (Sample.Injected), and
"glitchyCompensations": true makes each compensation fail its first attempt
(Compensation.Unavailable) so that its Retry is seen at work."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "workers", "clients"))
from stepwise_worker import TaskFailure, Worker  # noqa: E402

attempts = {}


def step(name, result):
    def handler(order, task):
        if order.get("failAt") == name:
            raise TaskFailure("Sample.Injected", f"{name} failed for order {order.get('orderId')} (failAt)")
        if name in ("refund-payment", "release-inventory") and order.get("glitchyCompensations"):
            key = (order.get("orderId"), name)
            attempts[key] = attempts.get(key, 0) + 1
            if attempts[key] == 1:
                raise TaskFailure("Compensation.Unavailable", f"{name}: the service is briefly unavailable")
        return result(order)
    return handler


Worker({
    "reserve-inventory": step("reserve-inventory", lambda o: {"reservationId": "r-" + o["orderId"]}),
    "charge-payment": step("charge-payment", lambda o: {"chargeId": "c-" + o["orderId"], "amount": o["amount"]}),
    "ship-order": step("ship-order", lambda o: {"trackingNumber": "t-" + o["orderId"]}),
    "refund-payment": step("refund-payment", lambda o: {"refunded": o["payment"]["chargeId"]}),
    "release-inventory": step("release-inventory", lambda o: {"released": o["reservation"]["reservationId"]}),
}, name="saga-worker", concurrency=4, wait_seconds=5).run()
