#include "arena.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 16384

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->free = NULL;
}

static struct arena_block *block_new(struct arena *a, size_t need)
{
	struct arena_block *b = NULL;
	if (need <= ARENA_BLOCK && a->free) {
		b = a->free;
		a->free = b->next;
	} else {
		size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;
		b = xmalloc(sizeof(*b) + size);
		b->size = size;
	}
	b->used = 0;
	b->next = a->head;
	a->head = b;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n)
		b = block_new(a, n);
	void *p = b->data + b->used;
	b->used += n;
	return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

void *arena_memdup(struct arena *a, const void *p, size_t n)
{
	void *q = arena_alloc(a, n ? n : 1);
	if (n)
		memcpy(q, p, n);
	return q;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_memdup(a, s, strlen(s) + 1);
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(tmp)) {
		memcpy(p, tmp, (size_t)n + 1);
	} else {
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	return p;
}

void arena_reset(struct arena *a)
{
	/* Keep standard-size blocks for reuse; give oversized ones back. */
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		if (b->size == ARENA_BLOCK) {
			b->next = a->free;
			a->free = b;
		} else {
			free(b);
		}
		b = next;
	}
	a->head = NULL;
}

void arena_release(struct arena *a)
{
	arena_reset(a);
	struct arena_block *b = a->free;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->free = NULL;
}
