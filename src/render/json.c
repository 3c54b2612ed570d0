/* --json: one JSON object per line per event (JSON Lines). The schema is
 * docs/trace.schema.json; its version is in the first line ("header").
 * A syscall is one object written when it ends, so threads never interleave
 * inside an object. Tracee strings are bytes: each byte >= 0x80 is written
 * as the code point of the same value (\u0080-\u00ff), so no byte is lost. */
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "render/render.h"
#include "syscalls/errno_names.h"
#include "unwind/unwind.h"
#include "xlat/all.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define JSON_SCHEMA_VERSION 2

struct json {
	struct renderer base;
	FILE *out;
	struct strbuf line;
	struct timespec t0;
	bool started;
};

#define JSON(r) ((struct json *)(r))

static void put_str(struct strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	strbuf_putc(sb, '"');
	for (size_t i = 0; i < n;) {
		size_t run = i; /* bytes that need no escape go in one piece */
		while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7f &&
		       s[run] != '"' && s[run] != '\\')
			run++;
		strbuf_add(sb, s + i, run - i);
		if (run == n)
			break;
		unsigned char c = (unsigned char)s[run];
		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};
			strbuf_add(sb, esc, 2);
		} else if (c == '\n') {
			strbuf_add(sb, "\\n", 2);
		} else if (c == '\t') {
			strbuf_add(sb, "\\t", 2);
		} else {
			char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			strbuf_add(sb, esc, 6);
		}
		i = run + 1;
	}
	strbuf_putc(sb, '"');
}

static void put_cstr(struct strbuf *sb, const char *s)
{
	put_str(sb, s, strlen(s));
}

static void put_hex(struct strbuf *sb, uint64_t u)
{
	strbuf_putc(sb, '"');
	strbuf_hex(sb, u);
	strbuf_putc(sb, '"');
}

/* Flag sets: names of the bits that have one, the rest as hex, and raw. */
static void put_flags(struct strbuf *sb, uint64_t raw, const struct xlat *x)
{
	uint64_t rem = raw;
	int first = 1;
	strbuf_puts(sb, "{\"flags\":[");
	if (x && x->mask) {
		uint64_t part = raw & x->mask;
		for (uint32_t i = 0; i < x->n; i++)
			if (x->e[i].name && !(x->e[i].val & ~x->mask) && x->e[i].val == part) {
				put_cstr(sb, x->e[i].name);
				first = 0;
				rem &= ~x->mask;
				break;
			}
	} else if (x && raw == 0 && xlat_name(x, 0)) {
		put_cstr(sb, xlat_name(x, 0));
		first = 0;
	}
	for (uint32_t i = 0; x && i < x->n && rem; i++) {
		uint64_t v = x->e[i].val;
		if (!x->e[i].name || !v || (x->mask && !(v & ~x->mask)) || (rem & v) != v)
			continue;
		if (!first)
			strbuf_putc(sb, ',');
		put_cstr(sb, x->e[i].name);
		rem &= ~v;
		first = 0;
	}
	strbuf_puts(sb, "]");
	if (rem) {
		strbuf_puts(sb, ",\"unknown\":");
		put_hex(sb, rem);
	}
	strbuf_puts(sb, ",\"raw\":");
	strbuf_u64(sb, raw);
	strbuf_putc(sb, '}');
}

static void put_value(struct strbuf *sb, const struct value *v);

static void put_items(struct strbuf *sb, const struct value *v)
{
	if (v->kind == V_STRUCT) {
		strbuf_putc(sb, '{');
		for (uint32_t i = 0; i < v->n; i++) {
			if (i)
				strbuf_putc(sb, ',');
			if (v->items[i].name)
				put_cstr(sb, v->items[i].name);
			else
				strbuf_printf(sb, "\"_%u\"", i); /* unnamed, e.g. inet_pton(...) */
			strbuf_putc(sb, ':');
			put_value(sb, &v->items[i]);
		}
		if (v->flags & VF_TRUNC)
			strbuf_puts(sb, v->n ? ",\"...\":true" : "\"...\":true");
		strbuf_putc(sb, '}');
		return;
	}
	strbuf_putc(sb, '[');
	for (uint32_t i = 0; i < v->n; i++) {
		if (i)
			strbuf_putc(sb, ',');
		put_value(sb, &v->items[i]);
	}
	if (v->flags & VF_TRUNC)
		strbuf_puts(sb, v->n ? ",\"...\"" : "\"...\"");
	strbuf_putc(sb, ']');
}

static void put_plain(struct strbuf *sb, const struct value *v)
{
	switch (v->kind) {
	case V_NONE:
		strbuf_puts(sb, "null");
		break;
	case V_INT:
		strbuf_i64(sb, v->i);
		break;
	case V_UINT:
	case V_OCT:
		strbuf_u64(sb, v->u);
		break;
	case V_FD:
		if ((v->flags & VF_FDPATH) && v->comment) {
			strbuf_puts(sb, "{\"fd\":");
			strbuf_i64(sb, v->i);
			strbuf_puts(sb, ",\"path\":");
			put_cstr(sb, v->comment);
			strbuf_putc(sb, '}');
		} else {
			strbuf_i64(sb, v->i);
		}
		break;
	case V_HEX:
	case V_PTR:
		if (v->kind == V_PTR && !v->u)
			strbuf_puts(sb, "null");
		else
			put_hex(sb, v->u);
		break;
	case V_BADADDR:
		strbuf_puts(sb, "{\"unreadable\":");
		put_hex(sb, v->u);
		strbuf_putc(sb, '}');
		break;
	case V_STR:
		if (v->flags & VF_TRUNC) {
			strbuf_puts(sb, "{\"str\":");
			put_str(sb, v->s, v->n);
			strbuf_puts(sb, ",\"truncated\":true}");
		} else {
			put_str(sb, v->s, v->n);
		}
		break;
	case V_FLAGS:
		put_flags(sb, v->fx.raw, v->fx.x);
		break;
	case V_ENUM: {
		const char *name = xlat_name(v->fx.x, v->fx.raw);
		strbuf_putc(sb, '{');
		if (name) {
			strbuf_puts(sb, "\"name\":");
			put_cstr(sb, name);
			strbuf_putc(sb, ',');
		}
		strbuf_puts(sb, "\"raw\":");
		strbuf_u64(sb, v->fx.raw);
		strbuf_putc(sb, '}');
		break;
	}
	case V_STRUCT:
	case V_ARRAY:
		put_items(sb, v);
		break;
	case V_RAW:
		put_cstr(sb, v->s);
		break;
	case V_ELLIPSIS:
		strbuf_puts(sb, "\"...\"");
		break;
	case V_CHANGED:
		strbuf_puts(sb, "{\"in\":");
		put_value(sb, &v->items[0]);
		strbuf_puts(sb, ",\"out\":");
		put_value(sb, &v->items[1]);
		strbuf_putc(sb, '}');
		break;
	}
}

static void put_value(struct strbuf *sb, const struct value *v)
{
	/* A C comment (e.g. execve's "20 vars") travels next to the value. */
	int commented = v->comment && !(v->flags & (VF_CALL | VF_FDPATH));
	if (commented)
		strbuf_puts(sb, "{\"value\":");
	put_plain(sb, v);
	if (commented) {
		strbuf_puts(sb, ",\"comment\":");
		put_cstr(sb, v->comment);
		strbuf_putc(sb, '}');
	}
}

static int64_t ns_of(struct timespec ts)
{
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void begin(struct json *j, const char *type, const struct record *rec, struct timespec ts)
{
	struct strbuf *sb = &j->line;
	strbuf_reset(sb);
	strbuf_puts(sb, "{\"type\":\"");
	strbuf_puts(sb, type);
	strbuf_puts(sb, "\",\"ts\":");
	strbuf_i64(sb, ns_of(ts));
	strbuf_puts(sb, ",\"rel\":");
	strbuf_i64(sb, ns_of(ts) - ns_of(j->t0));
	strbuf_puts(sb, ",\"pid\":");
	strbuf_i64(sb, rec->tgid);
	strbuf_puts(sb, ",\"tid\":");
	strbuf_i64(sb, rec->tid);
	if (rec->comm) {
		strbuf_puts(sb, ",\"comm\":");
		put_cstr(sb, rec->comm);
	}
}

static void end(struct json *j)
{
	strbuf_puts(&j->line, "}\n");
	fwrite(j->line.buf, 1, j->line.len, j->out);
}

static void put_frames(struct strbuf *sb, const struct record *rec)
{
	strbuf_puts(sb, ",\"stack\":[");
	for (unsigned i = 0; i < rec->nframes; i++) {
		const struct frame *f = &rec->frames[i];
		strbuf_puts(sb, i ? ",{" : "{");
		if (f->module) {
			strbuf_puts(sb, "\"module\":");
			put_cstr(sb, f->module);
			strbuf_putc(sb, ',');
		}
		if (f->function) {
			strbuf_puts(sb, "\"function\":");
			put_cstr(sb, f->function);
			strbuf_printf(sb, ",\"offset\":%" PRIu64 ",", f->offset);
		}
		strbuf_printf(sb, "\"addr\":\"%#" PRIx64 "\",\"rel\":\"%#" PRIx64 "\"", f->addr,
			      f->rel);
		if (f->file) {
			strbuf_puts(sb, ",\"file\":");
			put_cstr(sb, f->file);
			strbuf_printf(sb, ",\"line\":%u", f->line);
		}
		strbuf_printf(sb, ",\"inlined\":%s}", f->inlined ? "true" : "false");
	}
	strbuf_putc(sb, ']');
}

static void put_syscall(struct json *j, const struct record *rec)
{
	const struct syscall_value *sc = rec->sc;
	struct strbuf *sb = &j->line;
	begin(j, "syscall", rec, sc->ts_entry);
	strbuf_puts(sb, ",\"syscall\":");
	if (sc->se->name)
		put_cstr(sb, sc->se->name);
	else
		strbuf_printf(sb, "\"syscall_%#" PRIx64 "\"", sc->nr);
	strbuf_puts(sb, ",\"nr\":");
	strbuf_u64(sb, sc->nr);
	strbuf_puts(sb, sc->arch == ARCH_I386 ? ",\"arch\":\"i386\",\"args\":["
					      : ",\"arch\":\"x86_64\",\"args\":[");
	for (unsigned i = 0; i < sc->nargs; i++) {
		if (i)
			strbuf_putc(sb, ',');
		put_value(sb, &sc->args[i]);
	}
	strbuf_putc(sb, ']');
	if (rec->nframes)
		put_frames(sb, rec);
	if (rec->kind == R_DETACHED || !sc->exit_done) {
		strbuf_printf(sb, ",\"finished\":false%s",
			      rec->kind == R_DETACHED ? ",\"detached\":true" : "");
		end(j);
		return;
	}
	strbuf_puts(sb, ",\"finished\":true,\"retval\":");
	strbuf_i64(sb, sc->rval);
	if (sc->err) {
		const char *name = errno_name(sc->err);
		strbuf_printf(sb, ",\"errno\":%d,\"error\":", sc->err);
		if (name)
			put_cstr(sb, name);
		else
			strbuf_puts(sb, "null");
		strbuf_puts(sb, ",\"message\":");
		put_cstr(sb, errno_message(sc->err));
	} else {
		strbuf_puts(sb, ",\"ret\":");
		put_value(sb, &sc->ret);
		if (sc->ret_comment) {
			strbuf_puts(sb, ",\"ret_comment\":");
			put_cstr(sb, sc->ret_comment);
		}
	}
	strbuf_puts(sb, ",\"dur\":");
	strbuf_i64(sb, ns_of(sc->ts_exit) - ns_of(sc->ts_entry));
	if (sc->oncpu_valid) {
		strbuf_puts(sb, ",\"cpu\":");
		strbuf_u64(sb, sc->oncpu_ns);
	}
	end(j);
}

static void put_signal_name(struct strbuf *sb, const char *key, int sig)
{
	const char *name = signal_name(sig);
	strbuf_printf(sb, ",\"%s\":", key);
	if (name)
		put_cstr(sb, name);
	else
		strbuf_printf(sb, "\"%d\"", sig);
	strbuf_printf(sb, ",\"signo\":%d", sig);
}

static void json_record(struct renderer *r, const struct record *rec)
{
	struct json *j = JSON(r);
	struct strbuf *sb = &j->line;
	if (!j->started) {
		j->started = true;
		j->t0 = rec->kind == R_SYSCALL_ENTRY || rec->kind == R_SYSCALL_EXIT
			    ? rec->sc->ts_entry
			    : rec->ts;
		fprintf(j->out,
			"{\"type\":\"header\",\"schema\":\"scry-trace\",\"version\":%d,"
			"\"ts\":%" PRId64 "}\n",
			JSON_SCHEMA_VERSION, ns_of(j->t0));
	}
	switch (rec->kind) {
	case R_SYSCALL_ENTRY:
		return;
	case R_SYSCALL_EXIT:
	case R_DETACHED:
		put_syscall(j, rec);
		return;
	case R_SIGNAL:
		begin(j, "signal", rec, rec->ts);
		put_signal_name(sb, "signal", rec->sig);
		if (rec->siginfo) {
			strbuf_puts(sb, ",\"siginfo\":");
			put_value(sb, rec->siginfo);
		}
		break;
	case R_STOP:
		begin(j, "stop", rec, rec->ts);
		put_signal_name(sb, "signal", rec->sig);
		break;
	case R_EXITED:
		begin(j, "exit", rec, rec->ts);
		strbuf_printf(sb, ",\"status\":%d", rec->status);
		break;
	case R_KILLED:
		begin(j, "kill", rec, rec->ts);
		put_signal_name(sb, "signal", rec->sig);
		strbuf_printf(sb, ",\"core\":%s", rec->core ? "true" : "false");
		break;
	case R_NOTE:
	case R_ATTACH:
	case R_DETACH:
	case R_EXEC:
		begin(j,
		      rec->kind == R_NOTE     ? "note"
		      : rec->kind == R_ATTACH ? "attach"
		      : rec->kind == R_DETACH ? "detach"
					      : "exec",
		      rec, rec->ts);
		if (rec->kind == R_ATTACH || rec->kind == R_EXEC)
			strbuf_printf(sb, ",\"%s\":%d", rec->kind == R_EXEC ? "old_tid" : "parent",
				      rec->status);
		if (rec->text) {
			strbuf_puts(sb, ",\"text\":");
			put_cstr(sb, rec->text);
		}
		break;
	}
	end(j);
}

static void json_flush(struct renderer *r)
{
	fflush(JSON(r)->out);
}

static void json_release(struct renderer *r)
{
	struct json *j = JSON(r);
	fflush(j->out);
	strbuf_release(&j->line);
	free(j);
}

static const struct renderer_ops json_ops = {
    .record = json_record,
    .flush = json_flush,
    .release = json_release,
};

struct renderer *json_renderer_new(FILE *out)
{
	struct json *j = xcalloc(1, sizeof(*j));
	j->base.ops = &json_ops;
	j->out = out;
	strbuf_init(&j->line);
	return &j->base;
}
