#!/usr/bin/env python3
# Test command worker: fails. With an argument, names the error on stdout; without, writes stderr.
import json, sys
json.load(sys.stdin)
if len(sys.argv) > 1:
    print(json.dumps({"error": sys.argv[1], "cause": "declined by the worker"}))
else:
    sys.stderr.write("plain failure on stderr\n")
sys.exit(3)
