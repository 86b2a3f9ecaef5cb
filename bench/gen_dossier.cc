// Writes a synthetic dossier (bench/synthetic_dossier.h) to stdout, for timing the command line on large inputs:
//
//   bazel run -c opt //bench:gen_dossier -- 100000 > /tmp/100k.json
//   hdscheck check /tmp/100k.json --rules tests/check/starter --now 2026-11-28T00:00:00Z
//
// usage: gen_dossier RECORDS [json|textproto|binary|size] [SEED]
// `size` prints the dossier's protobuf size instead: in memory (SpaceUsedLong) and serialized, in bytes.
#include <cstdlib>
#include <iostream>
#include <string>

#include "absl/strings/numbers.h"
#include "bench/synthetic_dossier.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"

int main(int argc, char** argv) {
  int64_t records = 0;
  uint64_t seed = 1;
  const std::string format = argc > 2 ? argv[2] : "json";
  if (argc < 2 || !absl::SimpleAtoi(argv[1], &records) || records < 0 ||
      (argc > 3 && !absl::SimpleAtoi(argv[3], &seed)) ||
      (format != "json" && format != "textproto" && format != "binary" && format != "size")) {
    std::cerr << "usage: gen_dossier RECORDS [json|textproto|binary|size] [SEED]\n";
    return 64;
  }
  const hdsc::v1::Dossier dossier = hdsc::bench::SyntheticDossier(records, seed);
  std::string out;
  if (format == "size") {
    std::cout << "in_memory " << dossier.SpaceUsedLong() << "\nserialized " << dossier.ByteSizeLong() << "\n";
    return std::cout.good() ? 0 : 1;
  }
  if (format == "json") {
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    if (!google::protobuf::util::MessageToJsonString(dossier, &out, options).ok()) return 1;
    out += "\n";
  } else if (format == "textproto") {
    if (!google::protobuf::TextFormat::PrintToString(dossier, &out)) return 1;
  } else if (!dossier.SerializeToString(&out)) {
    return 1;
  }
  std::cout << out;
  return std::cout.good() ? 0 : 1;
}
