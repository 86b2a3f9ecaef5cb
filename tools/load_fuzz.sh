#!/usr/bin/env bash
# Builds the dossier-loading fuzz target (lib/io/load_fuzzer.cc: JSON, text and binary readers plus the
# semantic checks) with clang's libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, then runs it
# on a copy of the seed corpus. Bazel builds with gcc, which has no libFuzzer; this script compiles the same
# sources with clang against the same system libraries. `bazel test //lib/io:load_fuzzer_replay_test`
# replays the corpus with gcc.
#
#   tools/load_fuzz.sh [SECONDS] [LIBFUZZER_FLAGS...]     (default 300 seconds)
#
# Work happens in ${LOAD_FUZZ_DIR:-/tmp/hdsc-load-fuzz}: generated protobuf code, the binary, the growing
# corpus, and any crash-*/timeout-*/oom-* reproducers. A reproducer replays with
# `$LOAD_FUZZ_DIR/load_fuzzer FILE`; once fixed, copy it into lib/io/fuzz_corpus/ so the replay test keeps
# it fixed.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
work="${LOAD_FUZZ_DIR:-/tmp/hdsc-load-fuzz}"
mkdir -p "$work/gen" "$work/corpus" "$work/artifacts"

# The dossier schema and the readers' test schema, compiled as Bazel's hdsc_proto_library does.
protos=(lib/model/breach.proto lib/model/common.proto lib/model/dossier.proto lib/model/evidence.proto
        lib/model/isms.proto lib/model/organization.proto lib/model/processing.proto lib/model/processor.proto
        lib/model/request.proto lib/io/testdata/test_message.proto)
protoc -I. -I/usr/include --cpp_out="$work/gen" "${protos[@]}"
generated=()
for proto in "${protos[@]}"; do generated+=("$work/gen/${proto%.proto}.pb.cc"); done

# The loader's sources: every non-test .cc of lib/io except the replay driver, and the reference data.
sources=()
for source in lib/io/*.cc; do
  case "$source" in
    *_test.cc | lib/io/fuzz_replay_main.cc) ;;
    *) sources+=("$source") ;;
  esac
done
sources+=(lib/model/reference.cc)

# The same Abseil libraries Bazel links (third_party/system/BUILD.bazel is the one list).
mapfile -t absl_libs < <(grep -o '"-labsl_[a-z0-9_]*"' third_party/system/BUILD.bazel | tr -d '"' | sort -u)

echo "load_fuzz: compiling ${#sources[@]} sources with clang++ (libFuzzer + ASan + UBSan)"
clang++ -std=c++17 -g -O1 -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I. -I"$work/gen" "${sources[@]}" "${generated[@]}" -o "$work/load_fuzzer" \
  -lprotobuf "${absl_libs[@]}" -lpthread

cp -n lib/io/fuzz_corpus/* tests/corpus/invalid/* controls/examples/*.json "$work/corpus/" 2>/dev/null || true
echo "load_fuzz: fuzzing for ${seconds}s in $work"
cd "$work/artifacts"
"$work/load_fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 "$@" "$work/corpus"
