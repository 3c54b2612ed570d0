/* Bump allocator: one per traced thread, reset after each syscall is rendered,
 * so decoders never call malloc/free on the hot path. */
#ifndef SCRY_ARENA_H
#define SCRY_ARENA_H
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* block being filled */
	struct arena_block *free; /* blocks kept for reuse after arena_reset */
};

void arena_init(struct arena *a);
/* Never fails: aborts on out-of-memory like xmalloc. Memory is 16-byte aligned. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
void *arena_memdup(struct arena *a, const void *p, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_reset(struct arena *a);
void arena_release(struct arena *a);

#endif
