#pragma once
// Process-wide malloc settings for a long-running engine. glibc gives memory back to the kernel
// as soon as a thread's heap top is free (madvise + a TLB shootdown on every core); stepping and
// committing executions frees and reuses memory all the time, and on a virtual machine those
// round trips cost more than the step itself (measured: 7,700 -> 11,500 durable transitions/s).
// Memory is still returned above 256 MiB of free heap.
namespace stepwise::engine {
void tune_allocator();
}
