/* strace's text format.
 *
 * A syscall's entry is formatted into `line` and kept there until its exit
 * completes it, so the common case costs one write. If another thread's
 * output comes first, the line is ended with " <unfinished ...>" and the exit
 * later starts a "<... NAME resumed>" line, exactly as strace does. */
#include "render/render.h"
#include "unwind/unwind.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "syscalls/errno_names.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* strace aligns " = result" at this column. */
#define RESULT_COLUMN 40

struct text {
	struct renderer base;
	struct render_opts o;
	struct strbuf line;
	int line_tid; /* thread whose entry is pending in line, or 0 */
	struct render_slot *line_slot;
	size_t flushed;		 /* bytes of line already written out */
	struct timespec last_ts; /* -r: time of the previous line */
};

#define TEXT(r) ((struct text *)(r))

static int is_printable(unsigned char c)
{
	return c >= ' ' && c < 0x7f;
}

static void format_str(struct strbuf *sb, const unsigned char *s, size_t n, unsigned xflag)
{
	static const char hex[] = "0123456789abcdef";
	int all_hex = xflag >= 2;
	if (xflag == 1)
		for (size_t i = 0; i < n && !all_hex; i++)
			all_hex = !is_printable(s[i]);
	strbuf_grow(sb, n * 4 + 2);
	strbuf_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (all_hex) {
			char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
			strbuf_add(sb, esc, 4);
			continue;
		}
		switch (c) {
		case '"':
			strbuf_puts(sb, "\\\"");
			continue;
		case '\\':
			strbuf_puts(sb, "\\\\");
			continue;
		case '\t':
			strbuf_puts(sb, "\\t");
			continue;
		case '\n':
			strbuf_puts(sb, "\\n");
			continue;
		case '\v':
			strbuf_puts(sb, "\\v");
			continue;
		case '\f':
			strbuf_puts(sb, "\\f");
			continue;
		case '\r':
			strbuf_puts(sb, "\\r");
			continue;
		}
		if (is_printable(c)) {
			strbuf_putc(sb, (char)c);
			continue;
		}
		/* Shortest octal escape, unless an octal digit follows. */
		int next_octal = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7';
		strbuf_putc(sb, '\\');
		if (next_octal || c >= 0100)
			strbuf_putc(sb, (char)('0' + (c >> 6)));
		if (next_octal || c >= 010)
			strbuf_putc(sb, (char)('0' + ((c >> 3) & 7)));
		strbuf_putc(sb, (char)('0' + (c & 7)));
	}
	strbuf_putc(sb, '"');
}

static void format_flags(struct strbuf *sb, uint64_t raw, const struct xlat *x, unsigned vflags)
{
	uint64_t rem = raw;
	int first = 1;
	if (!x) {
		strbuf_hex(sb, raw);
		return;
	}
	if (x->mask) {
		uint64_t part = raw & x->mask;
		const char *name = NULL;
		for (uint32_t i = 0; i < x->n && !name; i++)
			if (x->e[i].name && !(x->e[i].val & ~x->mask) && x->e[i].val == part)
				name = x->e[i].name;
		if (name)
			strbuf_puts(sb, name);
		else
			strbuf_hex(sb, part);
		rem &= ~x->mask;
		first = 0;
	} else if (raw == 0) {
		const char *zero = xlat_name(x, 0);
		strbuf_puts(sb, zero ? zero : (vflags & VF_OCT_REST) ? "000" : "0");
		return;
	}
	for (uint32_t i = 0; i < x->n && rem; i++) {
		uint64_t v = x->e[i].val;
		if (!x->e[i].name || !v || (x->mask && !(v & ~x->mask)))
			continue;
		if ((rem & v) == v) {
			if (!first)
				strbuf_putc(sb, '|');
			strbuf_puts(sb, x->e[i].name);
			rem &= ~v;
			first = 0;
		}
	}
	if (!rem && !first && (vflags & VF_OCT_REST)) {
		strbuf_puts(sb, "|000"); /* strace's S_IFIFO|000 */
	} else if (rem && first && x->unknown) {
		/* No bit has a name: strace's 0x1234 / * SS_??? * / form. */
		strbuf_printf(sb, "%#" PRIx64 " /* %s */", rem, x->unknown);
	} else if (rem) {
		if (!first)
			strbuf_putc(sb, '|');
		if (vflags & VF_OCT_REST)
			strbuf_printf(sb, "%#03" PRIo64, rem);
		else
			strbuf_hex(sb, rem);
	}
}

static void format_enum(struct strbuf *sb, uint64_t raw, const struct xlat *x)
{
	const char *name = xlat_name(x, raw);
	if (name)
		strbuf_puts(sb, name);
	else if (x && x->unknown)
		strbuf_printf(sb, "%#" PRIx64 " /* %s */", raw, x->unknown);
	else
		strbuf_u64(sb, raw);
}

void text_format_value(struct strbuf *sb, const struct value *v, unsigned xflag)
{
	if (v->name) {
		strbuf_puts(sb, v->name);
		strbuf_putc(sb, '=');
	}
	int call = (v->flags & VF_CALL) && v->comment;
	if (call) {
		strbuf_puts(sb, v->comment);
		strbuf_putc(sb, '(');
	}
	switch (v->kind) {
	case V_NONE:
		strbuf_putc(sb, '?');
		break;
	case V_INT:
		strbuf_i64(sb, v->i);
		break;
	case V_FD:
		strbuf_i64(sb, v->i);
		if ((v->flags & VF_FDPATH) && v->comment) {
			strbuf_putc(sb, '<');
			strbuf_puts(sb, v->comment);
			strbuf_putc(sb, '>');
			return;
		}
		break;
	case V_UINT:
		strbuf_u64(sb, v->u);
		break;
	case V_HEX:
		strbuf_hex(sb, v->u);
		break;
	case V_OCT:
		strbuf_printf(sb, "%#03" PRIo64, v->u);
		break;
	case V_PTR:
		if (v->u)
			strbuf_hex(sb, v->u);
		else
			strbuf_puts(sb, "NULL");
		break;
	case V_BADADDR:
		strbuf_hex(sb, v->u);
		break;
	case V_STR:
		if (v->flags & VF_NOQUOTE)
			strbuf_add(sb, v->s, v->n);
		else
			format_str(sb, (const unsigned char *)v->s, v->n,
				   (v->flags & VF_HEX) ? 2 : xflag);
		if (v->flags & VF_TRUNC)
			strbuf_puts(sb, "...");
		break;
	case V_FLAGS:
		format_flags(sb, v->fx.raw, v->fx.x, v->flags);
		break;
	case V_ENUM:
		format_enum(sb, v->fx.raw, v->fx.x);
		break;
	case V_STRUCT:
	case V_ARRAY: {
		const char *sep = (v->flags & VF_SPACED) ? " " : ", ";
		if (v->flags & VF_NEGATED)
			strbuf_putc(sb, '~');
		strbuf_putc(sb, v->kind == V_STRUCT ? '{' : '[');
		for (uint32_t i = 0; i < v->n; i++) {
			if (i)
				strbuf_puts(sb, sep);
			text_format_value(sb, &v->items[i], xflag);
		}
		if (v->flags & VF_TRUNC) {
			if (v->n)
				strbuf_puts(sb, sep);
			strbuf_puts(sb, "...");
		}
		strbuf_putc(sb, v->kind == V_STRUCT ? '}' : ']');
		break;
	}
	case V_RAW:
		strbuf_puts(sb, v->s);
		break;
	case V_ELLIPSIS:
		strbuf_puts(sb, "...");
		break;
	case V_CHANGED:
		text_format_value(sb, &v->items[0], xflag);
		strbuf_puts(sb, " => ");
		text_format_value(sb, &v->items[1], xflag);
		break;
	}
	if (call)
		strbuf_putc(sb, ')');
	else if (v->comment)
		strbuf_printf(sb, " /* %s */", v->comment);
}

static void write_line(struct text *t)
{
	fwrite(t->line.buf + t->flushed, 1, t->line.len - t->flushed, t->o.out);
	strbuf_reset(&t->line);
	t->flushed = 0;
	t->line_tid = 0;
	t->line_slot = NULL;
}

static int64_t ts_diff_us(struct timespec a, struct timespec b)
{
	return (int64_t)(a.tv_sec - b.tv_sec) * 1000000 + (a.tv_nsec - b.tv_nsec) / 1000;
}

static void put_time(struct text *t, struct timespec ts)
{
	struct strbuf *sb = &t->line;
	if (t->o.rflag) {
		int64_t us = t->last_ts.tv_sec ? ts_diff_us(ts, t->last_ts) : 0;
		if (us < 0)
			us = 0;
		t->last_ts = ts;
		strbuf_printf(sb, "%6" PRId64 ".%06" PRId64 " ", us / 1000000, us % 1000000);
		return;
	}
	if (t->o.tflag >= 3) {
		strbuf_printf(sb, "%lld.%06ld ", (long long)ts.tv_sec, ts.tv_nsec / 1000);
	} else if (t->o.tflag) {
		struct tm tm;
		char buf[32];
		time_t sec = ts.tv_sec;
		localtime_r(&sec, &tm);
		strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
		strbuf_puts(sb, buf);
		if (t->o.tflag == 2)
			strbuf_printf(sb, ".%06ld", ts.tv_nsec / 1000);
		strbuf_putc(sb, ' ');
	}
}

static void put_prefix(struct text *t, const struct record *rec)
{
	struct strbuf *sb = &t->line;
	if (t->o.to_file && (t->o.follow || rec->nthreads > 1)) {
		size_t start = sb->len; /* "%-5d " */
		strbuf_i64(sb, rec->tid);
		strbuf_pad_to(sb, start + 5);
		strbuf_putc(sb, ' ');
	} else if (rec->nthreads > 1) {
		strbuf_printf(sb, "[pid %5d] ", rec->tid);
	}
	if (t->o.tflag || t->o.rflag)
		put_time(t, rec->ts);
}

static void end_unfinished(struct text *t)
{
	strbuf_puts(&t->line, " <unfinished ...>\n");
	t->line_slot->unfinished = 1;
	write_line(t);
}

static void syscall_name(struct strbuf *sb, const struct syscall_value *sc)
{
	if (sc->se->name)
		strbuf_puts(sb, sc->se->name);
	else
		strbuf_printf(sb, "syscall_%#" PRIx64, sc->nr);
}

static void put_args(struct text *t, const struct syscall_value *sc, unsigned from, int entry)
{
	unsigned i;
	const struct value *held = !entry && from ? &sc->args[from - 1] : NULL;
	if (held && (held->kind == V_CHANGED || (held->flags & VF_CHANGES))) {
		/* The entry stopped after this argument: what the kernel stored. */
		if (held->kind == V_CHANGED) {
			strbuf_puts(&t->line, " => ");
			text_format_value(&t->line, &held->items[1], t->o.xflag);
		}
		if (from < sc->nargs)
			strbuf_puts(&t->line, ", ");
	}
	for (i = from; i < sc->nargs; i++) {
		if (entry && sc->args[i].kind == V_NONE)
			break;
		text_format_value(&t->line, &sc->args[i], t->o.xflag);
		if (entry && (sc->args[i].flags & VF_CHANGES)) {
			i++;
			break;
		}
		if (i + 1 < sc->nargs)
			strbuf_puts(&t->line, ", ");
	}
	if (entry)
		t->line_slot->nshown = (unsigned char)i;
}

static int is_restart_errno(int err)
{
	/* ENOIOCTLCMD (515) never reaches user space; the others restart. */
	return err >= 512 && err <= 516 && err != 515;
}

static void put_result(struct text *t, const struct syscall_value *sc)
{
	struct strbuf *sb = &t->line;
	if (sb->len < RESULT_COLUMN - 1)
		strbuf_pad_to(sb, RESULT_COLUMN - 1);
	strbuf_puts(sb, " = ");
	if (!sc->exit_done) {
		strbuf_putc(sb, '?');
	} else if (sc->err) {
		const char *name = errno_name(sc->err);
		strbuf_puts(sb, is_restart_errno(sc->err) ? "? " : "-1 ");
		if (name) {
			strbuf_puts(sb, name);
			strbuf_puts(sb, " (");
			strbuf_puts(sb, errno_message(sc->err));
			strbuf_putc(sb, ')');
		} else
			strbuf_printf(sb, "(errno %d)", sc->err);
	} else {
		text_format_value(sb, &sc->ret, t->o.xflag);
		if (sc->ret_comment)
			strbuf_printf(sb, " %s", sc->ret_comment);
	}
	if (t->o.cpu && sc->oncpu_valid && sc->exit_done) {
		uint64_t us = sc->oncpu_ns / 1000;
		strbuf_printf(sb, " <cpu=%" PRIu64 ".%06" PRIu64 ">", us / 1000000, us % 1000000);
	}
	if (t->o.Tflag && sc->exit_done) {
		int64_t us = ts_diff_us(sc->ts_exit, sc->ts_entry);
		strbuf_printf(sb, " <%" PRId64 ".%06" PRId64 ">", us / 1000000, us % 1000000);
	}
	strbuf_putc(sb, '\n');
}

static void text_record(struct renderer *r, const struct record *rec)
{
	struct text *t = TEXT(r);
	const struct syscall_value *sc = rec->sc;
	if (rec->kind == R_ATTACH || rec->kind == R_DETACH || rec->kind == R_EXEC)
		return; /* strace's text shows these as messages, which the session writes */
	int continues =
	    (rec->kind == R_SYSCALL_EXIT || rec->kind == R_DETACHED) && t->line_tid == rec->tid;

	if (t->line_tid && !continues)
		end_unfinished(t);

	switch (rec->kind) {
	case R_SYSCALL_ENTRY:
		put_prefix(t, rec);
		syscall_name(&t->line, sc);
		strbuf_putc(&t->line, '(');
		t->line_tid = rec->tid;
		t->line_slot = rec->slot;
		rec->slot->unfinished = 0;
		put_args(t, sc, 0, 1);
		return;
	case R_SYSCALL_EXIT:
		if (!continues) {
			put_prefix(t, rec);
			strbuf_puts(&t->line, "<... ");
			syscall_name(&t->line, sc);
			strbuf_puts(&t->line, " resumed>");
		}
		if (!sc->exit_done && rec->slot->nshown < sc->nargs)
			/* It never returned: its outputs never came (strace's form). */
			strbuf_puts(&t->line, " <unfinished ...>");
		else
			put_args(t, sc, rec->slot->nshown, 0);
		strbuf_putc(&t->line, ')');
		put_result(t, sc);
		for (unsigned i = 0; i < rec->nframes; i++) {
			frame_format_text(&t->line, &rec->frames[i]);
			strbuf_putc(&t->line, '\n');
		}
		break;
	case R_SIGNAL:
		put_prefix(t, rec);
		strbuf_printf(&t->line, "--- %s ",
			      signal_name(rec->sig) ? signal_name(rec->sig) : "SIG???");
		if (rec->siginfo)
			text_format_value(&t->line, rec->siginfo, t->o.xflag);
		strbuf_puts(&t->line, " ---\n");
		break;
	case R_STOP:
		put_prefix(t, rec);
		strbuf_printf(&t->line, "--- stopped by %s ---\n", signal_name(rec->sig));
		break;
	case R_EXITED:
		put_prefix(t, rec);
		strbuf_printf(&t->line, "+++ exited with %d +++\n", rec->status);
		break;
	case R_KILLED:
		put_prefix(t, rec);
		strbuf_printf(&t->line, "+++ killed by %s %s+++\n",
			      signal_name(rec->sig) ? signal_name(rec->sig) : "SIG???",
			      rec->core ? "(core dumped) " : "");
		break;
	case R_DETACHED:
		if (!continues)
			return;
		strbuf_puts(&t->line, " <detached ...>\n");
		break;
	case R_ATTACH:
	case R_DETACH:
	case R_EXEC:
		return;
	case R_NOTE:
		if (rec->tid)
			put_prefix(t, rec);
		strbuf_puts(&t->line, rec->text);
		strbuf_putc(&t->line, '\n');
		break;
	}
	write_line(t);
}

static void text_flush(struct renderer *r)
{
	struct text *t = TEXT(r);
	if (t->line.len > t->flushed) {
		fwrite(t->line.buf + t->flushed, 1, t->line.len - t->flushed, t->o.out);
		t->flushed = t->line.len;
	}
	fflush(t->o.out);
}

static void text_release(struct renderer *r)
{
	struct text *t = TEXT(r);
	if (t->line_tid) {
		/* Tracing ended with a syscall still open (detach). */
		strbuf_puts(&t->line, " <unfinished ...>\n");
		write_line(t);
	}
	fflush(t->o.out);
	strbuf_release(&t->line);
	free(t);
}

static const struct renderer_ops text_ops = {
    .record = text_record,
    .flush = text_flush,
    .release = text_release,
};

struct renderer *text_renderer_new(const struct render_opts *o)
{
	struct text *t = xcalloc(1, sizeof(*t));
	t->base.ops = &text_ops;
	t->o = *o;
	strbuf_init(&t->line);
	return &t->base;
}
