#!/usr/bin/env bash
# Sets up the machine, builds VAELab in release mode and runs the quickstart: Mult-VAE and
# Mult-DAE on MovieLens 100K under the strong-generalisation protocol (3 seeds each),
# ending with the result table. This is the README's first command.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build -c release 2>&1 | tail -n 1
VAELAB="$(swift build -c release --show-bin-path)/vaelab"
OUT="${1:-results/ml100k}"

for model in multvae multdae; do
    "$VAELAB" train --config experiments/ml100k-$model.json --seeds 1,2,3 --output "$OUT/$model" --quiet
done
echo
for model in multvae multdae; do
    echo "== $model (test users, mean ± std over seeds; $OUT/$model/summary.csv)"
    cat "$OUT/$model/summary.txt"
    echo
done
