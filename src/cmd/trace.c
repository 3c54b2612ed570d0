/* scry trace: options, then a session over the ptrace backend. */
#include "cmd/cmd.h"
#include "engine/ptrace.h"
#include "lib/msg.h"
#include "lib/xalloc.h"
#include "render/render.h"
#include "trace/fdinfo.h"
#include "trace/session.h"
#include "xlat/all.h"

#include <errno.h>
#include <getopt.h>
#include <regex.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

extern char **environ;

#define EXIT_USAGE   2
#define EXIT_RUNTIME 1

/* Polling budget before sleeping in waitpid; bench/bench.sh tunes it. */
#define DEFAULT_SPIN_US 50

static const char trace_help[] =
    "usage: scry trace [options] [--] COMMAND [ARGS...]\n"
    "       scry trace [options] -p PID [-p PID ...]\n"
    "\n"
    "Runs COMMAND (or attaches to running processes) and prints every system call\n"
    "it makes, one per line, in strace's format.\n"
    "\n"
    "  -f             follow threads and child processes (clone, fork, vfork, exec)\n"
    "  -p PID         attach to a running process (repeatable, or comma-separated);\n"
    "                 SIGINT/SIGTERM/SIGHUP to scry detaches and leaves it running\n"
    "  -o FILE        write the trace to FILE instead of stderr\n"
    "  -s N           print at most N bytes of strings and buffers (default 32)\n"
    "  -e trace=SET   trace only SET: syscall names, %class (%file %network ...),\n"
    "                 /regex, all, none; a leading ! negates (-e trace=!write)\n"
    "  -E VAR=VAL     set VAR in COMMAND's environment; -E VAR removes it\n"
    "  -e signal=SET  show only these signals (names, numbers, all, none, !negated)\n"
    "  -e status=SET  show only syscalls that ended so: successful, failed,\n"
    "                 unfinished, unavailable, detached; -z: successful, -Z: failed\n"
    "  -e quiet=SET   hide: attach, exit, personality, superseded (or all)\n"
    "  -P PATH        only syscalls that name PATH, or an fd open on it\n"
    "  -x, -xx        print non-ASCII strings in hex; -xx: all strings in hex\n"
    "  -y, -yy        print what fds refer to: 3</etc/hosts>; -yy: socket\n"
    "                 endpoints too: 3<UDP:[127.0.0.1:3001]>\n"
    "  -v             unabbreviated structures and environments\n"
    "  --json         JSON Lines instead of text: one object per event, schema in\n"
    "                 docs/trace.schema.json\n"
    "  --timeline F   also write a timeline to F (Chrome Trace Event JSON: open it\n"
    "                 in ui.perfetto.dev): a track per thread, a slice per syscall\n"
    "  --profile F    also write each syscall's stack (-k) to F in perf script\n"
    "                 form: the Firefox Profiler, Perfetto and speedscope open it\n"
    "  -c, -C         count time, calls and errors per syscall and print a table at\n"
    "                 the end; -c instead of the trace, -C after it\n"
    "  -S KEY         sort the table by time (default), calls, errors, name, nothing\n"
    "  -U COLS        table columns: time-percent,total-time,avg-time,min-time,\n"
    "                 max-time,calls,errors,name\n"
    "  -w             time from entry to exit in the table (default: system time,\n"
    "                 from wait4's rusage, as strace -c)\n"
    "  -t, -tt, -ttt  prefix lines with the time of day (-tt: with microseconds,\n"
    "                 -ttt: seconds since the epoch)\n"
    "  -r             prefix lines with the time since the previous line\n"
    "  -T             show the time spent in each syscall, <seconds>\n"
    "  -k, --stack-traces  print the user stack after each syscall, with\n"
    "                 file:line when known (Go binaries even when stripped)\n"
    "  --cpu          show the CPU time each syscall used, <cpu=seconds>: the\n"
    "                 thread's on-CPU time (/proc/TID/schedstat) from entry to exit\n"
    "  -q, -qq        hide attach/detach messages; -qq: also exit status lines\n"
    "  --no-seccomp   stop at every syscall even when -e trace= selects a few (by\n"
    "                 default, with -f, a seccomp-bpf filter lets the others run)\n"
    "  --pin[=CPU]    run scry and COMMAND on one CPU (default: the CPU scry is on).\n"
    "                 Tracing is several times faster on VMs where waking a process on\n"
    "                 another CPU is expensive, but COMMAND then sees ONE CPU (nproc,\n"
    "                 sched_getaffinity, Go's GOMAXPROCS). Off by default.\n"
    "  -h, --help     print this help\n"
    "  -V, --version  print the version\n"
    "\n"
    "scry exits with COMMAND's exit status; if COMMAND was killed by a signal,\n"
    "scry kills itself with the same signal (a shell sees 128+N).\n";

struct trace_cli {
	struct trace_opts t;
	const char *outfile;
	int *pids;
	unsigned npids;
	char **env;
	unsigned xflag;
	unsigned tflag;
	bool rflag, Tflag;
	bool no_seccomp;
	unsigned qcount;
	bool json;
	const char *timeline; /* --timeline FILE */
	const char *profile;  /* --profile FILE */
	int summary;	      /* 0, 'c' (summary only) or 'C' (trace and summary) */
	struct summary_opts sum;
	int pin_cpu; /* -1: no --pin */
};

/* Output is flushed before scry sleeps, but at most every FLUSH_MS: a flush
 * per ptrace stop would cost a write(2) each. A blocked tracee still shows
 * its pending line within FLUSH_MS: the timer's signal interrupts the wait. */
#define FLUSH_MS 50
static volatile sig_atomic_t flush_due = 1;

static void alarm_handler(int sig)
{
	(void)sig;
	flush_due = 1;
}

static void sig_handler(int sig)
{
	session_interrupted = sig;
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("scry: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (try 'scry trace --help')\n", stderr);
	return EXIT_USAGE;
}

static int parse_uint(const char *s, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

static int add_pids(struct trace_cli *c, const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		long pid;
		if (parse_uint(tok, INT_MAX, &pid) < 0 || pid == 0) {
			int rc = usage_error("invalid pid '%s'", tok);
			free(copy);
			return rc;
		}
		c->pids = xrealloc(c->pids, (c->npids + 1) * sizeof(*c->pids));
		c->pids[c->npids++] = (int)pid;
	}
	free(copy);
	return 0;
}

static const struct {
	const char *name;
	unsigned bit;
} trace_classes[] = {
    {"%file", TC_FILE},	    {"%desc", TC_DESC},	      {"%network", TC_NETWORK},
    {"%net", TC_NETWORK},   {"%process", TC_PROCESS}, {"%memory", TC_MEMORY},
    {"%signal", TC_SIGNAL}, {"%ipc", TC_IPC},	      {"%clock", TC_CLOCK},
    {"%creds", TC_CREDS},   {"%stat", TC_STAT},	      {"%lstat", TC_LSTAT},
    {"%fstat", TC_FSTAT},   {"%statfs", TC_STATFS},   {"%pure", TC_PURE},
};

static unsigned arch_size(unsigned arch)
{
	return arch == ARCH_I386 ? nsysent_i386 : nsysent_x86_64;
}

static void set_bit(struct trace_opts *t, unsigned arch, unsigned long nr, bool on)
{
	if (nr >= t->select_len[arch])
		return;
	if (on)
		t->select[arch][nr / 8] |= (uint8_t)(1u << (nr % 8));
	else
		t->select[arch][nr / 8] &= (uint8_t) ~(1u << (nr % 8));
}

/* One token of -e trace=: a name or a class; returns how many rows it named. */
static unsigned select_token(struct trace_opts *t, const char *tok, bool on)
{
	unsigned hits = 0;
	for (unsigned arch = 0; arch < ARCH_COUNT; arch++) {
		if (!strcmp(tok, "all")) {
			for (unsigned nr = 0; nr < arch_size(arch); nr++)
				set_bit(t, arch, nr, on);
			t->select_unknown = on;
			hits++;
			continue;
		}
		if (tok[0] == '%') {
			for (size_t k = 0; k < sizeof(trace_classes) / sizeof(trace_classes[0]);
			     k++) {
				if (strcmp(tok, trace_classes[k].name))
					continue;
				hits++;
				for (unsigned nr = 0; nr < arch_size(arch); nr++) {
					const struct sysent *se = sysent_lookup(arch, nr);
					if (se && se->name && (se->classes & trace_classes[k].bit))
						set_bit(t, arch, nr, on);
				}
			}
			continue;
		}
		if (tok[0] == '/') {
			regex_t re;
			if (regcomp(&re, tok + 1, REG_EXTENDED | REG_NOSUB))
				return 0;
			hits++; /* a regex that matches nothing is not an error */
			for (unsigned nr = 0; nr < arch_size(arch); nr++) {
				const struct sysent *se = sysent_lookup(arch, nr);
				if (se && se->name && !regexec(&re, se->name, 0, NULL, 0))
					set_bit(t, arch, nr, on);
			}
			regfree(&re);
			continue;
		}
		long nr = sysent_find(arch, tok);
		if (nr >= 0) {
			set_bit(t, arch, (unsigned long)nr, on);
			hits++;
		}
	}
	return hits;
}

static int parse_trace_set(struct trace_opts *t, const char *spec)
{
	bool negate = spec[0] == '!';
	if (negate)
		spec++;
	for (unsigned arch = 0; arch < ARCH_COUNT; arch++) {
		t->select_len[arch] = arch_size(arch);
		free(t->select[arch]);
		t->select[arch] = xcalloc(arch_size(arch) / 8 + 1, 1);
	}
	t->select_unknown = false;
	if (negate)
		select_token(t, "all", true);
	char *copy = xstrdup(spec), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "none"))
			continue;
		if (!select_token(t, tok, !negate)) {
			fprintf(stderr,
				"scry: invalid system call '%s' (try 'scry trace --help')\n", tok);
			free(copy);
			return EXIT_USAGE;
		}
	}
	free(copy);
	return 0;
}

/* A comma list of names from table, optionally negated as a whole with '!';
 * sets bits in *out. Returns the offending token's index + 1 on error. */
struct name_bit {
	const char *name;
	unsigned bit;
};

static int parse_name_set(const char *spec, const struct name_bit *table, size_t n, unsigned all,
			  unsigned *out, char *bad, size_t badlen)
{
	bool negate = spec[0] == '!';
	unsigned set = 0;
	char *copy = xstrdup(spec + negate), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;
		if (!strcmp(tok, "all")) {
			set = all;
			continue;
		}
		if (!strcmp(tok, "none"))
			continue;
		for (i = 0; i < n && strcmp(tok, table[i].name); i++)
			;
		if (i == n) {
			snprintf(bad, badlen, "%s", tok);
			free(copy);
			return -1;
		}
		set |= table[i].bit;
	}
	free(copy);
	*out = negate ? all & ~set : set;
	return 0;
}

static const struct name_bit status_names[] = {
    {"successful", STATUS_SUCCESSFUL}, {"failed", STATUS_FAILED},
    {"unfinished", STATUS_UNFINISHED}, {"unavailable", STATUS_UNAVAILABLE},
    {"detached", STATUS_DETACHED},
};
#define STATUS_ALL 0x1f

static const struct name_bit quiet_names[] = {
    {"attach", QUIET_ATTACH},
    {"exit", QUIET_EXIT},
    {"exits", QUIET_EXIT},
    {"personality", QUIET_PERSONALITY},
    {"superseded", QUIET_SUPERSEDED},
    {"thread-execve", QUIET_SUPERSEDED},
    {"path-resolution", 0},
};
#define QUIET_ALL 0xf

/* -e signal=: names with or without SIG, numbers, all, none, leading ! */
static int parse_signal_set(struct trace_cli *c, const char *spec)
{
	bool negate = spec[0] == '!';
	uint64_t set = 0;
	char *copy = xstrdup(spec + negate), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		long n;
		int sig = 0;
		if (!strcmp(tok, "all")) {
			set = ~(uint64_t)0;
			continue;
		}
		if (!strcmp(tok, "none"))
			continue;
		if (parse_uint(tok, 64, &n) == 0 && n > 0) {
			sig = (int)n;
		} else {
			const char *name = strncasecmp(tok, "SIG", 3) ? tok : tok + 3;
			for (int k = 1; k <= 64 && !sig; k++) {
				const char *known = xlat_name(&xlat_signals, (uint64_t)k);
				if (known && !strcasecmp(known + 3, name))
					sig = k;
			}
		}
		if (!sig) {
			int rc = usage_error("invalid signal '%s'", tok);
			free(copy);
			return rc;
		}
		set |= (uint64_t)1 << (sig - 1);
	}
	free(copy);
	c->t.signals = negate ? ~set : set;
	return 0;
}

static int parse_expr(struct trace_cli *c, const char *expr)
{
	const char *eq = strchr(expr, '=');
	char bad[64];
	if (!eq)
		return parse_trace_set(&c->t, expr);
	size_t klen = (size_t)(eq - expr);
	const char *val = eq + 1;
#define KEY(k) (klen == strlen(k) && !strncmp(expr, k, klen))
	if (KEY("trace") || KEY("t"))
		return parse_trace_set(&c->t, val);
	if (KEY("signal") || KEY("signals") || KEY("s"))
		return parse_signal_set(c, val);
	if (KEY("status")) {
		if (parse_name_set(val, status_names,
				   sizeof(status_names) / sizeof(status_names[0]), STATUS_ALL,
				   &c->t.status, bad, sizeof(bad)))
			return usage_error("invalid status '%s'", bad);
		if (c->t.status == STATUS_ALL)
			c->t.status = 0;
		return 0;
	}
	if (KEY("quiet") || KEY("silent") || KEY("silence") || KEY("q")) {
		unsigned q;
		if (parse_name_set(val, quiet_names, sizeof(quiet_names) / sizeof(quiet_names[0]),
				   QUIET_ALL, &q, bad, sizeof(bad)))
			return usage_error("invalid quiet category '%s'", bad);
		c->t.quiet |= q;
		return 0;
	}
#undef KEY
	return usage_error("unsupported -e qualifier '%s'", expr);
}

static void env_set(struct trace_cli *c, const char *spec)
{
	const char *eq = strchr(spec, '=');
	size_t klen = eq ? (size_t)(eq - spec) : strlen(spec);
	size_t n = 0, out = 0;
	while (c->env[n])
		n++;
	for (size_t i = 0; i < n; i++) {
		if (!strncmp(c->env[i], spec, klen) && c->env[i][klen] == '=')
			continue; /* replaced or removed */
		c->env[out++] = c->env[i];
	}
	c->env = xrealloc(c->env, (out + 2) * sizeof(*c->env));
	if (eq)
		c->env[out++] = (char *)spec;
	c->env[out] = NULL;
}

/* Finds COMMAND as a shell would; NULL with errno set when it cannot run. */
static char *resolve_command(const char *cmd)
{
	struct stat st;
	if (strchr(cmd, '/')) {
		if (stat(cmd, &st) < 0)
			return NULL;
		return xstrdup(cmd);
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	int saw_eacces = 0;
	while (*path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);
		char *full = xmalloc(len + strlen(cmd) + 2);
		snprintf(full, len + strlen(cmd) + 2, "%.*s%s%s", (int)len, path, len ? "/" : "",
			 cmd);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(full, X_OK) == 0)
				return full;
			saw_eacces = 1;
		}
		free(full);
		path += len + (colon ? 1 : 0);
	}
	errno = saw_eacces ? EACCES : ENOENT;
	return NULL;
}

/* The seccomp filter needs PR_SET_NO_NEW_PRIVS, which would stop a set-id or
 * file-capability program from gaining its privileges: never for those. */
static bool seccomp_safe(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0 || (st.st_mode & (S_ISUID | S_ISGID)))
		return false;
	return getxattr(path, "security.capability", NULL, 0) < 0 && errno == ENODATA;
}

static int cpu_count_allowed(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return 1;
	return CPU_COUNT(&set);
}

static int apply_pin(int cpu)
{
	cpu_set_t set;
	if (cpu < 0)
		cpu = sched_getcpu();
	if (cpu < 0)
		cpu = 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0) {
		char num[16];
		snprintf(num, sizeof(num), "%d", cpu);
		msg_perror("--pin: cannot run on cpu %s", num);
		return -1;
	}
	return 0;
}

/* Dies the way the command died, so a shell sees the same status. */
static int exit_like(const struct trace_result *res)
{
	if (!res->main_killed)
		return res->main_status;
	int sig = res->main_status;
	struct rlimit no_core = {0, 0};
	setrlimit(RLIMIT_CORE, &no_core);
	signal(sig, SIG_DFL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	fflush(NULL);
	raise(sig);
	return 128 + sig;
}

enum { OPT_PIN = 256, OPT_NO_SECCOMP, OPT_SECCOMP, OPT_CPU, OPT_JSON, OPT_TIMELINE, OPT_PROFILE };

static const struct {
	const char *name;
	enum summary_sort key;
} sort_names[] = {
    {"time", SORT_TIME},    {"time-percent", SORT_TIME}, {"total-time", SORT_TIME},
    {"calls", SORT_CALLS},  {"count", SORT_CALLS},	 {"errors", SORT_ERRORS},
    {"name", SORT_NAME},    {"syscall", SORT_NAME},	 {"nothing", SORT_NOTHING},
    {"none", SORT_NOTHING},
};

static int parse_sort(struct summary_opts *o, const char *arg)
{
	for (size_t i = 0; i < sizeof(sort_names) / sizeof(sort_names[0]); i++)
		if (!strcmp(arg, sort_names[i].name)) {
			o->sort = sort_names[i].key;
			return 0;
		}
	return usage_error("invalid -S sort key '%s'", arg);
}

static const struct {
	const char *name;
	enum summary_col col;
} column_names[] = {
    {"time-percent", COL_TIME_PERCENT},
    {"time", COL_TIME_PERCENT},
    {"total-time", COL_TOTAL_TIME},
    {"seconds", COL_TOTAL_TIME},
    {"avg-time", COL_AVG_TIME},
    {"usecs/call", COL_AVG_TIME},
    {"min-time", COL_MIN_TIME},
    {"shortest", COL_MIN_TIME},
    {"max-time", COL_MAX_TIME},
    {"longest", COL_MAX_TIME},
    {"calls", COL_CALLS},
    {"count", COL_CALLS},
    {"errors", COL_ERRORS},
    {"name", COL_NAME},
    {"syscall", COL_NAME},
};

static int parse_columns(struct summary_opts *o, const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL;
	o->ncols = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i, n = sizeof(column_names) / sizeof(column_names[0]);
		for (i = 0; i < n && strcmp(tok, column_names[i].name); i++)
			;
		if (i == n || o->ncols == 8) {
			int rc = usage_error("invalid -U column '%s'", tok);
			free(copy);
			return rc;
		}
		o->cols[o->ncols++] = column_names[i].col;
	}
	free(copy);
	return 0;
}

static void default_columns(struct summary_opts *o)
{
	static const enum summary_col def[] = {COL_TIME_PERCENT, COL_TOTAL_TIME, COL_AVG_TIME,
					       COL_CALLS,	 COL_ERRORS,	 COL_NAME};
	if (o->ncols)
		return;
	memcpy(o->cols, def, sizeof(def));
	o->ncols = sizeof(def) / sizeof(def[0]);
}

static int parse_args(struct trace_cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {"pin", optional_argument, NULL, OPT_PIN},
	    {"no-seccomp", no_argument, NULL, OPT_NO_SECCOMP},
	    {"cpu", no_argument, NULL, OPT_CPU},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"timeline", required_argument, NULL, OPT_TIMELINE},
	    {"profile", required_argument, NULL, OPT_PROFILE},
	    {"summary-only", no_argument, NULL, 'c'},
	    {"stack-traces", no_argument, NULL, 'k'},
	    {"summary", no_argument, NULL, 'C'},
	    {"summary-wall-clock", no_argument, NULL, 'w'},
	    {"successful-only", no_argument, NULL, 'z'},
	    {"failed-only", no_argument, NULL, 'Z'},
	    {"trace-path", required_argument, NULL, 'P'},
	    {"seccomp-bpf", no_argument, NULL, OPT_SECCOMP},
	    {"output", required_argument, NULL, 'o'},
	    {"follow-forks", no_argument, NULL, 'f'},
	    {"attach", required_argument, NULL, 'p'},
	    {"string-limit", required_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	int opt, rc;
	long n;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+:fp:o:s:e:E:xvqhVtrTcCwS:U:yzZP:k", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'f':
			c->t.follow = true;
			break;
		case 'p':
			if ((rc = add_pids(c, optarg)))
				return rc;
			break;
		case 'o':
			c->outfile = optarg;
			break;
		case 's':
			if (parse_uint(optarg, 1 << 24, &n) < 0)
				return usage_error("invalid -s value '%s'", optarg);
			c->t.dec.strsize = (unsigned)n;
			break;
		case 'e':
			if ((rc = parse_expr(c, optarg)))
				return rc;
			break;
		case 'E':
			env_set(c, optarg);
			break;
		case 'x':
			c->xflag++;
			break;
		case 'v':
			c->t.dec.verbose = true;
			break;
		case 'q':
			c->qcount++;
			c->t.quiet |= c->qcount >= 2 ? QUIET_ATTACH | QUIET_EXIT | QUIET_PERSONALITY
						     : QUIET_ATTACH | QUIET_PERSONALITY;
			break;
		case 'z':
			c->t.status = STATUS_SUCCESSFUL;
			break;
		case 'Z':
			c->t.status = STATUS_FAILED;
			break;
		case 'P':
			c->t.paths = xrealloc(c->t.paths, (c->t.npaths + 1) * sizeof(*c->t.paths));
			c->t.paths[c->t.npaths++] = optarg;
			break;
		case OPT_CPU:
			c->t.cpu = true;
			break;
		case OPT_JSON:
			c->json = true;
			break;
		case OPT_TIMELINE:
			c->timeline = optarg;
			break;
		case OPT_PROFILE:
			c->profile = optarg;
			break;
		case 't':
			c->tflag++;
			break;
		case 'y':
			c->t.yflag++;
			break;
		case 'r':
			c->rflag = true;
			break;
		case 'T':
			c->Tflag = true;
			break;
		case 'k':
			c->t.stack = 256; /* strace's limit too */
			break;
		case OPT_PIN:
			c->pin_cpu = -2;
			if (optarg) {
				if (parse_uint(optarg, CPU_SETSIZE - 1, &n) < 0)
					return usage_error("invalid --pin cpu '%s'", optarg);
				c->pin_cpu = (int)n;
			}
			break;
		case 'c':
		case 'C':
			c->summary = opt;
			break;
		case 'w':
			c->sum.wall = true;
			break;
		case 'S':
			if ((rc = parse_sort(&c->sum, optarg)))
				return rc;
			break;
		case 'U':
			if ((rc = parse_columns(&c->sum, optarg)))
				return rc;
			break;
		case OPT_NO_SECCOMP:
			c->no_seccomp = true;
			break;
		case OPT_SECCOMP:
			c->no_seccomp = false; /* the default where it is safe */
			break;
		case 'h':
			fputs(trace_help, stdout);
			exit(0);
		case 'V':
			printf("scry version %s\n", SCRY_VERSION);
			exit(0);
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default: {
			/* In a cluster like -qZ, argv[optind - 1] is not the bad one. */
			char bad[3] = {'-', (char)optopt, '\0'};
			return usage_error("unknown option '%s'", optopt ? bad : argv[optind - 1]);
		}
		}
	}
	if (optind >= argc && !c->npids)
		return usage_error("%s", "no command to run and no -p PID to attach to");
	if (optind < argc && c->npids)
		return usage_error("%s", "give either a command or -p PID, not both");
	return 0;
}

static FILE *open_output(const char *path)
{
	if (!path) {
		/* Fully buffered: the session flushes before it waits. */
		setvbuf(stderr, NULL, _IOFBF, 1 << 16);
		return stderr;
	}
	FILE *f = fopen(path, "we");
	if (!f) {
		msg_perror("cannot open '%s'", path);
		return NULL;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	return f;
}

static FILE *open_extra(const char *path)
{
	FILE *f = fopen(path, "we");
	if (!f) {
		msg_perror("cannot open '%s'", path);
		return NULL;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	return f;
}

static void flush_renderer(void *arg)
{
	struct renderer *r = arg;
	if (!flush_due)
		return;
	flush_due = 0;
	if (r)
		r->ops->flush(r);
}

/* Everything after option parsing; returns scry's exit status. */
static int run_trace(struct trace_cli *cp, char **cmdv)
{
	struct trace_cli c = *cp;
	char *path = NULL;
	if (!c.npids) {
		path = resolve_command(cmdv[0]);
		if (!path) {
			int e = errno;
			fprintf(stderr, "scry: cannot run '%s': %s\n", cmdv[0],
				e == ENOENT && !strchr(cmdv[0], '/') ? "command not found"
								     : strerror(e));
			return e == EACCES ? 126 : 127;
		}
	}
	if (c.pin_cpu != -1 && apply_pin(c.pin_cpu == -2 ? -1 : c.pin_cpu) < 0) {
		free(path);
		return EXIT_RUNTIME;
	}

	FILE *out = open_output(c.outfile);
	FILE *tl_file = out && c.timeline ? open_extra(c.timeline) : NULL;
	FILE *prof_file = out && c.profile ? open_extra(c.profile) : NULL;
	if (!out || (c.timeline && !tl_file) || (c.profile && !prof_file)) {
		if (out && out != stderr)
			fclose(out);
		if (tl_file)
			fclose(tl_file);
		if (prof_file)
			fclose(prof_file);
		free(path);
		return EXIT_RUNTIME;
	}

	struct render_opts ro = {
	    .out = out,
	    .to_file = c.outfile != NULL,
	    .follow = c.t.follow,
	    .xflag = c.xflag,
	    .qflag = c.qcount,
	    .tflag = c.tflag,
	    .rflag = c.rflag,
	    .Tflag = c.Tflag,
	    .cpu = c.t.cpu,
	};
	struct renderer *r = c.summary == 'c' ? NULL
			     : c.json	      ? json_renderer_new(out)
					      : text_renderer_new(&ro);
	c.t.comm = c.json || c.timeline || c.profile;
	struct renderer *tl = NULL, *prof = NULL;
	if (tl_file)
		tl = timeline_renderer_new(tl_file);
	if (prof_file) {
		prof = profile_renderer_new(prof_file);
		if (!c.t.stack)
			c.t.stack = 256; /* a profile is about stacks */
	}
	/* -c alone needs no arguments: count, time, and skip all decoding. */
	c.t.no_args = c.summary == 'c' && !c.timeline && !c.profile && !c.t.npaths;
	struct renderer *sum = NULL;
	if (c.summary) {
		default_columns(&c.sum);
		sum = summary_renderer_new(out, &c.sum);
	}
	c.t.attach_notes_in_trace = !c.outfile;

	const char *spin = getenv("SCRY_SPIN_US");
	struct ptrace_opts po = {
	    .follow = c.t.follow,
	    .spin_us = spin ? (unsigned)atoi(spin) : DEFAULT_SPIN_US,
	    .idle = flush_renderer,
	    .idle_arg = r,
	    .want_stime = c.summary && !c.sum.wall,
	};
	/* With a filter, untraced syscalls need not stop the command at all.
	 * Only with -f: a child nobody traces would get ENOSYS from the filter. */
	if (c.t.select[ARCH_X86_64] && c.t.follow && !c.npids && !c.no_seccomp &&
	    seccomp_safe(path)) {
		po.seccomp_bits = c.t.select[ARCH_X86_64];
		po.seccomp_nbits = c.t.select_len[ARCH_X86_64];
		c.t.unseen_syscalls = true;
	}
	/* Spinning while the tracee needs our only CPU would only delay it;
	 * yielding that CPU to it does not. */
	if (cpu_count_allowed() < 2) {
		po.spin_us = 0;
		po.yield_first = true;
	}
	struct backend *be = ptrace_backend_new(&po);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = sig_handler; /* no SA_RESTART: waitpid must return EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = alarm_handler;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval every = {{0, FLUSH_MS * 1000}, {0, FLUSH_MS * 1000}};
	setitimer(ITIMER_REAL, &every, NULL);

	struct session *s = session_new(&c.t, be, r);
	if (sum)
		session_add_renderer(s, sum);
	if (tl)
		session_add_renderer(s, tl);
	if (prof)
		session_add_renderer(s, prof);
	int status = 0;
	if (c.npids) {
		session_set_attached(s, true);
		for (unsigned i = 0; i < c.npids; i++) {
			int e = ptrace_attach(be, c.pids[i]);
			if (e < 0) {
				errno = -e;
				if (e == -EPERM)
					msg_perror(
					    "attach pid %d (check its owner, whether it is a "
					    "kernel thread or already traced, and "
					    "kernel.yama.ptrace_scope)",
					    c.pids[i]);
				else
					msg_perror("attach pid %d", c.pids[i]);
				status = EXIT_RUNTIME;
			} else {
				session_attached(s, c.pids[i], (unsigned)e);
			}
		}
		if (status && ptrace_count(be) == 0)
			goto out;
	} else {
		int pid = ptrace_spawn(be, path, cmdv, c.env);
		if (pid < 0) {
			errno = -pid;
			msg_perror("cannot trace '%s'", cmdv[0]);
			status = EXIT_RUNTIME;
			goto out;
		}
		session_set_main(s, pid);
	}

	struct trace_result res;
	if (session_run(s, &res) < 0)
		status = EXIT_RUNTIME;
	else if (res.main_seen)
		status = exit_like(&res);
out:
	session_release(s);
	be->ops->release(be);
	if (r)
		r->ops->release(r);
	if (sum)
		sum->ops->release(sum);
	if (tl)
		tl->ops->release(tl);
	if (prof)
		prof->ops->release(prof);
	if (out != stderr)
		fclose(out);
	free(path);
	return status;
}

static void cli_release(struct trace_cli *c)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++)
		free(c->t.select[a]);
	free(c->pids);
	free(c->t.paths);
	free(c->env);
}

int cmd_trace(int argc, char **argv)
{
	struct trace_cli c;
	memset(&c, 0, sizeof(c));
	c.t.dec.strsize = 32;
	c.t.dec.netlink_protocol = fdinfo_netlink_protocol;
	c.t.signals = ~(uint64_t)0;
	c.pin_cpu = -1;
	size_t nenv = 0;
	while (environ[nenv])
		nenv++;
	c.env = xcalloc(nenv + 1, sizeof(*c.env));
	memcpy(c.env, environ, nenv * sizeof(*c.env));

	int rc = parse_args(&c, argc, argv);
	if (!rc)
		rc = run_trace(&c, argv + optind);
	cli_release(&c);
	return rc;
}
