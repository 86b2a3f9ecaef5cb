#!/usr/bin/env bash
# Builds the CEL fuzz target (lib/expr/cel_fuzzer.cc: parse + check + evaluate) with clang's
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, then runs it on a copy of the seed
# corpus. Bazel builds with gcc, which has no libFuzzer; this script compiles the same sources with
# clang against the same system libraries. `bazel test //lib/expr:cel_fuzzer_replay_test` replays
# the corpus with gcc.
#
#   tools/cel_fuzz.sh [SECONDS] [LIBFUZZER_FLAGS...]     (default 300 seconds)
#
# Work happens in ${CEL_FUZZ_DIR:-/tmp/hdsc-cel-fuzz}: the binary, the growing corpus, and any
# crash-*/timeout-*/oom-* reproducers. A reproducer replays with `$CEL_FUZZ_DIR/cel_fuzzer FILE`;
# once fixed, copy it into lib/expr/fuzz_corpus/ so the replay test keeps it fixed.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
work="${CEL_FUZZ_DIR:-/tmp/hdsc-cel-fuzz}"
mkdir -p "$work/corpus" "$work/artifacts"

# The dossier's messages (the fuzz target's records), with the field accessors Bazel generates for them
# (third_party/system/proto.bzl), so that batches of records take the paths that read fields in place.
models=(lib/model/breach.proto lib/model/common.proto lib/model/dossier.proto lib/model/evidence.proto
  lib/model/isms.proto lib/model/organization.proto lib/model/processing.proto lib/model/processor.proto
  lib/model/request.proto)
mkdir -p "$work/gen"
protoc -I. -I/usr/include --cpp_out="$work/gen" "${models[@]}"
protoc -I. -I/usr/include --include_imports --descriptor_set_out="$work/gen/model.pb" "${models[@]}"
clang++ -std=c++17 -O1 -I. lib/base/field_accessors_gen.cc -o "$work/field_accessors_gen" -lprotobuf
"$work/field_accessors_gen" "$work/gen/model.pb" "$work/gen/field_accessors.cc" "${models[@]}"

# The engine's sources: every non-test .cc of lib/expr, what it uses of lib/base, plus the fuzz target.
sources=(lib/base/field_accessors.cc lib/base/regex.cc lib/base/suggest.cc lib/base/utf8.cc "$work/gen/field_accessors.cc")
for model in "${models[@]}"; do sources+=("$work/gen/${model%.proto}.pb.cc"); done
for source in lib/expr/*.cc; do
  case "$source" in
    *_test.cc) ;;
    *) sources+=("$source") ;;
  esac
done

# The same Abseil libraries Bazel links (third_party/system/BUILD.bazel is the one list).
mapfile -t absl_libs < <(sed -n '/^ABSL_LIBS = \[/,/^\]/p' third_party/system/BUILD.bazel | grep -o '"absl_[a-z0-9_]*"' |
  tr -d '"' | sed 's/^/-l/')

echo "cel_fuzz: compiling ${#sources[@]} sources with clang++ (libFuzzer + ASan + UBSan)"
clang++ -std=c++17 -g -O1 -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I. -I"$work/gen" "${sources[@]}" -o "$work/cel_fuzzer" \
  -lprotobuf -lre2 "${absl_libs[@]}" -lpthread

echo "cel_fuzz: fuzzing for ${seconds}s in $work"
cd "$work/artifacts"
exec "$work/cel_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=4096 "$@" "$work/corpus" "$OLDPWD/lib/expr/fuzz_corpus"
