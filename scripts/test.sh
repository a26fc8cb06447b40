#!/usr/bin/env bash
# Sets up the machine and runs VAELab's tests: the unit and golden tests (swift test),
# then the real-data checks (a release build trained on MovieLens 100K and run on the
# papers' shared datasets). This is the README's second command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

# The shared datasets (../shared/data) are read in place, never copied. Without them the
# tests that need them are skipped with a message; on CI they must be there.
export VAELAB_SHARED_DATA="${VAELAB_SHARED_DATA:-$(cd .. && pwd)/shared/data}"
if [ ! -d "$VAELAB_SHARED_DATA" ]; then
    if [ -n "${CI:-}" ]; then echo "test: shared datasets not found at $VAELAB_SHARED_DATA" >&2; exit 1; fi
    echo "test: shared datasets not found at $VAELAB_SHARED_DATA; their tests will be skipped"
fi
export VAELAB_ML100K="${VAELAB_ML100K:-$PWD/data/ml-100k/ml-100k.inter}"

echo "== swift test"
log=$(mktemp)
if swift test > "$log" 2>&1; then
    grep -E "^(✔ Suite|✔ Test run)" "$log" || tail -n 5 "$log"
else
    grep -E "error:|✘" "$log" | head -n 60
    tail -n 5 "$log"
    echo "test: swift test failed (full log: $log)" >&2
    exit 1
fi
rm -f "$log"

echo "== real-data checks"
./scripts/check-real-data.sh
echo "test: all passed"
