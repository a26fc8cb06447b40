#!/usr/bin/env bash
# Runs, or resumes, every committed paper reproduction on the real data, in an order that
# finishes one issue's runs before the next one's (days on 2 cores; stop it any time and
# run it again).
#
#   scripts/reproduce.sh              # everything, 2 lanes (one run each, 1 BLAS thread)
#   scripts/reproduce.sh --list       # the queue, with each spec's grid size
#   scripts/reproduce.sh --status     # how far each spec is (vaelab status, first line)
#   LANES=1 scripts/reproduce.sh      # one run at a time (leaves a core free)
#   LANES=1 BLAS_THREADS=2 scripts/reproduce.sh   # one run at a time on both cores
#   scripts/reproduce.sh --help       # this text
#
# Each lane walks the whole queue, one `vaelab run <spec> --workers 1` after another; the
# lanes share the work through the runs' claims, so a lane moves on to the next spec
# while the other finishes a long run. Completed runs are skipped, unfinished ones resume
# from their last checkpoint, and cells shared with another spec (same run id) are copied
# with --reuse-from rather than trained twice (or left to the lane training them). A last
# pass copies what one lane finished after the other had passed by. Every step ends by
# rewriting its tables and paper.md. Needs the shared datasets (VAELAB_SHARED_DATA, default
# ../shared/data) and, for ML-100K, scripts/setup.sh's data/ (VAELAB_DATA).
set -euo pipefail
case "${1:-}" in
    ""|--list|--status) ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "reproduce.sh: unknown argument '$1' (expected --list, --status or --help)" >&2; exit 64 ;;
esac
cd "$(dirname "$0")/.."
export VAELAB_SHARED_DATA="${VAELAB_SHARED_DATA:-$(cd .. && pwd)/shared/data}"
export VAELAB_DATA="${VAELAB_DATA:-$PWD/data}"
LANES="${LANES:-2}"
BLAS_THREADS="${BLAS_THREADS:-1}"
case "$LANES$BLAS_THREADS" in *[!0-9]*) echo "reproduce.sh: LANES and BLAS_THREADS must be whole numbers" >&2; exit 64 ;; esac

# Checkpoints are not committed (a Mult-VAE checkpoint on Gowalla is ≈ 0.6 GB), so a run
# resumes only on the machine that started it. Where each session gets a new machine, a run
# must finish within the session: two lanes at one thread give the most runs per hour, one
# lane at two threads finishes each run soonest (Mult-VAE on Gowalla, 2026-11-25, AMD EPYC
# without AVX-512: 75 s per epoch in each of two lanes, 44 s alone on both cores, so 200
# epochs take ≈ 2.5 h only in the second way).

# Cost, one run on one core of this 2-core machine (2026-11-24, the other core busy; 1- or
# 2-epoch copies of the specs through `vaelab run --workers 1 --blas-threads 1`):
# BiVAE on Kindle ≈ 2 s per epoch (500 epochs ≈ 17 min), on Gowalla ≈ 10–15 s (200 epochs
# ≈ 40 min); DualVAE on Kindle ≈ 22 s (≈ 3 h; 12.0 s with both cores on an idle machine);
# Mult-VAE on Epinions ≈ 12 s CPU (200 epochs ≈ 40 min), on Gowalla ≈ 65–70 s CPU (≈ 4 h).
#
# spec | options. First the smoothing sweep's BiVAE cells at seed 1 (6 runs, ≈ 3 core-hours):
# they test whether another α gives BiVAE the paper's gain, the largest gap in Table 2. Then
# the order finishes one issue's runs before the next one's: issue 6's spectra (they also
# make the DualVAE seed-1 runs of Table 2 and the Gowalla Mult-VAE seed-1 runs of the PIA
# ablation), then issue 4's Mult-VAE baseline (≈ 3 core-hours), BiVAE ± smoothing under the other
# likelihoods (≈ 2) and DualVAE ± smoothing under mult (≈ 6), DirectSpec's weight on DualVAE
# (5 runs of 100 epochs, ≈ 3), Table 2 and smoothing sweep — BiVAE at every
# seed, DualVAE at seed 1 (≈ 18 core-hours; its seeds 2 and 3 come last, ≈ 36 more) — then
# issue 5's ablations on Epinions and Gowalla. Shared cells are copied from the folders
# before them.
QUEUE=(
    "experiments/ls-sweep-kindle.json|--only model=bivae;seed=1 --reuse-from results/ls-table2-kindle,results/spectra-kindle"
    "experiments/spectra-kindle.json|"
    "experiments/spectra-gowalla.json|"
    "experiments/spectra-gowalla-multvae.json|"
    "experiments/ls-multvae-kindle.json|"
    "experiments/ls-likelihood-kindle.json|--reuse-from results/ls-table2-kindle"
    "experiments/ls-dualvae-mult-kindle.json|"
    "experiments/directspec-calibration-kindle.json|"
    "experiments/ls-table2-kindle.json|--reuse-from results/spectra-kindle"
    "experiments/ls-sweep-kindle.json|--only model=bivae --reuse-from results/ls-table2-kindle,results/spectra-kindle"
    "experiments/ls-sweep-kindle.json|--only seed=1 --reuse-from results/ls-table2-kindle,results/spectra-kindle"
    "experiments/pia-epinions.json|"
    "experiments/sweeps-epinions.json|--reuse-from results/pia-epinions"
    "experiments/pia-gowalla.json|--reuse-from results/spectra-gowalla-multvae"
    "experiments/ls-sweep-kindle.json|--reuse-from results/ls-table2-kindle,results/spectra-kindle"
)

if [ "${1:-}" = "--status" ]; then
    VAELAB="$(swift build -c release --show-bin-path)/vaelab"
    printf '%s\n' "${QUEUE[@]%%|*}" | awk '!seen[$0]++' | while read -r spec; do
        "$VAELAB" status "$spec" < /dev/null | sed -n 1p
    done
    exit 0
fi

if [ "${1:-}" = "--list" ]; then
    VAELAB="$(swift build -c release --show-bin-path)/vaelab"
    for entry in "${QUEUE[@]}"; do
        read -r -a options <<< "${entry#*|}"
        only=""
        for ((i = 0; i < ${#options[@]}; i++)); do
            [ "${options[$i]}" = "--only" ] && only="${options[$((i + 1))]}"
        done
        echo "$("$VAELAB" run "${entry%%|*}" --dry-run ${only:+--only "$only"} | sed -n 1p)${only:+ (only $only)}"
    done
    exit 0
fi

swift build -c release 2>&1 | tail -n 1
# The queue runs a snapshot of the binary, so rebuilding while it runs (hours) cannot switch
# code between two runs of a grid. `cp -p` keeps the build time that status.json's
# buildCommit is judged by; the rename leaves a snapshot in use by a running queue intact.
BUILT="$(swift build -c release --show-bin-path)/vaelab"
VAELAB="$(dirname "$BUILT")/vaelab-reproduce"
cp -p "$BUILT" "$VAELAB.tmp.$$" && mv -f "$VAELAB.tmp.$$" "$VAELAB"

# One pass over the queue, one run at a time.
pass_over_queue() {
    for entry in "${QUEUE[@]}"; do
        spec="${entry%%|*}"
        read -r -a options <<< "${entry#*|}"
        echo "reproduce: $spec ${options[*]:-}" >&2
        # Reuse folders that do not exist yet are skipped (their specs have not run).
        kept=()
        for ((i = 0; i < ${#options[@]}; i++)); do
            if [ "${options[$i]}" = "--reuse-from" ]; then
                folders=()
                IFS=',' read -r -a candidates <<< "${options[$((i + 1))]}"
                for f in "${candidates[@]}"; do [ -d "$f/runs" ] && folders+=("$f"); done
                [ ${#folders[@]} -gt 0 ] && kept+=(--reuse-from "$(IFS=','; echo "${folders[*]}")")
                i=$((i + 1))
            else
                kept+=("${options[$i]}")
            fi
        done
        # A failed run is reported and left for --retry-failed; the queue goes on.
        "$VAELAB" run "$spec" --workers 1 --blas-threads "$BLAS_THREADS" ${kept[@]+"${kept[@]}"} || true
    done
}

for ((lane = 1; lane <= LANES; lane++)); do
    pass_over_queue 2>&1 | sed -u "s/^/[lane $lane] /" &
    sleep 5   # let the first lane claim its run before the next one looks
done
wait
pass_over_queue 2>&1 | sed -u "s/^/[last pass] /"
