// Where the memory and time of a whole check go: runs one check the way `hdscheck check` does (public API, bundled
// packs, every finding kept, the JSON report streamed to a sink that discards it) and prints the heap in use, the
// peak RSS and the CPU time spent since the previous stage at each stage, with the rules whose evaluation grew the
// heap most (bench/README.md):
//
//   bazel run -c opt //bench:gen_dossier -- 500000 json > /tmp/100k.json      # 100,000 activities
//   bazel-bin/bench/check_memory /tmp/100k.json
//
// Heap in use is glibc's `mallinfo2` (bytes handed out, large mappings included), which excludes what the allocator
// keeps free; RSS and peak RSS come from /proc/self/status.
#include <malloc.h>
#include <time.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "lib/api/hdsc.h"

namespace {

int64_t HeapInUse() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<int64_t>(info.uordblks + info.hblkhd);
}

// A field of /proc/self/status in bytes ("VmRSS", "VmHWM").
int64_t StatusBytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stoll(line.substr(field.size() + 1)) * 1024;
  }
  return 0;
}

std::string Mb(int64_t bytes) { return absl::StrFormat("%8.1f MB", static_cast<double>(bytes) / 1e6); }

// CPU seconds of the process (user and system) so far.
double CpuSeconds() {
  struct timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

void Stage(const std::string& name) {
  static double last_cpu = 0;
  const double cpu = CpuSeconds();
  std::cout << absl::StrFormat("%-44s heap %s   rss %s   peak rss %s   cpu %+7.2f s\n", name, Mb(HeapInUse()),
                               Mb(StatusBytes("VmRSS")), Mb(StatusBytes("VmHWM")), cpu - last_cpu);
  last_cpu = cpu;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: check_memory DOSSIER\n";
    return 64;
  }
  Stage("start");
  absl::StatusOr<std::unique_ptr<hdsc::Checker>> checker = hdsc::Checker::Compile(hdsc::CompileOptions());
  if (!checker.ok()) {
    std::cerr << checker.status() << "\n";
    return 1;
  }
  Stage("packs compiled");

  hdsc::CheckOptions options;
  options.now = absl::FromUnixSeconds(1795824000);  // 2026-11-28T00:00:00Z, as bench/scale.sh
  options.load.max_input_bytes = int64_t{1} << 40;
  // Heap growth and CPU time per rule, from one progress call to the next.
  std::vector<std::pair<int64_t, std::string>> growth;
  std::vector<std::pair<double, std::string>> cpu;
  int64_t before_rule = 0;
  double cpu_before_rule = 0;
  std::string previous_rule;
  int64_t before_load = HeapInUse();
  int64_t after_load = 0;
  options.progress = [&](const hdsc::Progress& progress) {
    if (progress.stage != hdsc::Progress::Stage::kChecking) return true;
    const int64_t heap = HeapInUse();
    const double now = CpuSeconds();
    if (progress.done == 0) {
      after_load = heap;
      Stage("dossier loaded (checking starts)");
    } else {
      growth.emplace_back(heap - before_rule, previous_rule);
      cpu.emplace_back(now - cpu_before_rule, previous_rule);
    }
    before_rule = heap;
    cpu_before_rule = CpuSeconds();
    previous_rule = std::string(progress.rule_id);
    return true;
  };
  absl::StatusOr<hdsc::Result> result = (*checker)->Check(hdsc::DossierSource::File(argv[1]), options);
  if (!result.ok()) {
    std::cerr << result.status() << "\n";
    return 1;
  }
  growth.emplace_back(HeapInUse() - before_rule, previous_rule + " (and the report)");
  cpu.emplace_back(CpuSeconds() - cpu_before_rule, previous_rule + " (and the report)");
  Stage("checked");
  const int64_t dossier_space = static_cast<int64_t>(result->dossier->SpaceUsedLong());
  const int64_t report_space = static_cast<int64_t>(result->report.SpaceUsedLong());
  int64_t findings = 0;
  for (const auto& [status, count] :
       {std::pair{"pass", result->report.counts().pass()}, {"fail", result->report.counts().fail()},
        {"na", result->report.counts().not_applicable()}, {"error", result->report.counts().error()},
        {"waived", result->report.counts().waived()}}) {
    std::cout << "  " << status << " " << count;
    findings += count;
  }
  std::cout << "\n";
  std::cout << "  loading: heap grew by" << Mb(after_load - before_load) << "; dossier SpaceUsedLong"
            << Mb(dossier_space) << "; source map " << result->source_map.size() << " entries\n";
  std::cout << "  report.findings: " << result->report.findings_size() << " of " << findings
            << " findings, report SpaceUsedLong" << Mb(report_space) << "\n";
  std::sort(growth.begin(), growth.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::cout << "  heap growth over the check:" << Mb(HeapInUse() - after_load) << "; the rules that grew it most:\n";
  for (size_t i = 0; i < growth.size() && i < 8; ++i) {
    std::cout << "    " << Mb(growth[i].first) << "  " << growth[i].second << "\n";
  }
  std::sort(cpu.begin(), cpu.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::cout << "  the rules that took the most CPU time:\n";
  for (size_t i = 0; i < cpu.size() && i < 12; ++i) {
    std::cout << absl::StrFormat("    %8.3f s  %s\n", cpu[i].first, cpu[i].second);
  }

  int64_t written = 0;
  const absl::Status rendered =
      hdsc::RenderTo(*result, hdsc::ReportFormat::kJson, hdsc::RenderOptions(), [&](std::string_view piece) {
        written += static_cast<int64_t>(piece.size());
        return absl::OkStatus();
      });
  if (!rendered.ok()) {
    std::cerr << rendered << "\n";
    return 1;
  }
  Stage(absl::StrCat("JSON report streamed (", written / 1000000, " MB)"));
  return 0;
}
