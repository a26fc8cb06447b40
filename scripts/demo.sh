#!/usr/bin/env bash
# Sets up the machine, builds VAELab in release mode and runs the quickstart experiment
# (experiments/quickstart-ml100k.json: Mult-VAE on MovieLens 100K, label smoothing × KL cap,
# 2 seeds) through the resumable runner, ending with its summary table. This is the README's
# first command; run it again and it finds its runs done.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build -c release 2>&1 | tail -n 1
VAELAB="$(swift build -c release --show-bin-path)/vaelab"
SPEC="${1:-experiments/quickstart-ml100k.json}"
"$VAELAB" run "$SPEC"
