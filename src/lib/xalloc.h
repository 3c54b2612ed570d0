/* Allocation that cannot fail: scry has no useful way to continue without memory. */
#ifndef SCRY_XALLOC_H
#define SCRY_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
