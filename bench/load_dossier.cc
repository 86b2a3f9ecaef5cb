// Loads one dossier file the way `hdscheck validate` does (read, then the semantic checks) and prints how long
// it took and what was found, for measuring the loader's time and peak memory on large inputs (bench/README.md):
//
//   bazel run -c opt //bench:gen_dossier -- 100000 > /tmp/100k.json
//   /usr/bin/time -v bazel-bin/bench/load_dossier /tmp/100k.json
//
// The byte limit is lifted to the file's size, so that only the loader's own cost is measured. With `--protobuf`,
// parses the same file with protobuf's own JSON parser instead (`JsonStringToMessage`, no located diagnostics, no
// semantic checks), the baseline for the loader's time and memory.
#include <sys/stat.h>

#include <cstdint>
#include <iostream>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "lib/io/load.h"
#include "lib/io/read.h"

int main(int argc, char** argv) {
  const bool protobuf = argc == 3 && std::string(argv[1]) == "--protobuf";
  if (argc != 2 && !protobuf) {
    std::cerr << "usage: load_dossier [--protobuf] FILE\n";
    return 64;
  }
  const std::string path = argv[argc - 1];
  struct stat info;
  if (stat(path.c_str(), &info) != 0) {
    std::cerr << path << ": cannot stat\n";
    return 1;
  }
  hdsc::io::LoadOptions options;
  options.max_bytes = static_cast<int64_t>(info.st_size);
  if (protobuf) {
    const absl::Time start = absl::Now();
    absl::StatusOr<std::string> json = hdsc::io::ReadFileContents(path, options.max_bytes);
    if (!json.ok()) {
      std::cerr << json.status() << "\n";
      return 1;
    }
    hdsc::v1::Dossier dossier;
    const auto parsed = google::protobuf::util::JsonStringToMessage(*json, &dossier);
    const absl::Duration took = absl::Now() - start;
    if (!parsed.ok()) {
      std::cerr << parsed << "\n";
      return 1;
    }
    std::cout << path << ": " << info.st_size << " bytes, " << dossier.processing_activities_size()
              << " processing activities, " << dossier.SpaceUsedLong()
              << " bytes in memory (SpaceUsedLong), parsed by protobuf in " << absl::FormatDuration(took) << "\n";
    return 0;
  }
  const absl::Time start = absl::Now();
  absl::StatusOr<hdsc::io::LoadedDossier> loaded = hdsc::io::LoadDossierFile(path, options);
  const absl::Duration took = absl::Now() - start;
  if (!loaded.ok()) {
    std::cerr << loaded.status() << "\n";
    return 1;
  }
  for (size_t i = 0; i < loaded->diagnostics.size() && i < 5; ++i) std::cerr << loaded->diagnostics[i].ToString() << "\n";
  std::cout << path << ": " << info.st_size << " bytes, " << loaded->dossier.processing_activities_size()
            << " processing activities, message " << loaded->dossier.ByteSizeLong() << " bytes serialized, "
            << loaded->dossier.SpaceUsedLong() << " bytes in memory (SpaceUsedLong), " << loaded->diagnostics.size()
            << " problems, source map " << loaded->source_map.size() << " entries, loaded in "
            << absl::FormatDuration(took) << "\n";
  return loaded->valid() ? 0 : 2;
}
