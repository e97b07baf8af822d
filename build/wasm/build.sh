#!/bin/sh
# Rebuilds resources/wasm/enlarge.wasm from build/wasm/enlarge.c. Needs Debian's clang-14
# and lld-14 (apt-get install clang-14 lld-14); the .wasm is committed, so neither the app
# nor CI needs them. WebAssembly SIMD (simd128) is in every Node and Electron we support.
set -eu
here=$(dirname "$0")
clang-14 --target=wasm32 -O3 -msimd128 -nostdlib -fno-builtin \
  -Wl,--no-entry -Wl,--import-memory -Wl,--export=__heap_base -Wl,--strip-all -fuse-ld=/usr/bin/wasm-ld-14 \
  -o "$here/../../resources/wasm/enlarge.wasm" "$here/enlarge.c"
