#!/usr/bin/env bash
# Builds the rule pack fuzz target (lib/check/pack_fuzzer.cc: load, validate, compile and run one pack file) with
# clang's libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, then runs it on a copy of the seed corpus.
# Bazel builds with gcc, which has no libFuzzer; this script compiles the same sources with clang against the same
# system libraries. `bazel test //lib/check:pack_fuzzer_replay_test` replays the corpus with gcc.
#
#   tools/pack_fuzz.sh [SECONDS] [LIBFUZZER_FLAGS...]     (default 300 seconds)
#
# Work happens in ${PACK_FUZZ_DIR:-/tmp/hdsc-pack-fuzz}. A reproducer replays with `$PACK_FUZZ_DIR/pack_fuzzer FILE`;
# once fixed, copy it into lib/check/fuzz_corpus/ so the replay test keeps it fixed.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
work="${PACK_FUZZ_DIR:-/tmp/hdsc-pack-fuzz}"
mkdir -p "$work/corpus" "$work/artifacts" "$work/gen"

# The schemas, generated as Bazel's hdsc_proto_library does.
protoc -I. -I/usr/include --cpp_out="$work/gen" lib/model/*.proto

# The sources of the checker and what it uses: CEL, packs, diagnostics, the schemas, and the fuzz target.
sources=("$work"/gen/lib/model/*.pb.cc lib/io/diagnostic.cc lib/check/checker.cc
  lib/check/message_template.cc lib/check/pack_fuzzer.cc)
for source in lib/base/*.cc lib/expr/*.cc lib/rules/*.cc; do
  case "$source" in
    *_test.cc | *_fuzzer.cc | *_gen.cc) ;;
    *) sources+=("$source") ;;
  esac
done

# The same Abseil libraries Bazel links (third_party/system/BUILD.bazel is the one list).
mapfile -t absl_libs < <(sed -n '/^ABSL_LIBS = \[/,/^\]/p' third_party/system/BUILD.bazel | grep -o '"absl_[a-z0-9_]*"' |
  tr -d '"' | sed 's/^/-l/')

echo "pack_fuzz: compiling ${#sources[@]} sources with clang++ (libFuzzer + ASan + UBSan)"
clang++ -std=c++17 -g -O1 -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I. -I"$work/gen" "${sources[@]}" -o "$work/pack_fuzzer" \
  -lprotobuf -lre2 -lcrypto "${absl_libs[@]}" -lpthread

echo "pack_fuzz: fuzzing for ${seconds}s in $work"
cd "$work/artifacts"
exec "$work/pack_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=16384 "$@" "$work/corpus" "$OLDPWD/lib/check/fuzz_corpus"
