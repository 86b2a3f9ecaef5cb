// Memory made resident ahead of the work that needs it.
#ifndef HDSC_CLI_HEAP_H_
#define HDSC_CLI_HEAP_H_

#include <cstddef>

namespace hdsc::cli {

// While it lives, `bytes` of the calling thread's malloc heap are free and resident: the allocations the thread makes
// meanwhile take pages already mapped instead of faulting each in on first touch. A first touch costs a page fault,
// some microseconds on a virtual machine (2 to 12 on the one bench/README.md was measured on), where populating pages
// in one system call costs under one each. A run of `hdscheck check` compiles the rule packs once and exits, so it pays for
// every page the compilation touches; a process that compiles once and checks many times does not need this.
//
// The memory is allocated in blocks below malloc's threshold for separate mappings, so that it comes from the heap
// the thread's later allocations use; all blocks but the last are freed at once, and the last, freed when this is
// destroyed, keeps them from the top of the heap, which malloc would give back to the system. Where the system cannot
// populate (Linux before 5.14), nothing is populated and the pages fault in as they would have.
class ResidentHeap {
 public:
  explicit ResidentHeap(size_t bytes);
  ~ResidentHeap();
  ResidentHeap(const ResidentHeap&) = delete;
  ResidentHeap& operator=(const ResidentHeap&) = delete;

 private:
  void* last_block_ = nullptr;
};

}  // namespace hdsc::cli

#endif  // HDSC_CLI_HEAP_H_
