/* Growable byte buffer used by renderers to build a line before writing it. */
#ifndef SCRY_STRBUF_H
#define SCRY_STRBUF_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct strbuf {
	char *buf;
	size_t len, cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_pad_to(struct strbuf *sb, size_t col);
/* printf's %llu, %lld and %#llx (0 prints "0"), without parsing a format:
 * every traced syscall prints several numbers. */
void strbuf_u64(struct strbuf *sb, uint64_t v);
void strbuf_i64(struct strbuf *sb, int64_t v);
void strbuf_hex(struct strbuf *sb, uint64_t v);

/* Inline: renderers add many short pieces per line, and strlen of a
 * literal folds to a constant here. */
static inline void strbuf_add(struct strbuf *sb, const void *p, size_t n)
{
	if (sb->len + n + 1 > sb->cap)
		strbuf_grow(sb, n);
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static inline void strbuf_puts(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

static inline void strbuf_putc(struct strbuf *sb, char c)
{
	if (sb->len + 1 >= sb->cap)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

static inline void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

#endif
