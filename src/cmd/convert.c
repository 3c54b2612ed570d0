/* scry convert: a recorded --json trace into --timeline / --profile files,
 * so a trace taken on a server is looked at elsewhere. Arguments and
 * results travel as the JSON text they were recorded as. */
#include "cmd/cmd.h"
#include "lib/arena.h"
#include "lib/json.h"
#include "lib/msg.h"
#include "render/render.h"
#include "unwind/unwind.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char convert_help[] =
    "usage: scry convert [--timeline FILE] [--profile FILE] [TRACE.json]\n"
    "\n"
    "Reads a trace written by 'scry trace --json' (from TRACE.json or stdin)\n"
    "and writes what --timeline and --profile would have written.\n";

static int64_t num(const struct json *obj, const char *key)
{
	const struct json *v = json_get(obj, key);
	return v && (v->type == JSON_NUM || v->type == JSON_BOOL) ? v->i : 0;
}

static const char *str(const struct json *obj, const char *key)
{
	const struct json *v = json_get(obj, key);
	return v && v->type == JSON_STR ? v->str : NULL;
}

static struct timespec ts_of(int64_t ns)
{
	return (struct timespec){ns / 1000000000, ns % 1000000000};
}

static uint64_t hex(const struct json *obj, const char *key)
{
	const char *s = str(obj, key);
	return s ? strtoull(s, NULL, 16) : 0;
}

static void load_frames(struct arena *a, const struct json *stack, struct record *rec)
{
	if (!stack || stack->type != JSON_ARR || !stack->n)
		return;
	struct frame *f = arena_zalloc(a, stack->n * sizeof(*f));
	for (size_t i = 0; i < stack->n; i++) {
		const struct json *j = &stack->items[i];
		f[i].module = str(j, "module");
		f[i].function = str(j, "function");
		f[i].offset = (uint64_t)num(j, "offset");
		f[i].addr = hex(j, "addr");
		f[i].rel = hex(j, "rel");
		f[i].file = str(j, "file");
		f[i].line = (unsigned)num(j, "line");
		f[i].inlined = num(j, "inlined") != 0;
	}
	rec->frames = f;
	rec->nframes = (unsigned)stack->n;
}

/* One syscall object back into the record the renderers take. */
static void load_syscall(struct arena *a, const struct json *o, struct record *rec,
			 struct syscall_value *sc, struct sysent *se)
{
	const struct json *args = json_get(o, "args");
	memset(sc, 0, sizeof(*sc));
	memset(se, 0, sizeof(*se));
	se->name = str(o, "syscall");
	sc->se = se;
	sc->nr = (uint64_t)num(o, "nr");
	const char *arch = str(o, "arch");
	sc->arch = arch && !strcmp(arch, "i386") ? ARCH_I386 : ARCH_X86_64;
	for (size_t i = 0; args && args->type == JSON_ARR && i < args->n && i < 6; i++)
		sc->args[sc->nargs++] = value_raw(json_text(a, &args->items[i]));
	se->nargs = sc->nargs;
	sc->ts_entry = ts_of(num(o, "ts"));
	sc->ts_exit = ts_of(num(o, "ts") + num(o, "dur"));
	sc->exit_done = num(o, "finished") != 0;
	sc->rval = num(o, "retval");
	sc->err = (int)num(o, "errno");
	const struct json *ret = json_get(o, "ret");
	if (ret)
		sc->ret = value_raw(json_text(a, ret));
	rec->kind = json_get(o, "detached") ? R_DETACHED : R_SYSCALL_EXIT;
	rec->sc = sc;
	load_frames(a, json_get(o, "stack"), rec);
}

static void feed(struct renderer **r, unsigned nr, const struct record *rec)
{
	for (unsigned i = 0; i < nr; i++)
		r[i]->ops->record(r[i], rec);
}

static int convert(FILE *in, const char *name, struct renderer **r, unsigned nr)
{
	struct arena a;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned lineno = 0;
	int rc = 0;
	arena_init(&a);
	while ((len = getline(&line, &cap, in)) > 0) {
		lineno++;
		arena_reset(&a);
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		struct json *o = json_parse(&a, line, (size_t)len);
		const char *type = o ? str(o, "type") : NULL;
		if (!type) {
			msg_error("%s:%u: not a scry --json event", name, lineno);
			rc = 1;
			break;
		}
		struct record rec = {
		    .tid = (int)num(o, "tid"),
		    .tgid = (int)num(o, "pid"),
		    .ts = ts_of(num(o, "ts")),
		    .comm = str(o, "comm"),
		    .nthreads = 2,
		};
		struct syscall_value sc;
		struct sysent se;
		const struct json *siginfo = json_get(o, "siginfo");
		struct value si;
		if (!strcmp(type, "syscall")) {
			load_syscall(&a, o, &rec, &sc, &se);
		} else if (!strcmp(type, "signal")) {
			rec.kind = R_SIGNAL;
			rec.sig = (int)num(o, "signo");
			if (siginfo) {
				si = value_raw(json_text(&a, siginfo));
				rec.siginfo = &si;
			}
		} else if (!strcmp(type, "stop")) {
			rec.kind = R_STOP;
			rec.sig = (int)num(o, "signo");
		} else if (!strcmp(type, "exit")) {
			rec.kind = R_EXITED;
			rec.status = (int)num(o, "status");
		} else if (!strcmp(type, "kill")) {
			rec.kind = R_KILLED;
			rec.sig = (int)num(o, "signo");
			rec.core = num(o, "core") != 0;
		} else if (!strcmp(type, "exec")) {
			rec.kind = R_EXEC;
		} else if (!strcmp(type, "note")) {
			rec.kind = R_NOTE;
			rec.text = str(o, "text");
		} else {
			continue; /* header, attach, detach */
		}
		feed(r, nr, &rec);
	}
	free(line);
	arena_release(&a);
	return rc;
}

int cmd_convert(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"timeline", required_argument, NULL, 't'},
	    {"profile", required_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *timeline = NULL, *profile = NULL;
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (opt) {
		case 't':
			timeline = optarg;
			break;
		case 'p':
			profile = optarg;
			break;
		case 'h':
			fputs(convert_help, stdout);
			return 0;
		default:
			fprintf(stderr, "scry: unknown option '%s' (try 'scry convert --help')\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if ((!timeline && !profile) || argc - optind > 1) {
		fputs("scry: give --timeline FILE and/or --profile FILE, and at most one trace "
		      "(try 'scry convert --help')\n",
		      stderr);
		return 2;
	}
	const char *name = optind < argc ? argv[optind] : "-";
	FILE *in = strcmp(name, "-") ? fopen(name, "re") : stdin;
	if (!in) {
		msg_perror("cannot open '%s'", name);
		return 1;
	}
	struct renderer *r[2];
	unsigned nr = 0;
	const char *outs[2] = {timeline, profile};
	for (unsigned k = 0; k < 2; k++) {
		if (!outs[k])
			continue;
		FILE *f = fopen(outs[k], "we");
		if (!f) {
			msg_perror("cannot open '%s'", outs[k]);
			for (unsigned i = 0; i < nr; i++)
				r[i]->ops->release(r[i]);
			if (in != stdin)
				fclose(in);
			return 1;
		}
		r[nr++] = k == 0 ? timeline_renderer_new(f) : profile_renderer_new(f);
	}
	int rc = convert(in, name, r, nr);
	for (unsigned i = 0; i < nr; i++)
		r[i]->ops->release(r[i]);
	if (in != stdin)
		fclose(in);
	return rc;
}
