/* --profile FILE: one sample per syscall in `perf script` text form, with
 * the syscall's stack (-k) leaf first and the syscall name as the leaf
 * frame, so the Firefox Profiler, Perfetto and speedscope import it as a
 * profile of where the program enters the kernel.  Every sample carries the
 * same event name (raw_syscalls:sys_enter, a real tracepoint): speedscope
 * keeps only the samples named like the first one.  Offsets are always
 * +0x..., as perf writes them, so viewers strip them from frame names. */
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "render/render.h"
#include "unwind/unwind.h"

#include <inttypes.h>
#include <stdlib.h>

struct profile {
	struct renderer base;
	FILE *out;
	struct strbuf sb;
};

#define PROFILE(r) ((struct profile *)(r))

/* perf script's comm is one word as far as importers are concerned. */
static void put_comm(struct strbuf *sb, const char *comm)
{
	if (!comm || !*comm)
		comm = "?";
	for (; *comm; comm++)
		strbuf_putc(sb, (*comm == ' ' || *comm == '\t' || *comm == '\n') ? '_' : *comm);
}

static void profile_record(struct renderer *r, const struct record *rec)
{
	struct profile *p = PROFILE(r);
	struct strbuf *sb = &p->sb;
	if (rec->kind != R_SYSCALL_EXIT && rec->kind != R_DETACHED)
		return;
	const struct syscall_value *sc = rec->sc;
	char name[48];
	if (sc->se->name)
		snprintf(name, sizeof(name), "%s", sc->se->name);
	else
		snprintf(name, sizeof(name), "syscall_%#" PRIx64, sc->nr);
	strbuf_reset(sb);
	put_comm(sb, rec->comm);
	strbuf_printf(sb, " %d/%d %lld.%06ld: 1 raw_syscalls:sys_enter:\n", rec->tgid, rec->tid,
		      (long long)sc->ts_entry.tv_sec, sc->ts_entry.tv_nsec / 1000);
	strbuf_printf(sb, "\t%16s %s ([kernel.kallsyms])\n", "ffffffffffffffff", name);
	for (unsigned i = 0; i < rec->nframes; i++) {
		const struct frame *f = &rec->frames[i];
		strbuf_printf(sb, "\t%16" PRIx64 " ", f->addr);
		if (f->function)
			strbuf_printf(sb, "%s+0x%" PRIx64, f->function, f->offset);
		else
			strbuf_puts(sb, "[unknown]");
		strbuf_printf(sb, " (%s)\n", f->module ? f->module : "[unknown]");
	}
	strbuf_putc(sb, '\n');
	fwrite(sb->buf, 1, sb->len, p->out);
}

static void profile_flush(struct renderer *r)
{
	fflush(PROFILE(r)->out);
}

static void profile_release(struct renderer *r)
{
	struct profile *p = PROFILE(r);
	fclose(p->out);
	strbuf_release(&p->sb);
	free(p);
}

static const struct renderer_ops profile_ops = {
    .record = profile_record,
    .flush = profile_flush,
    .release = profile_release,
};

struct renderer *profile_renderer_new(FILE *out)
{
	struct profile *p = xcalloc(1, sizeof(*p));
	p->base.ops = &profile_ops;
	p->out = out;
	strbuf_init(&p->sb);
	return &p->base;
}
