/* User-space stacks of stopped tracees (-k): unwinding and symbolization.
 *
 * C and C++ code is unwound with the DWARF CFI (.eh_frame, .debug_frame)
 * that libdw parses, Go code with Go's own tables (pclntab's pcsp, or the
 * frame pointer when that fails), and a cgo call is followed from the C
 * stack back to the goroutine's. Names come from .symtab/.dynsym, DWARF
 * line tables and inline info, and for Go code from pclntab, so stripped Go
 * binaries are named right too.
 *
 * Each mapped file is parsed once, keyed by dev/inode/size/mtime; a
 * process's mappings are re-read only after unwinder_invalidate. */
#ifndef SCRY_UNWIND_H
#define SCRY_UNWIND_H
#include <stdbool.h>
#include <stdint.h>

struct arena;
struct strbuf;
struct unwinder;

/* One frame of a stack, innermost first. Filled by unwind_capture; the
 * strings live in the unwinder's caches (valid until unwinder_release) or in
 * the arena given to unwind_capture. JSON output carries these fields. */
struct frame {
	const char *module;   /* mapped file as in /proc/PID/maps; NULL: no mapping */
	const char *function; /* NULL when unknown */
	uint64_t offset;      /* addr - function start; 0 for inlined frames */
	uint64_t addr;	      /* absolute pc: the return address for callers */
	uint64_t rel;	      /* addr as a file offset in module, strace's [0x...] */
	const char *file;     /* source file, NULL when unknown */
	unsigned line;	      /* 0 when unknown */
	/* Code inlined into the next frame, which has the same addr; file:line
	 * is where this function's code is, the next frame's is the call site. */
	bool inlined;
};

struct unwinder *unwinder_new(void);
void unwinder_release(struct unwinder *u);

/* Unwinds thread tid of process pid, which must be ptrace-stopped by the
 * caller (at a syscall stop). Stores up to max frames, allocated in a, at
 * *frames and their number at *nframes. Returns 0 (possibly with a partial
 * stack: see unwind_last_error), or -errno when not even the registers could
 * be read (-ESRCH: the thread is gone). */
int unwind_capture(struct unwinder *u, int pid, int tid, struct arena *a, struct frame **frames,
		   unsigned *nframes, unsigned max);

/* Why the last capture stopped before the stack's end, or NULL when it
 * reached the end (or max frames). Valid until the next capture. */
const char *unwind_last_error(const struct unwinder *u);

/* The mappings of pid changed (exec, or mmap/munmap/mprotect/mremap of
 * executable memory, dlopen) or pid is gone: its maps are re-read at the
 * next capture. Cheap; call it freely. */
void unwinder_invalidate(struct unwinder *u, int pid);

/* Appends one line for f, strace -k style, with the source location when
 * known and no newline:
 *  " > /path/module(function+0xoff) [0xrel] file.go:123" */
void frame_format_text(struct strbuf *sb, const struct frame *f);

/* Counters for benchmarks and tests. */
struct unwind_stats {
	uint64_t captures, frames;
	uint64_t maps_reads; /* /proc/PID/maps parsed */
	uint64_t files;	     /* distinct files opened and parsed */
	uint64_t sym_misses; /* pcs symbolized (the rest were cache hits) */
	uint64_t cfi_misses; /* CFI rows looked up in libdw (the rest cached) */
	uint64_t page_reads; /* process_vm_readv calls */
};
void unwind_get_stats(const struct unwinder *u, struct unwind_stats *st);

#endif
