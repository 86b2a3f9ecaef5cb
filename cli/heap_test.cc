#include "cli/heap.h"

#include <sys/mman.h>
#include <sys/resource.h>

#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

// Defined by the address and thread sanitizers' runtimes, which bring allocators of their own (the tsan config
// undefines `__SANITIZE_THREAD__`, so the macros do not tell).
extern "C" void __asan_init() __attribute__((weak));
extern "C" void __tsan_init() __attribute__((weak));

namespace hdsc::cli {
namespace {

// The page faults of the calling thread so far.
long ThreadPageFaults() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return usage.ru_minflt + usage.ru_majflt;
}

// Whether pages can be populated ahead, and malloc is glibc's.
bool SystemPopulates() {
  if (&__asan_init != nullptr || &__tsan_init != nullptr) return false;
#if defined(MADV_POPULATE_WRITE)
  void* page = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  const bool populates = page != MAP_FAILED && madvise(page, 4096, MADV_POPULATE_WRITE) == 0;
  if (page != MAP_FAILED) munmap(page, 4096);
  return populates;
#else
  return false;
#endif
}

// Small allocations, as a compilation makes, written whole: 2 MiB, 512 pages.
void AllocateAndTouch(std::vector<void*>* blocks) {
  for (int i = 0; i < 4096; ++i) {
    void* block = std::malloc(512);
    std::memset(block, 1, 512);
    blocks->push_back(block);
  }
}

TEST(ResidentHeapTest, AllocationsAfterItTouchPagesAlreadyResident) {
  if (!SystemPopulates()) GTEST_SKIP() << "pages cannot be populated ahead here, or malloc is not glibc's";
  // A thread of its own, the first of this process: its heap is new, none of its pages touched yet.
  long faults = -1;
  std::thread([&faults] {
    ResidentHeap resident(size_t{4} << 20);
    std::vector<void*> blocks;
    blocks.reserve(4096);
    const long before = ThreadPageFaults();
    AllocateAndTouch(&blocks);
    faults = ThreadPageFaults() - before;
    for (void* block : blocks) std::free(block);
  }).join();
  // Without it, about one fault a page.
  EXPECT_LT(faults, 64);
}

TEST(ResidentHeapTest, NothingOrLittleIsFine) {
  { ResidentHeap none(0); }
  { ResidentHeap one_byte(1); }
  ResidentHeap some(size_t{1} << 20);
  void* block = std::malloc(100);
  ASSERT_NE(block, nullptr);
  std::free(block);
}

}  // namespace
}  // namespace hdsc::cli
