// A C++ host that uses Debian's shared libprotobuf and Abseil itself and, in the same process, libhdsc.so.2, which
// carries its own hidden copies of both. Nothing may clash: the host's protobuf registers struct.proto in its
// generated pool, libhdsc's copy registers its own, and each side keeps working before and after the other.
#include <link.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "hdsc.h"

namespace {

int failures = 0;

void Expect(bool condition, const std::string& what) {
  if (!condition) {
    std::fprintf(stderr, "FAIL: %s\n", what.c_str());
    ++failures;
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The host's own use of protobuf and Abseil: JSON into a google.protobuf.Struct, a flat_hash_map, StrCat, Status.
absl::Status UseHostLibraries(const std::string& json, absl::flat_hash_map<std::string, int>* kinds) {
  google::protobuf::Struct value;
  const auto status = google::protobuf::util::JsonStringToMessage(json, &value);
  if (!status.ok()) return absl::InvalidArgumentError(absl::StrCat("host JSON parse: ", status.ToString()));
  for (const auto& [key, field] : value.fields()) ++(*kinds)[absl::StrCat("kind_", field.kind_case())];
  if (value.fields().empty()) return absl::NotFoundError("no field");
  std::string back;
  if (!google::protobuf::util::MessageToJsonString(value, &back).ok() || back.empty()) {
    return absl::InternalError("host JSON print");
  }
  return absl::OkStatus();
}

// The libraries the process has loaded, one per line.
int AddLoaded(struct dl_phdr_info* info, size_t, void* data) {
  absl::StrAppend(static_cast<std::string*>(data), info->dlpi_name, "\n");
  return 0;
}

}  // namespace

int main() {
  const std::string dossier = ReadFile("controls/examples/university-hospital.json");
  Expect(!dossier.empty(), "read controls/examples/university-hospital.json");

  // Before libhdsc does anything.
  absl::flat_hash_map<std::string, int> kinds;
  absl::Status status = UseHostLibraries(R"({"a": 1, "b": "two", "c": [true]})", &kinds);
  Expect(status.ok(), absl::StrCat("host libraries before: ", status.ToString()));

  // libhdsc, through the C interface only.
  const char* rules[] = {"controls"};
  hdsc_checker_options checker_options;
  hdsc_checker_options_init(&checker_options);
  checker_options.rule_paths = rules;
  checker_options.rule_path_count = 1;
  checker_options.profile = "hospital";
  hdsc_checker* checker = nullptr;
  hdsc_error* error = hdsc_checker_new(&checker, &checker_options);
  Expect(error == nullptr, absl::StrCat("hdsc_checker_new: ", hdsc_error_message(error)));
  hdsc_error_free(error);
  Expect(hdsc_checker_rule_count(checker) > 0, "the checker has rules");

  hdsc_check_options check_options;
  hdsc_check_options_init(&check_options);
  check_options.now_seconds = 1795824000;  // 2026-11-28T00:00:00Z
  check_options.now_nanos = 0;
  check_options.dossier_name = "university-hospital.json";
  hdsc_report* report = nullptr;
  error = hdsc_checker_check(&report, checker, dossier.data(), dossier.size(), &check_options);
  Expect(error == nullptr, absl::StrCat("hdsc_checker_check: ", hdsc_error_message(error)));
  hdsc_error_free(error);

  char* json = nullptr;
  size_t json_len = 0;
  error = hdsc_report_render(&json, &json_len, report, HDSC_RENDER_JSON, 0);
  Expect(error == nullptr, absl::StrCat("hdsc_report_render: ", hdsc_error_message(error)));
  hdsc_error_free(error);
  const std::string report_json = json == nullptr ? "" : std::string(json, json_len);
  hdsc_free(json);
  hdsc_report_free(report);

  // The report libhdsc's protobuf printed, read by the host's protobuf.
  google::protobuf::Struct parsed;
  Expect(google::protobuf::util::JsonStringToMessage(report_json, &parsed).ok(), "the host parses the JSON report");
  Expect(parsed.fields().contains("counts") && parsed.fields().contains("findings"),
         absl::StrCat("the report has counts and findings: ", report_json.substr(0, 200)));

  // A malformed dossier is an error from libhdsc's Abseil, not the host's.
  hdsc_report* bad_report = nullptr;
  error = hdsc_checker_check(&bad_report, checker, "{", 1, &check_options);
  Expect(hdsc_error_code(error) == HDSC_ERROR_INVALID_ARGUMENT, "a broken dossier is INVALID_ARGUMENT");
  Expect(bad_report == nullptr, "no report for a broken dossier");
  hdsc_error_free(error);
  hdsc_checker_free(checker);

  // After: the host's libraries still work.
  status = UseHostLibraries(R"({"x": null, "y": {"z": 2.5}})", &kinds);
  Expect(status.ok(), absl::StrCat("host libraries after: ", status.ToString()));
  Expect(kinds.size() == 5, absl::StrCat("5 value kinds seen, got ", kinds.size()));

  // The host's shared protobuf and Abseil are loaded, and libhdsc loaded no other copy of them.
  std::string loaded;
  dl_iterate_phdr(AddLoaded, &loaded);
  Expect(loaded.find("libprotobuf.so") != std::string::npos, "the host's libprotobuf.so is loaded");
  Expect(loaded.find("libabsl_") != std::string::npos, "the host's Abseil is loaded");
  Expect(loaded.find("libre2") == std::string::npos, absl::StrCat("no shared RE2 loaded:\n", loaded));

  if (failures != 0) return 1;
  std::printf("OK: host protobuf/Abseil and libhdsc.so.2 in one process (%zu-byte JSON report)\n",
              report_json.size());
  return 0;
}
