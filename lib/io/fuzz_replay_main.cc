// Replays fuzz inputs through LLVMFuzzerTestOneInput without libFuzzer, so that a seed corpus (and every
// crash once fixed) runs as an ordinary test with any compiler and sanitizer configuration.
//
// usage: REPLAY PATH...   (each PATH a file, or a directory whose regular files are all replayed)
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

// The regular files at `path`: itself, or the entries of a directory, sorted for a stable order.
std::vector<std::string> InputsAt(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return {};
  if (!S_ISDIR(info.st_mode)) return {path};
  std::vector<std::string> files;
  if (DIR* dir = opendir(path.c_str())) {
    while (const dirent* entry = readdir(dir)) {
      const std::string child = path + "/" + entry->d_name;
      if (stat(child.c_str(), &info) == 0 && S_ISREG(info.st_mode)) files.push_back(child);
    }
    closedir(dir);
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::vector<std::string> inputs = InputsAt(argv[i]);
    if (inputs.empty()) {
      std::cerr << argv[i] << ": no input files\n";
      return 1;
    }
    for (const std::string& input : inputs) {
      std::ifstream file(input, std::ios::binary);
      std::stringstream contents;
      contents << file.rdbuf();
      const std::string bytes = contents.str();
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
  }
  std::cout << "replayed " << replayed << " inputs\n";
  return replayed > 0 ? 0 : 1;
}
