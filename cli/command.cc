#include "cli/command.h"

#include <fstream>
#include <ostream>
#include <string>

namespace hdsc::cli {

std::string Plural(size_t count, std::string_view singular, std::string_view plural) {
  return std::to_string(count) + " " + std::string(count == 1 ? singular : plural);
}

absl::Status Prefixed(std::string_view prefix, const absl::Status& status) {
  return absl::Status(status.code(), std::string(prefix) + std::string(status.message()));
}

absl::Status WriteFile(const std::string& path, const std::string& content) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << content;
  file.close();
  if (!file) return absl::PermissionDeniedError(path + ": cannot write");
  return absl::OkStatus();
}

void PrintDiagnostics(const std::vector<Diagnostic>& problems, std::ostream& out) {
  for (const Diagnostic& problem : problems) out << problem.ToString() << "\n";
}

void PrintError(std::string_view command, const absl::Status& status, std::ostream& err,
                const std::function<std::string(const std::vector<Diagnostic>&)>& summarize) {
  const std::vector<Diagnostic> problems = DiagnosticsOf(status);
  PrintDiagnostics(problems, err);
  err << "hdscheck " << command << ": "
      << (problems.empty() || !summarize ? std::string(status.message()) : summarize(problems)) << "\n";
}

}  // namespace hdsc::cli
