/* -c / -C: strace's per-syscall table of time, calls and errors. */
#include "lib/xalloc.h"
#include "render/render.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct row {
	const char *name; /* NULL for numbers without a name */
	uint64_t nr;
	unsigned calls, errors;
	uint64_t total_ns, min_ns, max_ns;
};

struct summary {
	struct renderer base;
	struct summary_opts o;
	FILE *out;
	struct row *rows[ARCH_COUNT];
	unsigned nrows[ARCH_COUNT];
};

#define SUMMARY(r) ((struct summary *)(r))

static struct row *row_for(struct summary *s, const struct syscall_value *sc)
{
	unsigned arch = sc->arch < ARCH_COUNT ? sc->arch : 0;
	/* Unknown numbers can be huge: they share one row per number up to a cap. */
	uint64_t slot = sc->nr < 4096 ? sc->nr : 4095;
	if (slot >= s->nrows[arch]) {
		unsigned n = (unsigned)slot + 1;
		s->rows[arch] = xrealloc(s->rows[arch], n * sizeof(struct row));
		memset(s->rows[arch] + s->nrows[arch], 0,
		       (n - s->nrows[arch]) * sizeof(struct row));
		s->nrows[arch] = n;
	}
	struct row *r = &s->rows[arch][slot];
	r->name = sc->se->name;
	r->nr = sc->nr;
	return r;
}

static void summary_record(struct renderer *rr, const struct record *rec)
{
	struct summary *s = SUMMARY(rr);
	if (rec->kind != R_SYSCALL_EXIT)
		return;
	const struct syscall_value *sc = rec->sc;
	struct row *r = row_for(s, sc);
	uint64_t ns = 0;
	if (sc->exit_done) {
		if (s->o.wall)
			ns = (uint64_t)((sc->ts_exit.tv_sec - sc->ts_entry.tv_sec) * 1000000000LL +
					(sc->ts_exit.tv_nsec - sc->ts_entry.tv_nsec));
		else
			ns = sc->stime_ns;
	}
	if (!r->calls || ns < r->min_ns)
		r->min_ns = ns;
	if (ns > r->max_ns)
		r->max_ns = ns;
	r->calls++;
	r->errors += sc->err != 0;
	r->total_ns += ns;
}

static enum summary_sort sort_key;

static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = *(const struct row *const *)a, *y = *(const struct row *const *)b;
	switch (sort_key) {
	case SORT_CALLS:
		if (x->calls != y->calls)
			return x->calls < y->calls ? 1 : -1;
		break;
	case SORT_ERRORS:
		if (x->errors != y->errors)
			return x->errors < y->errors ? 1 : -1;
		break;
	case SORT_TIME:
		if (x->total_ns != y->total_ns)
			return x->total_ns < y->total_ns ? 1 : -1;
		break;
	default:
		break;
	}
	if (sort_key == SORT_NOTHING)
		return 0;
	return strcmp(x->name ? x->name : "~", y->name ? y->name : "~");
}

static void row_name(char *buf, size_t n, const struct row *r)
{
	if (r->name)
		snprintf(buf, n, "%s", r->name);
	else
		snprintf(buf, n, "syscall_%#" PRIx64, r->nr);
}

/* One cell; the name column is left-aligned, the others right-aligned. */
static void cell(FILE *f, enum summary_col c, const struct row *r, uint64_t total_ns, int last,
		 int is_total)
{
	char name[64];
	double secs = (double)r->total_ns / 1e9;
	switch (c) {
	case COL_TIME_PERCENT:
		/* The total row is 100.00 even when every time rounds to zero. */
		fprintf(f, "%6.2f",
			is_total || !total_ns ? (is_total ? 100.0 : 0.0)
					      : 100.0 * (double)r->total_ns / (double)total_ns);
		break;
	case COL_TOTAL_TIME:
		fprintf(f, "%11.6f", secs);
		break;
	case COL_AVG_TIME:
		fprintf(f, "%11" PRIu64, r->calls ? r->total_ns / 1000 / r->calls : 0);
		break;
	case COL_MIN_TIME:
		fprintf(f, "%8.6f", (double)r->min_ns / 1e9);
		break;
	case COL_MAX_TIME:
		fprintf(f, "%8.6f", (double)r->max_ns / 1e9);
		break;
	case COL_CALLS:
		fprintf(f, "%9u", r->calls);
		break;
	case COL_ERRORS:
		if (r->errors)
			fprintf(f, "%9u", r->errors);
		else
			fprintf(f, "%9s", "");
		break;
	case COL_NAME:
		row_name(name, sizeof(name), r);
		fprintf(f, last ? "%s" : "%-16s", name);
		break;
	}
}

static const struct {
	const char *title;
	int width;
} columns[] = {
    [COL_TIME_PERCENT] = {"% time", 6},	 [COL_TOTAL_TIME] = {"seconds", 11},
    [COL_AVG_TIME] = {"usecs/call", 11}, [COL_MIN_TIME] = {"shortest", 8},
    [COL_MAX_TIME] = {"longest", 8},	 [COL_CALLS] = {"calls", 9},
    [COL_ERRORS] = {"errors", 9},	 [COL_NAME] = {"syscall", 16},
};

static void rule(FILE *f, const struct summary_opts *o)
{
	for (unsigned i = 0; i < o->ncols; i++) {
		if (i)
			fputc(' ', f);
		for (int k = 0; k < columns[o->cols[i]].width; k++)
			fputc('-', f);
	}
	fputc('\n', f);
}

static void summary_print(struct summary *s)
{
	const struct summary_opts *o = &s->o;
	FILE *f = s->out;
	unsigned n = 0;
	for (unsigned a = 0; a < ARCH_COUNT; a++)
		n += s->nrows[a];
	struct row **list = xcalloc(n + 1, sizeof(*list));
	struct row total = {.name = "total"};
	n = 0;
	for (unsigned a = 0; a < ARCH_COUNT; a++)
		for (unsigned i = 0; i < s->nrows[a]; i++) {
			struct row *r = &s->rows[a][i];
			if (!r->calls)
				continue;
			list[n++] = r;
			total.calls += r->calls;
			total.errors += r->errors;
			total.total_ns += r->total_ns;
			if (!total.min_ns || r->min_ns < total.min_ns)
				total.min_ns = r->min_ns;
			if (r->max_ns > total.max_ns)
				total.max_ns = r->max_ns;
		}
	sort_key = o->sort;
	qsort(list, n, sizeof(*list), cmp_rows);

	for (unsigned i = 0; i < o->ncols; i++) {
		int last = i + 1 == o->ncols;
		enum summary_col c = o->cols[i];
		if (i)
			fputc(' ', f);
		if (c == COL_NAME)
			fprintf(f, last ? "%s" : "%-16s", columns[c].title);
		else
			fprintf(f, "%*s", columns[c].width, columns[c].title);
	}
	fputc('\n', f);
	rule(f, o);
	for (unsigned r = 0; r <= n; r++) {
		if (r == n)
			rule(f, o);
		const struct row *row = r < n ? list[r] : &total;
		for (unsigned i = 0; i < o->ncols; i++) {
			if (i)
				fputc(' ', f);
			cell(f, o->cols[i], row, total.total_ns, i + 1 == o->ncols, r == n);
		}
		fputc('\n', f);
	}
	free(list);
	fflush(f);
}

static void summary_flush(struct renderer *r)
{
	fflush(SUMMARY(r)->out);
}

static void summary_release(struct renderer *r)
{
	struct summary *s = SUMMARY(r);
	summary_print(s);
	for (unsigned a = 0; a < ARCH_COUNT; a++)
		free(s->rows[a]);
	free(s);
}

static const struct renderer_ops summary_ops = {
    .record = summary_record,
    .flush = summary_flush,
    .release = summary_release,
};

struct renderer *summary_renderer_new(FILE *out, const struct summary_opts *o)
{
	struct summary *s = xcalloc(1, sizeof(*s));
	s->base.ops = &summary_ops;
	s->out = out;
	s->o = *o;
	return &s->base;
}
