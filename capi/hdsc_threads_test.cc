// Eight threads check dossiers with one shared checker, through the C interface only. Run under --config=tsan, it
// shows that a checker is safe to share; the reports must also be the same as a single-threaded run's.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "hdsc.h"

namespace {

constexpr int kThreads = 8;
constexpr int kRunsPerThread = 3;
constexpr int64_t kNow = 1795824000;  // 2026-11-28T00:00:00Z

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The JSON report of `dossier`, or "" (with the error printed) on failure.
std::string CheckToJson(const hdsc_checker* checker, const std::string& name, const std::string& dossier) {
  hdsc_check_options options;
  hdsc_check_options_init(&options);
  options.now_seconds = kNow;
  options.now_nanos = 0;
  options.dossier_name = name.c_str();
  hdsc_report* report = nullptr;
  hdsc_error* error = hdsc_checker_check(&report, checker, dossier.data(), dossier.size(), &options);
  if (error != nullptr) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), hdsc_error_message(error));
    hdsc_error_free(error);
    return "";
  }
  char* json = nullptr;
  size_t json_len = 0;
  error = hdsc_report_render(&json, &json_len, report, HDSC_RENDER_JSON, 0);
  std::string result;
  if (error == nullptr) result.assign(json, json_len);
  hdsc_error_free(error);
  hdsc_free(json);
  hdsc_report_free(report);
  return result;
}

}  // namespace

int main() {
  const std::vector<std::string> names = {"controls/examples/university-hospital.json",
                                          "controls/examples/private-clinic.json",
                                          "controls/examples/hds-host.json"};
  std::vector<std::string> dossiers;
  for (const std::string& name : names) {
    dossiers.push_back(ReadFile(name));
    if (dossiers.back().empty()) {
      std::fprintf(stderr, "cannot read %s\n", name.c_str());
      return 1;
    }
  }
  const char* rules[] = {"controls"};
  hdsc_checker_options checker_options;
  hdsc_checker_options_init(&checker_options);
  checker_options.rule_paths = rules;
  checker_options.rule_path_count = 1;
  checker_options.profile = "hospital";
  hdsc_checker* checker = nullptr;
  if (hdsc_error* error = hdsc_checker_new(&checker, &checker_options)) {
    std::fprintf(stderr, "hdsc_checker_new: %s\n", hdsc_error_message(error));
    hdsc_error_free(error);
    return 1;
  }

  std::vector<std::string> expected;
  for (size_t i = 0; i < names.size(); ++i) expected.push_back(CheckToJson(checker, names[i], dossiers[i]));

  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int run = 0; run < kRunsPerThread; ++run) {
        const size_t i = static_cast<size_t>(t + run) % names.size();
        const std::string json = CheckToJson(checker, names[i], dossiers[i]);
        if (json.empty() || json != expected[i]) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  hdsc_checker_free(checker);

  int failures = 0;
  for (size_t i = 0; i < expected.size(); ++i) failures += expected[i].empty() ? 1 : 0;
  for (int t = 0; t < kThreads; ++t) failures += mismatches[t];
  if (failures != 0) {
    std::fprintf(stderr, "%d reports differ from the single-threaded ones or failed\n", failures);
    return 1;
  }
  std::printf("%d threads x %d checks on one checker: identical reports\n", kThreads, kRunsPerThread);
  return 0;
}
