/* Processes: clone, clone3, wait4, waitid, waitpid, kill; and the helpers
 * the memory and process decoders share (process.h). */
#include "syscalls/process.h"
#include "syscalls/errno_names.h"
#include "syscalls/signal.h"
#include "xlat/all.h"

#include <inttypes.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

/* --- shared helpers */

struct value array_of(struct arena *a, const struct value *items, unsigned n, bool trunc)
{
	struct value v = value_array_of(a, items, n);
	if (trunc)
		v.flags |= VF_TRUNC;
	return v;
}

struct value boxed(struct arena *a, struct value v)
{
	return array_of(a, &v, 1, false);
}

/* Text built on the stack, then copied to the arena. */
struct text {
	char buf[1024];
	size_t len;
};

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	if (t->len >= sizeof(t->buf) - 1)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n;
	if (t->len > sizeof(t->buf) - 1)
		t->len = sizeof(t->buf) - 1;
}

/* Name of the #mask field's value, or NULL. */
static const char *mask_name(const struct xlat *x, uint64_t part)
{
	for (uint32_t i = 0; i < x->n; i++)
		if (x->e[i].name && !(x->e[i].val & ~x->mask) && x->e[i].val == part)
			return x->e[i].name;
	return NULL;
}

/* Whether any named bit (outside the #mask field) is set in raw. */
static bool any_named_bit(const struct xlat *x, uint64_t raw)
{
	for (uint32_t i = 0; i < x->n; i++) {
		uint64_t v = x->e[i].val & ~x->mask;
		if (x->e[i].name && v && v == x->e[i].val && (raw & v) == v)
			return true;
	}
	return false;
}

const char *flagset_text(struct arena *a, uint64_t raw, const struct xlat *x)
{
	struct text t = {.len = 0};
	uint64_t rem = raw;
	bool first = true;
	if (!x)
		return arena_printf(a, raw ? "%#" PRIx64 : "0", raw);
	if (x->mask) {
		uint64_t part = raw & x->mask;
		const char *name = mask_name(x, part);
		if (name)
			text_add(&t, "%s", name);
		else if (x->unknown)
			text_add(&t, "%#" PRIx64 " /* %s */", part, x->unknown);
		else
			text_add(&t, "%#" PRIx64, part);
		rem &= ~x->mask;
		first = false;
	} else if (raw == 0) {
		const char *zero = xlat_name(x, 0);
		return zero ? zero : "0";
	}
	for (uint32_t i = 0; i < x->n && rem; i++) {
		uint64_t v = x->e[i].val;
		if (!x->e[i].name || !v || (x->mask && !(v & ~x->mask)) || (rem & v) != v)
			continue;
		text_add(&t, "%s%s", first ? "" : "|", x->e[i].name);
		rem &= ~v;
		first = false;
	}
	if (rem) {
		text_add(&t, "%s%#" PRIx64, first ? "" : "|", rem);
		if (first && x->unknown)
			text_add(&t, " /* %s */", x->unknown);
	}
	return arena_memdup(a, t.buf, t.len + 1);
}

struct value flagset_value(struct arena *a, uint64_t raw, const struct xlat *x)
{
	if (!x || !raw)
		return value_flags(raw, x);
	if (x->mask) {
		if (!mask_name(x, raw & x->mask))
			return value_raw(flagset_text(a, raw, x));
		return value_flags(raw, x);
	}
	if (!any_named_bit(x, raw) && x->unknown) {
		struct value v = value_hex(raw);
		v.comment = x->unknown;
		return v;
	}
	return value_flags(raw, x);
}

struct value signo_value(int64_t sig)
{
	const char *name = sig > 0 && sig <= 64 ? signal_name((int)sig) : NULL;
	if (!name)
		return value_int(sig);
	if (xlat_name(&xlat_signals, (uint64_t)sig))
		return value_enum((uint64_t)sig, &xlat_signals);
	return value_raw(name);
}

const char *signo_text(struct arena *a, int64_t sig)
{
	const char *name = sig > 0 && sig <= 64 ? signal_name((int)sig) : NULL;
	return name ? name : arena_printf(a, "%" PRId64, sig);
}

bool in_word(struct dctx *c, uint64_t addr, unsigned size, uint64_t *word, struct value *v)
{
	uint64_t w = 0;
	if (!addr) {
		*v = value_ptr(0);
		return false;
	}
	if (size > sizeof(w) || decode_read(c, addr, &w, size) < 0) {
		*v = value_badaddr(addr);
		return false;
	}
	*word = w;
	return true;
}

bool out_word(struct dctx *c, uint64_t addr, unsigned size, uint64_t *word, struct value *v)
{
	if (c->sc->err) {
		*v = value_ptr(addr);
		return false;
	}
	return in_word(c, addr, size, word, v);
}

/* --- clone */

/* clone's flags: the CLONE_* bits, then the exit signal (low byte) by name. */
static struct value clone_flags_value(struct arena *a, uint64_t flags)
{
	uint64_t sig = flags & 0xff, high = flags & ~(uint64_t)0xff;
	if (!sig)
		return flagset_value(a, high, &xlat_clone_flags);
	if (!high)
		return signo_value((int64_t)sig);
	return value_raw(arena_printf(a, "%s|%s", flagset_text(a, high, &xlat_clone_flags),
				      signo_text(a, (int64_t)sig)));
}

/*
 * strace's named-field form: child_stack and flags at entry; parent_tid,
 * tls and child_tidptr, each only when a flag uses it, after the return.
 * x86_64 passes (flags, stack, parent_tid, child_tid, tls); i386 swaps the
 * last two (CONFIG_CLONE_BACKWARDS).
 */
void sys_clone(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint64_t flags = sc->raw[0];
	bool i386 = sc->arch == ARCH_I386;
	uint64_t ptid = sc->raw[2];
	uint64_t ctid = i386 ? sc->raw[4] : sc->raw[3];
	uint64_t tls = i386 ? sc->raw[3] : sc->raw[4];
	unsigned n = 2;

	if (i386)
		flags = (uint32_t)flags;
	if (!c->exiting) {
		sc->args[0] = named("child_stack", value_ptr(sc->raw[1]));
		sc->args[1] = named("flags", clone_flags_value(c->arena, flags));
		if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD))
			n++;
		if (flags & CLONE_SETTLS)
			n++;
		if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
			n++;
		sc->nargs = (uint8_t)n;
		return;
	}
	if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) {
		uint64_t w;
		struct value v;
		if (out_word(c, ptid, 4, &w, &v))
			v = boxed(c->arena, value_int((int32_t)w));
		sc->args[n++] = named("parent_tid", v);
	}
	if (flags & CLONE_SETTLS)
		sc->args[n++] = named("tls", value_ptr(tls));
	if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
		sc->args[n++] = named("child_tidptr", value_ptr(ctid));
}

/* --- clone3 */

/* struct clone_args of Linux 5.5 (CLONE_ARGS_SIZE_VER2), all u64. */
enum {
	CA_FLAGS,
	CA_PIDFD,
	CA_CHILD_TID,
	CA_PARENT_TID,
	CA_EXIT_SIGNAL,
	CA_STACK,
	CA_STACK_SIZE,
	CA_TLS,
	CA_SET_TID,
	CA_SET_TID_SIZE,
	CA_CGROUP,
	CA_NWORDS
};

/* set_tid: an array of pid_t, set_tid_size long (the kernel allows 32). */
static struct value clone3_set_tid(struct dctx *c, uint64_t addr, uint64_t size)
{
	int32_t tids[32];
	struct value items[32];
	if (!size || size > 32 || decode_read(c, addr, tids, size * sizeof(tids[0])) < 0)
		return value_ptr(addr);
	for (unsigned i = 0; i < size; i++)
		items[i] = value_int(tids[i]);
	return array_of(c->arena, items, (unsigned)size, false);
}

static struct value clone3_args(struct dctx *c, uint64_t addr, uint64_t size)
{
	uint64_t a[CA_NWORDS] = {0};
	struct value f[CA_NWORDS];
	unsigned n = 0;

	if (!addr)
		return value_ptr(0);
	if (size < CLONE_ARGS_SIZE_VER0)
		return value_ptr(addr);
	if (decode_read(c, addr, a, size < sizeof(a) ? size : sizeof(a)) < 0)
		return value_badaddr(addr);
	uint64_t flags = a[CA_FLAGS];
	f[n++] = named("flags", flagset_value(c->arena, flags, &xlat_clone3_flags));
	if (flags & CLONE_PIDFD)
		f[n++] = named("pidfd", value_ptr(a[CA_PIDFD]));
	if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
		f[n++] = named("child_tid", value_ptr(a[CA_CHILD_TID]));
	if (flags & CLONE_PARENT_SETTID)
		f[n++] = named("parent_tid", value_ptr(a[CA_PARENT_TID]));
	f[n++] = named("exit_signal", signo_value((int64_t)a[CA_EXIT_SIGNAL]));
	f[n++] = named("stack", value_ptr(a[CA_STACK]));
	f[n++] = named("stack_size", value_hex(a[CA_STACK_SIZE]));
	if (flags & CLONE_SETTLS)
		f[n++] = named("tls", value_ptr(a[CA_TLS]));
	if (size >= CLONE_ARGS_SIZE_VER1 && (a[CA_SET_TID] || a[CA_SET_TID_SIZE])) {
		f[n++] = named("set_tid", clone3_set_tid(c, a[CA_SET_TID], a[CA_SET_TID_SIZE]));
		f[n++] = named("set_tid_size", value_uint(a[CA_SET_TID_SIZE]));
	}
	if (size >= CLONE_ARGS_SIZE_VER2 && (a[CA_CGROUP] || (flags & CLONE_INTO_CGROUP)))
		f[n++] = named("cgroup", value_uint(a[CA_CGROUP]));
	return value_struct_of(c->arena, f, n);
}

/* A field of the clone_args value built at entry, by name; 0 if absent. */
static uint64_t clone3_field(const struct value *args, const char *name)
{
	for (uint32_t i = 0; args->kind == V_STRUCT && i < args->n; i++)
		if (!strcmp(args->items[i].name, name))
			return args->items[i].u;
	return 0;
}

/* The struct is read at entry.  At the parent's exit, what the kernel stored
 * through pidfd and parent_tid: "{...} => {pidfd=[3], parent_tid=[123]}". */
void sys_clone3(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = clone3_args(c, sc->raw[0], sc->raw[1]);
		sc->args[1] = value_uint(sc->raw[1]);
		if (sc->args[0].kind == V_STRUCT)
			sc->args[0].flags |= VF_CHANGES;
		return;
	}
	if (sc->err || sc->rval <= 0 || sc->args[0].kind != V_STRUCT)
		return;
	static const char *const stored[] = {"pidfd", "parent_tid"};
	struct value f[2];
	unsigned n = 0;
	for (unsigned i = 0; i < 2; i++) {
		uint64_t addr = clone3_field(&sc->args[0], stored[i]), w;
		struct value v;
		if (!addr)
			continue;
		if (in_word(c, addr, 4, &w, &v))
			v = boxed(c->arena, value_int((int32_t)w));
		f[n++] = named(stored[i], v);
	}
	if (n)
		sc->args[0] = value_changed(c->arena, sc->args[0], value_struct_of(c->arena, f, n));
}

/* --- wait4, waitid, waitpid */

/* A wait status as strace's macro expression, e.g. {WIFEXITED(s) && WEXITSTATUS(s) == 3}. */
static struct value wait_status(struct arena *a, int s)
{
	const char *t;
	if (WIFEXITED(s))
		t = arena_printf(a, "{WIFEXITED(s) && WEXITSTATUS(s) == %d}", WEXITSTATUS(s));
	else if (WIFSIGNALED(s))
		t = arena_printf(a, "{WIFSIGNALED(s) && WTERMSIG(s) == %s%s}",
				 signo_text(a, WTERMSIG(s)),
				 WCOREDUMP(s) ? " && WCOREDUMP(s)" : "");
	else if (WIFSTOPPED(s))
		t = arena_printf(a, "{WIFSTOPPED(s) && WSTOPSIG(s) == %s}",
				 signo_text(a, WSTOPSIG(s)));
	else if (WIFCONTINUED(s))
		t = "{WIFCONTINUED(s)}";
	else
		t = arena_printf(a, "%#x", (unsigned)s);
	return value_raw(t);
}

/* The status pointer: [{...}] when a child was reaped (return > 0). */
static struct value wait_status_ptr(struct dctx *c, uint64_t addr)
{
	uint64_t w;
	struct value v;
	if (c->sc->rval == 0 && !c->sc->err)
		return value_ptr(addr);
	if (!out_word(c, addr, 4, &w, &v))
		return v;
	return boxed(c->arena, wait_status(c->arena, (int)(uint32_t)w));
}

static struct value rusage_ptr(struct dctx *c, uint64_t addr)
{
	return c->sc->err ? value_ptr(addr) : decode_rusage(c, addr);
}

void sys_wait4(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = value_int((int32_t)sc->raw[0]);
		sc->args[2] = flagset_value(c->arena, (uint32_t)sc->raw[2], &xlat_wait_options);
		return;
	}
	sc->args[1] = wait_status_ptr(c, sc->raw[1]);
	sc->args[3] = rusage_ptr(c, sc->raw[3]);
}

/* i386's waitpid(pid, status, options). */
void sys_waitpid(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = value_int((int32_t)sc->raw[0]);
		sc->args[2] = flagset_value(c->arena, (uint32_t)sc->raw[2], &xlat_wait_options);
		return;
	}
	sc->args[1] = wait_status_ptr(c, sc->raw[1]);
}

/* The siginfo waitid fills; "{}" when WNOHANG found no child to report. */
static struct value waitid_info(struct dctx *c, uint64_t addr)
{
	siginfo_t si;
	struct value v;
	if (c->sc->err || !addr)
		return value_ptr(addr);
	if (decode_read(c, addr, &si, sizeof(si)) < 0)
		return value_badaddr(addr);
	if (!si.si_signo) {
		value_struct(c->arena, &v, 0);
		return v;
	}
	return decode_siginfo(c->arena, &si);
}

/* NEEDSWORK: the i386 siginfo layout differs; only the 64-bit one is read. */
void sys_waitid(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = value_enum((uint32_t)sc->raw[0], &xlat_idtypes);
		sc->args[1] = value_int((int32_t)sc->raw[1]);
		sc->args[3] = flagset_value(c->arena, (uint32_t)sc->raw[3], &xlat_wait_options);
		return;
	}
	sc->args[2] = waitid_info(c, sc->raw[2]);
	sc->args[4] = rusage_ptr(c, sc->raw[4]);
}

/* kill(pid, sig), tkill(tid, sig), tgkill(tgid, tid, sig): the last argument
 * is the signal. */
void sys_kill(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	decode_generic(c);
	unsigned last = sc->nargs - 1u;
	sc->args[last] = signo_value((int32_t)sc->raw[last]);
}
