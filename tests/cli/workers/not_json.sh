#!/bin/sh
# Test command worker: exits 0 with output that is not JSON.
cat >/dev/null
echo "this is not json"
