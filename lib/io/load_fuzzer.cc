// Fuzz target for dossier loading: the JSON parser and reader, the text-format reader and the binary
// reader, each followed by the semantic checks, on the dossier schema and on a test schema with every kind
// of field (maps, wrappers, Struct, Duration, ...).
//
// `bazel test //lib/io:load_fuzzer_replay_test` replays the seed corpus (lib/io/fuzz_corpus, the example
// dossiers and tests/corpus/invalid) with the ordinary toolchain. To fuzz with libFuzzer and sanitizers,
// which need clang: `tools/load_fuzz.sh [SECONDS]`.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lib/io/diagnostic.h"
#include "lib/io/format.h"
#include "lib/io/load.h"
#include "lib/io/read.h"
#include "lib/io/testdata/test_message.pb.h"

namespace {

// Stops the run when an invariant fails, so that the fuzzer records the input.
void Require(bool condition) {
  if (!condition) std::abort();
}

// Every located diagnostic points inside the input.
void CheckLocations(const std::vector<hdsc::io::Diagnostic>& diagnostics, std::string_view bytes) {
  int lines = 1;
  for (char c : bytes) lines += c == '\n' ? 1 : 0;
  for (const hdsc::io::Diagnostic& diagnostic : diagnostics) {
    Require(diagnostic.line >= 0 && diagnostic.line <= lines);
    Require(diagnostic.line == 0 || diagnostic.column >= 1);
    Require(!diagnostic.message.empty());
    Require(!diagnostic.ToString().empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (hdsc::io::Format format : {hdsc::io::Format::kJson, hdsc::io::Format::kTextproto, hdsc::io::Format::kBinary}) {
    hdsc::io::LoadOptions options;
    options.format = format;
    absl::StatusOr<hdsc::io::LoadedDossier> loaded = hdsc::io::LoadDossier(bytes, "fuzz", options);
    Require(loaded.ok());  // only an unknown format or an oversized input fail outright
    CheckLocations(loaded->diagnostics, bytes);
    if (loaded->valid() && format != hdsc::io::Format::kBinary) {
      // What loads cleanly from text must load cleanly from its binary encoding too.
      hdsc::io::LoadOptions binary;
      binary.format = hdsc::io::Format::kBinary;
      const std::string encoded = loaded->dossier.SerializeAsString();
      absl::StatusOr<hdsc::io::LoadedDossier> again = hdsc::io::LoadDossier(encoded, "fuzz.pb", binary);
      Require(again.ok() && (encoded.empty() || again->valid()));
    }

    hdsc::io::test::TestMessage message;
    absl::StatusOr<hdsc::io::ReadResult> read = hdsc::io::ReadMessage(bytes, "fuzz", options, &message);
    Require(read.ok());
    CheckLocations(read->diagnostics, bytes);
  }
  return 0;
}
