#include "cli/heap.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace hdsc::cli {
namespace {

// Below glibc's smallest threshold for serving an allocation by a mapping of its own (128 KiB), and otherwise as
// large as can be: malloc writes the first page of each block (which faults in) before it is populated.
constexpr size_t kBlockBytes = size_t{120} << 10;

// Makes the whole pages of [begin, begin + bytes) resident and writable; false where the system cannot.
bool Populate(void* begin, size_t bytes) {
#ifdef MADV_POPULATE_WRITE
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t first = (reinterpret_cast<uintptr_t>(begin) + page - 1) & ~(page - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(begin) + bytes) & ~(page - 1);
  return end <= first || madvise(reinterpret_cast<void*>(first), end - first, MADV_POPULATE_WRITE) == 0;
#else
  (void)begin;
  (void)bytes;
  return false;
#endif
}

}  // namespace

ResidentHeap::ResidentHeap(size_t bytes) {
  std::vector<void*> blocks;
  blocks.reserve(bytes / kBlockBytes + 1);
  for (size_t allocated = 0; allocated < bytes; allocated += kBlockBytes) {
    void* block = std::malloc(kBlockBytes);
    if (block == nullptr) break;
    blocks.push_back(block);
    if (!Populate(block, kBlockBytes)) break;
  }
  if (blocks.empty()) return;
  last_block_ = blocks.back();
  blocks.pop_back();
  for (void* block : blocks) std::free(block);
}

ResidentHeap::~ResidentHeap() { std::free(last_block_); }

}  // namespace hdsc::cli
