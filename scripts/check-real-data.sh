#!/usr/bin/env bash
# Real-data checks, run by scripts/test.sh after the unit tests, with a release build:
#   1. `vaelab data stats` on the shared datasets reproduces their published counts;
#   2. Mult-VAE and Mult-DAE train on MovieLens 100K under the vae_cf protocol, reach the
#      quality of the committed results (within a tolerance), and are bit-for-bit
#      deterministic for a seed whatever the number of BLAS threads;
#   3. the vae_cf protocol runs on the CiteULike-a file end to end (split, export, train).
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

echo "-- MovieLens 100K, vae_cf protocol (40 epochs)"
for model in multvae multdae; do
    for threads in 1 2; do
        "$VAELAB" train --config experiments/ml100k-$model.json --data "$ML100K" --epochs 40 --seed 1 \
            --blas-threads $threads --quiet --output "$WORK/$model-$threads" > "$WORK/$model-$threads.txt" 2>/dev/null
    done
    cat "$WORK/$model-1.txt" | sed 's/  \[.*//'
    # Determinism: the per-user metrics are identical with 1 and 2 BLAS threads.
    cmp -s "$WORK/$model-1/per_user.csv" "$WORK/$model-2/per_user.csv" \
        || fail "$model: per-user metrics differ between 1 and 2 BLAS threads"
    # Quality: NDCG@100 after 40 epochs well above what an untrained model gets (≈0.15; the committed 200-epoch results are ≈0.46).
    python3 - "$WORK/$model-1/metrics.json" <<'PY' || fail "$model: NDCG@100 below 0.33 after 40 epochs"
import json, sys
m = json.load(open(sys.argv[1]))["test"]["NDCG@100"]["mean"]
print(f"check: NDCG@100 = {m:.4f} (floor 0.33)")
sys.exit(0 if m >= 0.33 else 1)
PY
done

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
