#!/usr/bin/env bash
# Real-data checks, run by scripts/test.sh after the unit tests, with a release build:
#   1. `vaelab data stats` on the shared datasets reproduces their published counts;
#   2. experiments/ci-ml100k.json (Mult-VAE and Mult-DAE on MovieLens 100K, vae_cf protocol)
#      runs through `vaelab run` and passes `vaelab check` against the committed expected
#      values, with identical per-user results for 2 workers × 1 thread and 1 × 2;
#   3. experiments/ci-kindle.json (PoisVAE, BiVAE, DualVAE ± label smoothing on the Amazon
#      Kindle split, a few epochs) passes `vaelab check` against its expected values;
#   4. the vae_cf protocol runs on the CiteULike-a file end to end (split, export, train).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${VAELAB_SHARED_DATA:-$(cd .. && pwd)/shared/data}"
ML100K="${VAELAB_ML100K:-$PWD/data/ml-100k/ml-100k.inter}"
swift build -c release 2>&1 | tail -n 1
VAELAB="$(swift build -c release --show-bin-path)/vaelab"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "check: FAILED: $*" >&2; exit 1; }

# expect_line FILE PATTERN: the stats output must contain the line.
expect_line() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$(basename "$1"): expected '$2'"; }; }

echo "-- dataset counts"
if [ -d "$SHARED" ]; then
    "$VAELAB" data stats "$SHARED/akindle/train.csv" --format uidiid-csv > "$WORK/ak.txt"
    expect_line "$WORK/ak.txt" "rows:            294933"
    expect_line "$WORK/ak.txt" "users:           14356"
    expect_line "$WORK/ak.txt" "items:           15740"
    "$VAELAB" data stats "$SHARED/gowalla/train.txt" --format lightgcn > "$WORK/gw.txt"
    expect_line "$WORK/gw.txt" "rows:            810128"
    expect_line "$WORK/gw.txt" "users:           29858"
    "$VAELAB" data stats "$SHARED/epinions/train.txt" --format triples > "$WORK/ep.txt"
    expect_line "$WORK/ep.txt" "rows:            289645"
    "$VAELAB" data stats "$SHARED/citeulike-a/users.dat" --format citeulike > "$WORK/cu.txt"
    expect_line "$WORK/cu.txt" "rows:            204986"
    expect_line "$WORK/cu.txt" "users:           5551"
    echo "check: akindle, gowalla, epinions and citeulike-a counts as published"
else
    echo "check: shared datasets absent at $SHARED; skipping their counts"
fi

echo "-- MovieLens 100K guard: experiments/ci-ml100k.json through vaelab run + check"
export VAELAB_DATA="$(dirname "$(dirname "$ML100K")")"
"$VAELAB" run experiments/ci-ml100k.json --output "$WORK/ci-a" --workers 2 --blas-threads 1 > "$WORK/ci-a.txt" 2>/dev/null \
    || { cat "$WORK/ci-a.txt"; fail "vaelab run experiments/ci-ml100k.json"; }
"$VAELAB" check experiments/ci-ml100k.json --output "$WORK/ci-a" --expected experiments/expected/ci-ml100k.json \
    || fail "ML-100K metrics left their tolerance (experiments/expected/ci-ml100k.json)"
# Determinism: the same runs with 1 worker × 2 BLAS threads give identical per-user metrics.
"$VAELAB" run experiments/ci-ml100k.json --output "$WORK/ci-b" --workers 1 --blas-threads 2 > /dev/null 2>&1 \
    || fail "vaelab run experiments/ci-ml100k.json (1 worker)"
for run in "$WORK"/ci-a/runs/*/; do
    id=$(basename "$run")
    cmp -s "$run/per_user.csv" "$WORK/ci-b/runs/$id/per_user.csv" \
        || fail "run $id: per-user metrics differ between 2 workers × 1 thread and 1 worker × 2 threads"
done
echo "check: identical results with 2 workers × 1 BLAS thread and 1 worker × 2 threads"

echo "-- Amazon Kindle guard: experiments/ci-kindle.json through vaelab run + check"
if [ -d "$SHARED" ]; then
    export VAELAB_SHARED_DATA="$SHARED"
    "$VAELAB" run experiments/ci-kindle.json --output "$WORK/ci-kindle" --workers 2 --blas-threads 1 > "$WORK/ci-kindle.txt" 2>&1 \
        || { cat "$WORK/ci-kindle.txt"; fail "vaelab run experiments/ci-kindle.json"; }
    "$VAELAB" check experiments/ci-kindle.json --output "$WORK/ci-kindle" --expected experiments/expected/ci-kindle.json \
        || fail "Kindle metrics left their tolerance (experiments/expected/ci-kindle.json)"
else
    echo "check: shared datasets absent at $SHARED; skipping the Kindle guard"
fi

echo "-- CiteULike-a, vae_cf protocol end to end"
if [ -d "$SHARED" ]; then
    "$VAELAB" data split --data "$SHARED/citeulike-a/users.dat" --format citeulike --rating-threshold none \
        --held-out-users 500 --output "$WORK/cu-split" 2>/dev/null
    for f in train.csv validation_tr.csv validation_te.csv test_tr.csv test_te.csv unique_sid.txt; do
        [ -s "$WORK/cu-split/$f" ] || fail "citeulike split: $f missing"
    done
    "$VAELAB" train --data "$WORK/cu-split" --format vaecf --model multdae --epochs 10 --seed 1 --quiet \
        --output "$WORK/cu-dae" 2>/dev/null | sed 's/  \[.*//'
    python3 - "$WORK/cu-dae/metrics.json" <<'PY' || fail "citeulike: Mult-DAE NDCG@100 below 0.09 after 10 epochs"
import json, sys
m = json.load(open(sys.argv[1]))["test"]["NDCG@100"]["mean"]
print(f"check: NDCG@100 = {m:.4f} (floor 0.09; an untrained model gets ≈0.003)")
sys.exit(0 if m > 0.09 else 1)
PY
fi
echo "check: real-data checks passed"
