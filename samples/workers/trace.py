#!/usr/bin/env python3
"""Reads `stepwise executions history EXECUTION --json` on stdin and prints what the samples show:
one line per task attempt (state, outcome) and the execution's end."""
import json
import sys

events = json.load(sys.stdin)["events"]
state = None
for e in events:
    t = e["type"]
    details = next((v for k, v in e.items() if k.endswith("Details")), {}) or {}
    if t.endswith("StateEntered"):
        state = details.get("name")
    elif t.startswith(("Task", "Activity", "LambdaFunction")) and t.endswith("Succeeded"):
        print(f"  {state}: ok")
    elif t.startswith(("Task", "Activity", "LambdaFunction")) and t.endswith(("Failed", "TimedOut")):
        print(f"  {state}: {t} {details.get('error', '')}".rstrip())
    elif t == "ExecutionSucceeded":
        print(f"SUCCEEDED {details.get('output', '')}")
    elif t in ("ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"):
        print(f"{t[len('Execution'):].upper().replace('TIMEDOUT', 'TIMED_OUT')} {details.get('error', '')}".rstrip())
