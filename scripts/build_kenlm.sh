#!/usr/bin/env bash
# Build KenLM's lmplz and build_binary (model BUILDING only; run time needs just `pip install kenlm==0.3.0`).
#
# No git/GitHub: the C++ source comes from the PyPI sdist kenlm-0.3.0.tar.gz (it contains
# lm/builder/lmplz_main.cc and the full CMake build), fetched with pip and checked by sha256.
#
#   scripts/build_kenlm.sh                  # -> $KENLM_BUILD/bin/{lmplz,build_binary}
#   KENLM_BUILD=/somewhere scripts/build_kenlm.sh
#   scripts/build_kenlm.sh --install-deps   # first apt-get the build dependencies (Debian, root)
#
# Build dependencies (Debian): g++ cmake libboost-program-options-dev libboost-system-dev
# libboost-thread-dev libboost-test-dev zlib1g-dev libbz2-dev liblzma-dev
set -euo pipefail

KENLM_VERSION=0.3.0
KENLM_SHA256=c4628bb9fb63c8a6f9240035b8b037385cfc404cb72e933cf48878291edac1e8
KENLM_BUILD=${KENLM_BUILD:-/tmp/kenlm-build}
PYTHON=${PYTHON:-python3}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

if [[ "${1:-}" == "--install-deps" ]]; then
    apt-get update
    apt-get install -y --no-install-recommends g++ make cmake libboost-program-options-dev \
        libboost-system-dev libboost-thread-dev libboost-test-dev zlib1g-dev libbz2-dev liblzma-dev
fi

if [[ -x "$KENLM_BUILD/bin/lmplz" && -x "$KENLM_BUILD/bin/build_binary" ]]; then
    echo "KenLM already built: $KENLM_BUILD/bin/{lmplz,build_binary}"
    exit 0
fi

for tool in cmake make g++; do
    command -v "$tool" >/dev/null || { echo "missing $tool; run: $0 --install-deps" >&2; exit 1; }
done
if [[ ! -e /usr/include/boost/program_options.hpp ]]; then
    echo "missing Boost headers; run: $0 --install-deps" >&2
    exit 1
fi

mkdir -p "$KENLM_BUILD/dl"
SDIST="$KENLM_BUILD/dl/kenlm-$KENLM_VERSION.tar.gz"
if [[ ! -f "$SDIST" ]]; then
    # --no-binary kenlm: the sdist, not a wheel; pip prepares metadata only (no C++ compile here)
    "$PYTHON" -m pip download --no-deps --no-binary kenlm "kenlm==$KENLM_VERSION" -d "$KENLM_BUILD/dl"
fi
echo "$KENLM_SHA256  $SDIST" | sha256sum -c -

SRC="$KENLM_BUILD/src"
rm -rf "$SRC"
mkdir -p "$SRC"
tar xzf "$SDIST" -C "$SRC" --strip-components=1
test -f "$SRC/lm/builder/lmplz_main.cc" || { echo "sdist lacks lm/builder (lmplz)" >&2; exit 1; }

cd "$KENLM_BUILD"
cmake "$SRC" -DCMAKE_BUILD_TYPE=Release -DKENLM_MAX_ORDER=6
make -j"$JOBS" lmplz build_binary
ls -l "$KENLM_BUILD/bin/lmplz" "$KENLM_BUILD/bin/build_binary"
