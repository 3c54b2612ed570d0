#include "strbuf.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	strbuf_grow(sb, 256);
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
	sb->buf[sb->len] = '\0';
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	size_t avail = sb->cap - sb->len;
	va_start(ap, fmt);
	int n = vsnprintf(sb->buf + sb->len, avail, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= avail) {
		strbuf_grow(sb, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

void strbuf_pad_to(struct strbuf *sb, size_t col)
{
	if (sb->len >= col)
		return;
	strbuf_grow(sb, col - sb->len);
	memset(sb->buf + sb->len, ' ', col - sb->len);
	sb->len = col;
	sb->buf[col] = '\0';
}

/* Two digits per division: a timestamp has 19. */
static const char digit_pairs[] = "00010203040506070809"
				  "10111213141516171819"
				  "20212223242526272829"
				  "30313233343536373839"
				  "40414243444546474849"
				  "50515253545556575859"
				  "60616263646566676869"
				  "70717273747576777879"
				  "80818283848586878889"
				  "90919293949596979899";

void strbuf_u64(struct strbuf *sb, uint64_t v)
{
	char tmp[20], *p = tmp + sizeof(tmp);
	while (v >= 100) {
		unsigned d = (unsigned)(v % 100) * 2;
		v /= 100;
		*--p = digit_pairs[d + 1];
		*--p = digit_pairs[d];
	}
	if (v >= 10) {
		*--p = digit_pairs[v * 2 + 1];
		*--p = digit_pairs[v * 2];
	} else {
		*--p = (char)('0' + v);
	}
	strbuf_add(sb, p, (size_t)(tmp + sizeof(tmp) - p));
}

void strbuf_i64(struct strbuf *sb, int64_t v)
{
	if (v < 0) {
		strbuf_putc(sb, '-');
		strbuf_u64(sb, -(uint64_t)v);
	} else {
		strbuf_u64(sb, (uint64_t)v);
	}
}

void strbuf_hex(struct strbuf *sb, uint64_t v)
{
	char tmp[18];
	size_t n = 0;
	if (!v) {
		strbuf_putc(sb, '0');
		return;
	}
	for (; v; v >>= 4)
		tmp[sizeof(tmp) - ++n] = "0123456789abcdef"[v & 15];
	tmp[sizeof(tmp) - ++n] = 'x';
	tmp[sizeof(tmp) - ++n] = '0';
	strbuf_add(sb, tmp + sizeof(tmp) - n, n);
}
