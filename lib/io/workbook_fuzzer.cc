// Fuzz target for spreadsheets: the zip reader (minizip), the XML parser (expat), the .xlsx and .ods readers with
// their limits, the sheet mapping onto the dossier schema and a test schema, and the CNIL register import.
//
// `bazel test //lib/io:workbook_fuzzer_replay_test` replays the seed corpus (lib/io/workbook_fuzz_corpus) with the
// ordinary toolchain. To fuzz with libFuzzer and sanitizers, which need clang: `tools/load_fuzz.sh --workbook
// [SECONDS]`.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/util/message_differencer.h"
#include "lib/io/diagnostic.h"
#include "lib/io/format.h"
#include "lib/io/load.h"
#include "lib/io/ods.h"
#include "lib/io/read.h"
#include "lib/io/testdata/test_message.pb.h"
#include "lib/io/workbook.h"
#include "lib/io/write.h"
#include "lib/io/xlsx.h"

namespace {

// Stops the run when an invariant fails, so that the fuzzer records the input.
void Require(bool condition) {
  if (!condition) std::abort();
}

void CheckDiagnostics(const std::vector<hdsc::io::Diagnostic>& diagnostics) {
  for (const hdsc::io::Diagnostic& diagnostic : diagnostics) {
    Require(diagnostic.line == 0);  // a spreadsheet has no lines: the message names the cell
    Require(!diagnostic.message.empty());
    Require(diagnostic.file == "fuzz");
  }
  Require(diagnostics.size() <= hdsc::io::kMaxDiagnostics + 1);
}

// A fuzzer may not spend its time on inputs the limits would only refuse late: smaller limits keep runs fast.
hdsc::io::WorkbookLimits SmallLimits() {
  hdsc::io::WorkbookLimits limits;
  limits.zip.max_total_bytes = 8 << 20;
  limits.max_rows = 2000;
  limits.max_cells = 20000;
  return limits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The containers alone, under small limits.
  for (auto read : {hdsc::io::ReadXlsx, hdsc::io::ReadOds}) {
    absl::StatusOr<hdsc::io::Workbook> workbook = read(bytes, SmallLimits());
    if (!workbook.ok()) {
      Require(!workbook.status().message().empty());
      continue;
    }
    for (const hdsc::io::Sheet& sheet : workbook->sheets) Require(static_cast<int>(sheet.rows.size()) <= 2000);
  }
  for (hdsc::io::Format format : {hdsc::io::Format::kXlsx, hdsc::io::Format::kOds}) {
    hdsc::io::LoadOptions options;
    options.format = format;
    absl::StatusOr<hdsc::io::LoadedDossier> loaded = hdsc::io::LoadDossier(bytes, "fuzz", options);
    Require(loaded.ok());  // only an oversized input fails outright
    CheckDiagnostics(loaded->diagnostics);
    if (loaded->valid()) {
      // What reads cleanly writes, and reads back the same.
      for (hdsc::io::Format again : {hdsc::io::Format::kXlsx, hdsc::io::Format::kOds}) {
        std::vector<hdsc::io::Diagnostic> problems;
        absl::StatusOr<std::string> written =
            hdsc::io::WriteMessage(loaded->dossier, again, hdsc::io::WriteOptions(), "fuzz", &problems);
        if (!written.ok()) continue;  // e.g. a text of more than 32,767 characters, refused by the writer
        hdsc::io::LoadOptions back_options;
        back_options.format = again;
        absl::StatusOr<hdsc::io::LoadedDossier> back = hdsc::io::LoadDossier(*written, "fuzz", back_options);
        Require(back.ok() && back->valid());
        Require(google::protobuf::util::MessageDifferencer::Equals(loaded->dossier, back->dossier));
      }
    }
    hdsc::io::test::TestMessage message;
    absl::StatusOr<hdsc::io::ReadResult> read = hdsc::io::ReadMessage(bytes, "fuzz", options, &message);
    Require(read.ok());
    CheckDiagnostics(read->diagnostics);
  }
  return 0;
}
