#!/usr/bin/env bash
# Builds the C ABI fuzz target (capi/capi_fuzzer.cc) with clang's libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer, over the whole library, then runs it on a copy of its seed corpus (capi/fuzz_corpus,
# written by tools/capi_fuzz_seeds.py). Bazel builds with gcc, which has no libFuzzer; this script compiles the same
# sources with clang against the same system libraries. `bazel test //capi:capi_fuzzer_replay_test` replays the
# corpus with gcc.
#
#   tools/capi_fuzz.sh [SECONDS] [LIBFUZZER_FLAGS...]     (default 300 seconds)
#
# Work happens in ${CAPI_FUZZ_DIR:-/tmp/hdsc-capi-fuzz}: generated protobuf code, the binary, the growing corpus,
# and any crash-*/timeout-*/oom-* reproducers. A reproducer replays with `$CAPI_FUZZ_DIR/capi_fuzzer FILE`; once
# fixed, copy it into capi/fuzz_corpus so the replay test keeps it fixed.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
work="${CAPI_FUZZ_DIR:-/tmp/hdsc-capi-fuzz}"
mkdir -p "$work/corpus" "$work/artifacts" "$work/gen"

protoc -I. -I/usr/include --cpp_out="$work/gen" lib/model/*.proto

sources=("$work"/gen/lib/model/*.pb.cc capi/hdsc.cc capi/capi_fuzzer.cc)
for source in lib/*/*.cc; do
  case "$source" in
    *_test.cc | *_fuzzer.cc | *_main.cc | *_gen.cc | lib/report/test_report.cc) ;;
    *) sources+=("$source") ;;
  esac
done

mapfile -t absl_libs < <(sed -n '/^ABSL_LIBS = \[/,/^\]/p' third_party/system/BUILD.bazel | grep -o '"absl_[a-z0-9_]*"' |
  tr -d '"' | sed 's/^/-l/')

objects="$work/objects"
# Objects are reused from the last run when their source is older; any change to a header or a schema (which
# changes the generated headers) rebuilds them all.
stamp=$(cat lib/*/*.h capi/*.h lib/model/*.proto | sha256sum | cut -d' ' -f1)
if [ "$(cat "$objects/stamp" 2>/dev/null)" != "$stamp" ]; then rm -rf "$objects"; fi
mkdir -p "$objects"
echo "$stamp" >"$objects/stamp"
echo "capi_fuzz: compiling ${#sources[@]} sources with clang++ (libFuzzer + ASan + UBSan)"
# One object per source, two at a time: a single clang invocation over everything needs more memory than it saves.
printf '%s\n' "${sources[@]}" | xargs -P 2 -I{} sh -c '
  out="$0/$(echo "{}" | tr / _).o"
  [ "$out" -nt "{}" ] || clang++ -std=c++17 -g -O1 -fno-omit-frame-pointer \
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
    -I. -I"$1" -c "{}" -o "$out"' "$objects" "$work/gen"
clang++ -fsanitize=fuzzer,address,undefined "$objects"/*.o -o "$work/capi_fuzzer" \
  -lprotobuf -lre2 -lcrypto -lminizip -lz -lexpat "${absl_libs[@]}" -lpthread

echo "capi_fuzz: fuzzing for ${seconds}s in $work"
cd "$work/artifacts"
exec "$work/capi_fuzzer" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
  -max_len=16384 "$@" "$work/corpus" "$OLDPWD/capi/fuzz_corpus"
