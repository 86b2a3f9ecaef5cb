// Fuzz target for rule packs: the input is one pack file. It is parsed, validated and, if it loads, compiled and run
// on an empty dossier and on a small one. Whatever the input, loading must end in a status, never a crash, a hang or
// a leak. And whatever ReadCommonTextFormat reads, protobuf's parser must read the same (the reader's promise).
// tools/pack_fuzz.sh runs it with clang's libFuzzer; //lib/check:pack_fuzzer_replay_test replays the corpus.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "lib/check/checker.h"
#include "lib/model/dossier.pb.h"
#include "lib/model/rules.pb.h"
#include "lib/rules/common_text_format.h"

namespace {

void ExpectTextReadAsProtobufParses(const std::string& text) {
  hdsc::v1::Pack read;
  hdsc::rules::TextLocations locations;
  if (!hdsc::rules::ReadCommonTextFormat(text, &read, &locations)) return;
  hdsc::v1::Pack parsed;
  if (!google::protobuf::TextFormat::ParseFromString(text, &parsed) ||
      !google::protobuf::util::MessageDifferencer::Equals(read, parsed)) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Larger inputs only make the fuzzer slower, not the search better.
  if (size > 16384) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  ExpectTextReadAsProtobufParses(text);
  hdsc::check::CheckerOptions options;
  options.rule_sources = {{"fuzz.textpb", text}};
  std::vector<hdsc::io::Diagnostic> diagnostics;
  absl::StatusOr<std::unique_ptr<hdsc::check::Checker>> checker = hdsc::check::Checker::Create(options, &diagnostics);
  if (!checker.ok()) return 0;

  hdsc::v1::Dossier dossier;
  dossier.set_title("fuzz");
  hdsc::v1::Breach* breach = dossier.add_breaches();
  breach->set_id("B-1");
  breach->mutable_aware_at()->set_seconds(1'700'000'000);
  dossier.mutable_isms()->add_assets()->set_id("A-1");
  dossier.add_processing_activities()->set_id("P-1");
  hdsc::v1::Waiver* waiver = dossier.add_waivers();
  waiver->set_rule_id("*");
  waiver->set_subject("*[0]");
  waiver->set_reason("fuzz");
  waiver->set_approver("fuzz");
  waiver->mutable_expires_at()->set_seconds(1'800'000'000);

  hdsc::check::CheckOptions check;
  check.now = absl::FromUnixSeconds(1'795'824'000);
  for (const hdsc::v1::Dossier& subject : {hdsc::v1::Dossier(), dossier}) {
    for (const char* language : {"en", "fr"}) {
      check.language = language;
      absl::StatusOr<hdsc::v1::Report> report = (*checker)->Check(subject, check);
      if (!report.ok()) return 0;
    }
  }
  return 0;
}
