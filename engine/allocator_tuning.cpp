#include "engine/allocator_tuning.h"

#include <malloc.h>

namespace stepwise::engine {

void tune_allocator() {
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  // Setting the trim threshold freezes the mmap threshold at its default (128 KiB); payloads up to
  // AWS's 256 KiB limit and their copies stay on the heap instead of an mmap/munmap each.
  mallopt(M_MMAP_THRESHOLD, 16 * 1024 * 1024);
}

}  // namespace stepwise::engine
