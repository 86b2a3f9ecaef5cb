#!/usr/bin/env bash
# Builds a dossier-loading fuzz target of lib/io with clang's libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer, then runs it on a copy of its seed corpus:
# - by default lib/io/load_fuzzer.cc (JSON, text and binary readers plus the semantic checks), seeds in
#   lib/io/fuzz_corpus, the examples and tests/corpus/invalid;
# - with --workbook, lib/io/workbook_fuzzer.cc (zip, XML, .xlsx and .ods readers, the sheet mapping, the CNIL
#   register import), seeds in lib/io/workbook_fuzz_corpus.
# Bazel builds with gcc, which has no libFuzzer; this script compiles the same sources with clang against the
# same system libraries. `bazel test //lib/io:load_fuzzer_replay_test` (`workbook_fuzzer_replay_test`) replays
# the corpus with gcc.
#
#   tools/load_fuzz.sh [--workbook] [SECONDS] [LIBFUZZER_FLAGS...]     (default 300 seconds)
#
# Work happens in ${LOAD_FUZZ_DIR:-/tmp/hdsc-load-fuzz} (/tmp/hdsc-workbook-fuzz with --workbook): generated
# protobuf code, the binary, the growing corpus, and any crash-*/timeout-*/oom-* reproducers. A reproducer
# replays with `$LOAD_FUZZ_DIR/load_fuzzer FILE`; once fixed, copy it into the target's corpus directory so the
# replay test keeps it fixed.
set -euo pipefail

cd "$(dirname "$0")/.."
target=load_fuzzer
seeds=(lib/io/fuzz_corpus/* tests/corpus/invalid/* controls/examples/*.json)
default_work=/tmp/hdsc-load-fuzz
max_len=65536
if [ "${1:-}" = "--workbook" ]; then
  shift
  target=workbook_fuzzer
  seeds=(lib/io/workbook_fuzz_corpus/*)
  default_work=/tmp/hdsc-workbook-fuzz
  max_len=262144
fi
seconds="${1:-300}"
shift || true
work="${LOAD_FUZZ_DIR:-$default_work}"
mkdir -p "$work/gen" "$work/corpus" "$work/artifacts"

# The dossier schema and the readers' test schema, compiled as Bazel's hdsc_proto_library does.
protos=(lib/model/breach.proto lib/model/common.proto lib/model/dossier.proto lib/model/evidence.proto
        lib/model/isms.proto lib/model/organization.proto lib/model/processing.proto lib/model/processor.proto
        lib/model/request.proto lib/io/testdata/test_message.proto)
protoc -I. -I/usr/include --cpp_out="$work/gen" "${protos[@]}"
generated=()
for proto in "${protos[@]}"; do generated+=("$work/gen/${proto%.proto}.pb.cc"); done

# The loader's sources: every non-test .cc of lib/io except the replay driver and the other fuzz targets, the
# shared helpers of lib/base it uses, and the reference data.
sources=("lib/io/$target.cc")
for source in lib/io/*.cc; do
  case "$source" in
    *_test.cc | *_fuzzer.cc | lib/io/fuzz_replay_main.cc) ;;
    *) sources+=("$source") ;;
  esac
done
sources+=(lib/base/suggest.cc lib/base/utf8.cc lib/model/reference.cc)

# The same Abseil libraries Bazel links (third_party/system/BUILD.bazel is the one list).
mapfile -t absl_libs < <(sed -n '/^ABSL_LIBS = \[/,/^\]/p' third_party/system/BUILD.bazel | grep -o '"absl_[a-z0-9_]*"' |
  tr -d '"' | sed 's/^/-l/')

echo "load_fuzz: compiling ${#sources[@]} sources with clang++ (libFuzzer + ASan + UBSan)"
clang++ -std=c++17 -g -O1 -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I. -I"$work/gen" "${sources[@]}" "${generated[@]}" -o "$work/$target" \
  -lprotobuf "${absl_libs[@]}" -lminizip -lz -lexpat -lpthread

cp -n "${seeds[@]}" "$work/corpus/" 2>/dev/null || true
echo "load_fuzz: fuzzing $target for ${seconds}s in $work"
cd "$work/artifacts"
"$work/$target" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 "$@" "$work/corpus"
