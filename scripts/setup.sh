#!/usr/bin/env bash
# Sets up a Debian machine for VAELab. Idempotent: safe to run again; it only installs or
# fetches what is missing.
#   - OpenBLAS and LAPACKE (libopenblas-dev, liblapacke-dev) from Debian, never the
#     reference libblas-dev;
#   - pip and unzip, if absent;
#   - MovieLens 100K (ml-100k.inter) from the recbole==1.2.1 wheel on PyPI, checked by
#     SHA-256, into data/ml-100k/ (git-ignored; MovieLens may not be redistributed).
set -euo pipefail
cd "$(dirname "$0")/.."

ML100K_SHA256=4edb74e2a81178c2ba9ff381495f754f996c4aea351b1272ca36b43da0935eff
DATA_DIR="${VAELAB_DATA:-$PWD/data}"

say() { printf 'setup: %s\n' "$*"; }

# 1. System packages.
missing=()
for pkg in libopenblas-dev liblapacke-dev unzip python3-pip; do
    case "$pkg" in
        python3-pip) command -v pip3 >/dev/null 2>&1 || command -v pip >/dev/null 2>&1 || missing+=("$pkg") ;;
        unzip) command -v unzip >/dev/null 2>&1 || missing+=("$pkg") ;;
        *) dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
    esac
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    say "system packages present (libopenblas-dev, liblapacke-dev, unzip, pip)"
fi
command -v swift >/dev/null 2>&1 || { echo "setup: swift is not on PATH; install Swift 6 from swift.org" >&2; exit 1; }

# 2. MovieLens 100K from the recbole wheel.
target="$DATA_DIR/ml-100k/ml-100k.inter"
if [ -f "$target" ] && echo "$ML100K_SHA256  $target" | sha256sum -c --status; then
    say "MovieLens 100K present at $target"
else
    say "fetching MovieLens 100K from the recbole==1.2.1 wheel (PyPI)"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    PIP=$(command -v pip3 || command -v pip)
    "$PIP" download --no-deps --quiet --disable-pip-version-check recbole==1.2.1 -d "$tmp"
    unzip -q -o -j "$tmp"/recbole-1.2.1-*.whl 'recbole/dataset_example/ml-100k/ml-100k.inter' -d "$tmp"
    if ! echo "$ML100K_SHA256  $tmp/ml-100k.inter" | sha256sum -c --status; then
        echo "setup: ml-100k.inter from the wheel has SHA-256 $(sha256sum "$tmp/ml-100k.inter" | cut -d' ' -f1), expected $ML100K_SHA256" >&2
        exit 1
    fi
    mkdir -p "$DATA_DIR/ml-100k"
    mv "$tmp/ml-100k.inter" "$target.partial"
    mv "$target.partial" "$target"
    say "MovieLens 100K written to $target"
fi
