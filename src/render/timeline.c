/* --timeline FILE: Chrome Trace Event Format, which Perfetto UI and
 * chrome://tracing open. One track per thread (named "comm TID" in a process
 * named "comm PID"); each syscall is a complete event ("ph":"X") carrying
 * its decoded arguments and result as text; signals, stops and exits are
 * instant events. Times are microseconds since the first event. */
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "render/render.h"
#include "syscalls/errno_names.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct tl_thread {
	int tid, pid;
	char comm[16];
};

struct timeline {
	struct renderer base;
	FILE *out;
	struct strbuf ev, tmp;
	struct timespec t0;
	bool started;
	unsigned count;
	struct tl_thread *threads;
	unsigned nthreads, cap;
};

#define TL(r) ((struct timeline *)(r))

static void json_str(struct strbuf *sb, const char *s)
{
	strbuf_putc(sb, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			strbuf_printf(sb, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			strbuf_printf(sb, "\\u%04x", c);
		else
			strbuf_putc(sb, (char)c);
	}
	strbuf_putc(sb, '"');
}

static double us_since(const struct timeline *t, struct timespec ts)
{
	return (double)(ts.tv_sec - t->t0.tv_sec) * 1e6 +
	       (double)(ts.tv_nsec - t->t0.tv_nsec) / 1e3;
}

static void remember_thread(struct timeline *t, const struct record *rec)
{
	struct tl_thread *th = NULL;
	for (unsigned i = 0; i < t->nthreads && !th; i++)
		if (t->threads[i].tid == rec->tid)
			th = &t->threads[i];
	if (!th) {
		if (t->nthreads == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 64;
			t->threads = xrealloc(t->threads, t->cap * sizeof(*t->threads));
		}
		th = &t->threads[t->nthreads++];
		memset(th, 0, sizeof(*th));
		th->tid = rec->tid;
	}
	th->pid = rec->tgid;
	if (rec->comm && rec->comm[0])
		snprintf(th->comm, sizeof(th->comm), "%s", rec->comm);
}

static void emit(struct timeline *t)
{
	fputs(t->count++ ? ",\n" : "\n", t->out);
	fwrite(t->ev.buf, 1, t->ev.len, t->out);
	strbuf_reset(&t->ev);
}

static void head(struct timeline *t, const char *name, const char *ph, const struct record *rec,
		 struct timespec ts)
{
	strbuf_reset(&t->ev);
	strbuf_puts(&t->ev, "{\"name\":");
	json_str(&t->ev, name);
	strbuf_printf(&t->ev, ",\"ph\":\"%s\",\"ts\":%.3f,\"pid\":%d,\"tid\":%d", ph,
		      us_since(t, ts), rec->tgid, rec->tid);
}

static void put_syscall(struct timeline *t, const struct record *rec)
{
	const struct syscall_value *sc = rec->sc;
	char name[48];
	if (sc->se->name)
		snprintf(name, sizeof(name), "%s", sc->se->name);
	else
		snprintf(name, sizeof(name), "syscall_%#" PRIx64, sc->nr);
	head(t, name, "X", rec, sc->ts_entry);
	double dur = sc->exit_done ? us_since(t, sc->ts_exit) - us_since(t, sc->ts_entry) : 0;
	strbuf_printf(&t->ev, ",\"dur\":%.3f,\"cat\":\"syscall\",\"args\":{\"args\":", dur);
	strbuf_reset(&t->tmp);
	for (unsigned i = 0; i < sc->nargs; i++) {
		if (i)
			strbuf_puts(&t->tmp, ", ");
		text_format_value(&t->tmp, &sc->args[i], 0);
	}
	json_str(&t->ev, t->tmp.buf ? t->tmp.buf : "");
	strbuf_reset(&t->tmp);
	if (!sc->exit_done)
		strbuf_puts(&t->tmp, rec->kind == R_DETACHED ? "? (detached)" : "?");
	else if (sc->err)
		strbuf_printf(&t->tmp, "-1 %s (%s)",
			      errno_name(sc->err) ? errno_name(sc->err) : "?",
			      errno_message(sc->err));
	else
		text_format_value(&t->tmp, &sc->ret, 0);
	strbuf_puts(&t->ev, ",\"result\":");
	json_str(&t->ev, t->tmp.buf);
	strbuf_puts(&t->ev, "}}");
	emit(t);
}

static void instant(struct timeline *t, const struct record *rec, const char *name,
		    const char *detail)
{
	head(t, name, "i", rec, rec->ts);
	strbuf_puts(&t->ev, ",\"s\":\"t\",\"cat\":\"event\"");
	if (detail) {
		strbuf_puts(&t->ev, ",\"args\":{\"detail\":");
		json_str(&t->ev, detail);
		strbuf_putc(&t->ev, '}');
	}
	strbuf_putc(&t->ev, '}');
	emit(t);
}

static void tl_record(struct renderer *r, const struct record *rec)
{
	struct timeline *t = TL(r);
	char buf[64];
	if (!t->started) {
		t->started = true;
		t->t0 = rec->sc && rec->kind != R_NOTE ? rec->sc->ts_entry : rec->ts;
		fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", t->out);
	}
	remember_thread(t, rec);
	switch (rec->kind) {
	case R_SYSCALL_EXIT:
	case R_DETACHED:
		put_syscall(t, rec);
		break;
	case R_SIGNAL:
		strbuf_reset(&t->tmp);
		if (rec->siginfo)
			text_format_value(&t->tmp, rec->siginfo, 0);
		instant(t, rec, signal_name(rec->sig) ? signal_name(rec->sig) : "signal",
			t->tmp.buf);
		break;
	case R_STOP:
		snprintf(buf, sizeof(buf), "stopped by %s", signal_name(rec->sig));
		instant(t, rec, buf, NULL);
		break;
	case R_EXITED:
		snprintf(buf, sizeof(buf), "exited with %d", rec->status);
		instant(t, rec, buf, NULL);
		break;
	case R_KILLED:
		snprintf(buf, sizeof(buf), "killed by %s", signal_name(rec->sig));
		instant(t, rec, buf, NULL);
		break;
	case R_EXEC:
		instant(t, rec, "execve", NULL);
		break;
	case R_NOTE:
		instant(t, rec, "note", rec->text);
		break;
	default:
		break;
	}
}

static void tl_flush(struct renderer *r)
{
	fflush(TL(r)->out);
}

/* Track names go last: a thread's name is best known when tracing ends. */
static void tl_release(struct renderer *r)
{
	struct timeline *t = TL(r);
	if (!t->started)
		fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", t->out);
	for (unsigned i = 0; i < t->nthreads; i++) {
		const struct tl_thread *th = &t->threads[i];
		char name[48];
		struct record rec = {.tid = th->tid, .tgid = th->pid};
		if (th->tid == th->pid) {
			snprintf(name, sizeof(name), "%s %d", th->comm[0] ? th->comm : "process",
				 th->pid);
			head(t, "process_name", "M", &rec, t->t0);
			strbuf_puts(&t->ev, ",\"args\":{\"name\":");
			json_str(&t->ev, name);
			strbuf_puts(&t->ev, "}}");
			emit(t);
		}
		snprintf(name, sizeof(name), "%s %d", th->comm[0] ? th->comm : "thread", th->tid);
		head(t, "thread_name", "M", &rec, t->t0);
		strbuf_puts(&t->ev, ",\"args\":{\"name\":");
		json_str(&t->ev, name);
		strbuf_puts(&t->ev, "}}");
		emit(t);
	}
	fputs("\n]}\n", t->out);
	fclose(t->out);
	strbuf_release(&t->ev);
	strbuf_release(&t->tmp);
	free(t->threads);
	free(t);
}

static const struct renderer_ops tl_ops = {
    .record = tl_record,
    .flush = tl_flush,
    .release = tl_release,
};

struct renderer *timeline_renderer_new(FILE *out)
{
	struct timeline *t = xcalloc(1, sizeof(*t));
	t->base.ops = &tl_ops;
	t->out = out;
	strbuf_init(&t->ev);
	strbuf_init(&t->tmp);
	return &t->base;
}
