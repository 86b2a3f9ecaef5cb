// Loads one dossier file the way `hdscheck validate` does (read, then the semantic checks) and prints how long
// it took and what was found, for measuring the loader's time and peak memory on large inputs (bench/README.md):
//
//   bazel run -c opt //bench:gen_dossier -- 100000 > /tmp/100k.json
//   /usr/bin/time -v bazel-bin/bench/load_dossier /tmp/100k.json
//
// The byte limit is lifted to the file's size, so that only the loader's own cost is measured.
#include <sys/stat.h>

#include <cstdint>
#include <iostream>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "lib/io/load.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: load_dossier FILE\n";
    return 64;
  }
  const std::string path = argv[1];
  struct stat info;
  if (stat(path.c_str(), &info) != 0) {
    std::cerr << path << ": cannot stat\n";
    return 1;
  }
  hdsc::io::LoadOptions options;
  options.max_bytes = static_cast<int64_t>(info.st_size);
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
