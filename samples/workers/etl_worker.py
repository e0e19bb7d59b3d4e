#!/usr/bin/env python3
"""The ETL sample's command worker: `etl_worker.py FUNCTION` reads the task input (JSON) on stdin
and writes the result (JSON) on stdout; the server runs it once per task, without a shell."""
import json
import sys

name = sys.argv[1]
task = json.load(sys.stdin)

if name == "extract-orders":
    count = int(task.get("count", 10))
    result = [{"orderId": f"o-{i}", "cents": 1000 + 250 * i, "country": ["DE", "FR", "US"][i % 3]}
              for i in range(count)]
elif name == "transform-record":
    record, currency = task["record"], task.get("currency", "EUR")
    result = {"orderId": record["orderId"], "country": record["country"],
              "amount": round(record["cents"] / 100, 2), "currency": currency}
elif name == "load-totals":
    totals = {}
    for row in task:
        totals[row["country"]] = round(totals.get(row["country"], 0) + row["amount"], 2)
    result = {"loaded": len(task), "totalsByCountry": dict(sorted(totals.items()))}
else:
    print(json.dumps({"error": "Sample.UnknownFunction", "cause": f"etl_worker.py does not implement {name}"}))
    sys.exit(1)
print(json.dumps(result))
