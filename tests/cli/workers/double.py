#!/usr/bin/env python3
# Test command worker: doubles "n" from the task input on stdin.
import json, sys
task = json.load(sys.stdin)
print(json.dumps({"n": task["n"] * 2}))
