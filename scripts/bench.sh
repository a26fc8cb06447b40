#!/usr/bin/env bash
# Issue 7's benchmark in one run: builds vaelab (release), makes the ML-20M-shaped synthetic
# matrix if it is missing (../shared/peers/make_data.py, into $PEER_DATA or bench-data/), then
# runs `vaelab bench --peers --grid --msd-rss` and leaves the JSON in results/bench/<date>.json (<date>-2.json, … if that exists).
#
#   scripts/bench.sh                       # the full run (extrapolated epochs, 30 batches)
#   scripts/bench.sh --full-epoch          # whole epochs for VAELab and the peers (slow)
#   scripts/bench.sh --batches 5 --warmup 1 --repetitions 1   # a quick look
#
# Any arguments are passed to `vaelab bench`. Environment: PEER_DATA (data folder, default
# bench-data), VAELAB_DATA (ML-100K for the grid, default data; scripts/setup.sh makes it),
# VAELAB_SHARED_DATA (the Kindle split, default ../shared/data), VAELAB_TORCH_WHEEL (a
# CPU-only torch wheel for the PyTorch peer). Only ratios are stable on a shared machine: the
# table and the JSON record the load average at the start and the end.
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    echo "(vaelab bench --help lists the options passed through.)"
    exit 0
fi
cd "$(dirname "$0")/.."

export PEER_DATA="${PEER_DATA:-$PWD/bench-data}"
PEERS="${VAELAB_PEERS:-../shared/peers}"

say() { printf 'bench: %s\n' "$*" >&2; }

say "building vaelab (release)"
swift build -c release --product vaelab >&2
BIN="$(swift build -c release --show-bin-path)/vaelab"

if [ ! -f "$PEER_DATA/ml20m_synth.indptr.i64" ] || [ ! -f "$PEER_DATA/ml20m_synth.npz" ]; then
    say "generating the ML-20M-shaped matrix into $PEER_DATA (about a minute)"
    mkdir -p "$PEER_DATA"
    PEER_DATA="$PEER_DATA" python3 "$PEERS/make_data.py" >&2
fi

extra=()
if [ -f "${VAELAB_DATA:-data}/ml-100k/ml-100k.inter" ]; then
    extra+=(--grid)
else
    say "no ${VAELAB_DATA:-data}/ml-100k/ml-100k.inter: the grid throughput is skipped (run scripts/setup.sh)"
fi

say "load before: $(cat /proc/loadavg 2>/dev/null || echo unknown)"
"$BIN" bench --data "$PEER_DATA/ml20m_synth" --peer-dir "$PEERS" --peers --msd-rss "${extra[@]}" "$@"
say "load after: $(cat /proc/loadavg 2>/dev/null || echo unknown)"
