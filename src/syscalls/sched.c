/* Scheduling: affinity, policies and parameters, sched_attr, getcpu. */
#include "syscalls/process.h"
#include "syscalls/time.h"
#include "xlat/all.h"

#include <errno.h>
#include <string.h>

/* strace shows the first 1024 CPUs of a mask, then "...". */
#define CPUSET_SHOWN 128

/* A CPU mask of size bytes as the list of set bits: [0 1 63]. */
static struct value cpu_list(struct dctx *c, uint64_t addr, uint64_t size)
{
	uint8_t mask[CPUSET_SHOWN];
	size_t len = size < CPUSET_SHOWN ? (size_t)size : CPUSET_SHOWN;
	struct value *items;
	struct value v;
	unsigned n = 0;

	if (!addr)
		return value_ptr(0);
	if (len && decode_read(c, addr, mask, len) < 0)
		return value_badaddr(addr);
	for (size_t i = 0; i < len; i++)
		for (unsigned b = 0; b < 8; b++)
			n += (mask[i] >> b) & 1;
	items = value_array(c->arena, &v, n);
	n = 0;
	for (size_t i = 0; i < len; i++)
		for (unsigned b = 0; b < 8; b++)
			if ((mask[i] >> b) & 1)
				items[n++] = value_uint(8 * i + b);
	v.flags |= VF_SPACED;
	if (size > CPUSET_SHOWN)
		v.flags |= VF_TRUNC;
	return v;
}

/* sched_getaffinity(pid, size, mask): the kernel returns the bytes it wrote. */
void sys_sched_getaffinity(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = value_int((int32_t)sc->raw[0]);
		sc->args[1] = value_uint((uint32_t)sc->raw[1]);
		return;
	}
	if (sc->err)
		sc->args[2] = value_ptr(sc->raw[2]);
	else
		sc->args[2] = cpu_list(c, sc->raw[2], (uint64_t)sc->rval);
}

/* sched_setaffinity(pid, size, mask) */
void sys_sched_setaffinity(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	sc->args[0] = value_int((int32_t)sc->raw[0]);
	sc->args[1] = value_uint((uint32_t)sc->raw[1]);
	sc->args[2] = cpu_list(c, sc->raw[2], (uint32_t)sc->raw[1]);
}

/* struct sched_param holds only the priority: [0]. */
static struct value sched_param(struct dctx *c, uint64_t addr, bool out)
{
	uint64_t w;
	struct value v;
	bool ok = out ? out_word(c, addr, 4, &w, &v) : in_word(c, addr, 4, &w, &v);
	return ok ? boxed(c->arena, value_int((int32_t)w)) : v;
}

static struct value policy_value(uint64_t raw)
{
	return value_enum((uint32_t)raw, &xlat_sched_policies);
}

/* sched_setscheduler(pid, policy, param) */
void sys_sched_setscheduler(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	sc->args[0] = value_int((int32_t)sc->raw[0]);
	sc->args[1] = policy_value(sc->raw[1]);
	sc->args[2] = sched_param(c, sc->raw[2], false);
}

/* sched_getscheduler(pid): the policy it returns is named in a comment. */
void sys_sched_getscheduler(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		decode_generic(c);
		return;
	}
	const char *name = sc->err ? NULL : xlat_name(&xlat_sched_policies, (uint64_t)sc->rval);
	if (name)
		sc->ret_comment = arena_printf(c->arena, "(%s)", name);
}

/* sched_getparam(pid, param) */
void sys_sched_getparam(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = value_int((int32_t)sc->raw[0]);
		return;
	}
	sc->args[1] = sched_param(c, sc->raw[1], true);
}

/* sched_setparam(pid, param) */
void sys_sched_setparam(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	sc->args[0] = value_int((int32_t)sc->raw[0]);
	sc->args[1] = sched_param(c, sc->raw[1], false);
}

/* struct sched_attr (Linux 3.14; sched_util_* since 5.3). */
struct attr {
	uint32_t size, sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	uint32_t sched_util_min, sched_util_max;
};
#define ATTR_VER0	 48
#define ATTR_VER1	 56
#define FLAG_KEEP_POLICY 0x08
#define FLAG_KEEP_PARAMS 0x10

/*
 * The fields of a sched_attr of the given size: a size below the first
 * version shows alone; the policy and the parameters are left out when
 * the flags say the kernel keeps them; a size past the known struct ends
 * with "...".
 */
static struct value attr_value(struct dctx *c, const struct attr *a, uint32_t size)
{
	struct value f[12];
	unsigned n = 0;

	f[n++] = named("size", value_uint(a->size));
	if (size < ATTR_VER0)
		return value_struct_of(c->arena, f, n);
	if (!(a->sched_flags & FLAG_KEEP_POLICY))
		f[n++] = named("sched_policy", policy_value(a->sched_policy));
	f[n++] = named("sched_flags", flagset_value(c->arena, a->sched_flags, &xlat_sched_flags));
	if (!(a->sched_flags & FLAG_KEEP_PARAMS)) {
		f[n++] = named("sched_nice", value_int(a->sched_nice));
		f[n++] = named("sched_priority", value_uint(a->sched_priority));
		f[n++] = named("sched_runtime", value_uint(a->sched_runtime));
		f[n++] = named("sched_deadline", value_uint(a->sched_deadline));
		f[n++] = named("sched_period", value_uint(a->sched_period));
	}
	if (size >= ATTR_VER1) {
		f[n++] = named("sched_util_min", value_uint(a->sched_util_min));
		f[n++] = named("sched_util_max", value_uint(a->sched_util_max));
	}
	if (size > sizeof(*a))
		f[n++] = (struct value){.kind = V_ELLIPSIS};
	return value_struct_of(c->arena, f, n);
}

/* Reads a sched_attr whose own size field says how long it is (0: the
 * first version). */
static struct value attr_in(struct dctx *c, uint64_t addr)
{
	struct attr a;
	if (!addr)
		return value_ptr(0);
	memset(&a, 0, sizeof(a));
	if (decode_read(c, addr, &a, sizeof(a.size)) < 0)
		return value_badaddr(addr);
	uint32_t size = a.size ? a.size : ATTR_VER0;
	if (size >= ATTR_VER0 && decode_read(c, addr, &a, size < sizeof(a) ? size : sizeof(a)) < 0)
		return value_badaddr(addr);
	return attr_value(c, &a, size);
}

/* sched_setattr(pid, attr, flags) */
void sys_sched_setattr(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = value_int((int32_t)sc->raw[0]);
		sc->args[1] = attr_in(c, sc->raw[1]);
		sc->args[2] = value_uint((uint32_t)sc->raw[2]);
		if (sc->args[1].kind == V_STRUCT)
			sc->args[1].flags |= VF_CHANGES;
		return;
	}
	/* E2BIG: the kernel wrote back the size it knows: "{...} => {size=56}". */
	uint32_t size;
	if (sc->err != E2BIG || sc->args[1].kind != V_STRUCT ||
	    decode_read(c, sc->raw[1], &size, sizeof(size)) < 0)
		return;
	struct value f = named("size", value_uint(size));
	sc->args[1] = value_changed(c->arena, sc->args[1], value_struct_of(c->arena, &f, 1));
}

/* sched_getattr(pid, attr, size, flags): the kernel sets attr.size to what
 * it wrote. */
void sys_sched_getattr(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	struct attr a;
	uint64_t addr = sc->raw[1];
	if (!c->exiting) {
		sc->args[0] = value_int((int32_t)sc->raw[0]);
		sc->args[2] = value_uint((uint32_t)sc->raw[2]);
		sc->args[3] = value_uint((uint32_t)sc->raw[3]);
		return;
	}
	if (sc->err || !addr) {
		sc->args[1] = value_ptr(addr);
		return;
	}
	memset(&a, 0, sizeof(a));
	uint32_t usize = (uint32_t)sc->raw[2];
	size_t len = usize < sizeof(a) ? usize : sizeof(a);
	if (decode_read(c, addr, &a, len) < 0) {
		sc->args[1] = value_badaddr(addr);
		return;
	}
	uint32_t size = a.size < usize ? a.size : usize;
	if (size > sizeof(a))
		size = sizeof(a);
	sc->args[1] = attr_value(c, &a, size);
}

/* sched_rr_get_interval(pid, tp): the time slice, at exit; i386's
 * sched_rr_get_interval_time64 takes the 64-bit timespec. */
void sys_sched_rr_get_interval(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	const char *name = sc->se->name;
	if (!c->exiting) {
		sc->args[0] = value_int((int32_t)sc->raw[0]);
		return;
	}
	if (sc->err)
		sc->args[1] = value_ptr(sc->raw[1]);
	else if (name && strstr(name, "_time64"))
		sc->args[1] = decode_timespec64(c, sc->raw[1]);
	else
		sc->args[1] = decode_timespec(c, sc->raw[1]);
}

/* getcpu(cpu, node, cache): [0], [0], and the unused cache pointer. */
void sys_getcpu(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting)
		return;
	for (unsigned i = 0; i < 2; i++) {
		uint64_t w;
		struct value v;
		if (out_word(c, sc->raw[i], 4, &w, &v))
			v = boxed(c->arena, value_uint((uint32_t)w));
		sc->args[i] = v;
	}
	sc->args[2] = value_ptr(sc->raw[2]);
}
