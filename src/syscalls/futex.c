/* futex(2) and futex_waitv(2).  futex multiplexes on the command in the low
 * bits of op; each command uses a different subset of the remaining
 * arguments, and strace prints just that subset (a table below). */
#include "syscalls/time.h"
#include "xlat/all.h"

#include <linux/futex.h>
#include <string.h>

enum {
	CMD_MASK = 0x7f, /* the command bits; strace switches on these */
	OP_MASK = FUTEX_PRIVATE_FLAG | CMD_MASK,
};

/* What one futex argument slot holds for a command. */
enum futex_arg {
	FA_NONE,
	FA_VAL,	    /* val: u32 in decimal */
	FA_TIMEOUT, /* timeout: struct timespec */
	FA_VAL2,    /* the timeout slot used as a count: u32 in decimal */
	FA_UADDR2,  /* second futex address */
	FA_VAL3,    /* val3: u32 in decimal */
	FA_BITSET,  /* val3 as a bit mask: hex, or FUTEX_BITSET_MATCH_ANY */
	FA_WAKE_OP, /* val3 as a FUTEX_OP() encoding */
	FA_PTR,	    /* unknown commands: the raw pointer */
	FA_HEX3,    /* unknown commands: val3 in hex */
};

/* Per command, what strace prints after uaddr and op, in order, and which
 * raw argument each comes from (2 val, 3 timeout, 4 uaddr2, 5 val3). */
struct futex_cmd {
	unsigned char kind[4];
	unsigned char raw[4];
	bool clock_rt; /* the kernel accepts FUTEX_CLOCK_REALTIME with it */
};

#define ARGS(...)                                                                                  \
	{                                                                                          \
		__VA_ARGS__                                                                        \
	}
static const struct futex_cmd futex_cmds[] = {
    [FUTEX_WAIT] = {ARGS(FA_VAL, FA_TIMEOUT), ARGS(2, 3), true},
    [FUTEX_WAKE] = {ARGS(FA_VAL), ARGS(2), false},
    [FUTEX_FD] = {ARGS(FA_VAL), ARGS(2), false},
    [FUTEX_REQUEUE] = {ARGS(FA_VAL, FA_VAL2, FA_UADDR2), ARGS(2, 3, 4), false},
    [FUTEX_CMP_REQUEUE] = {ARGS(FA_VAL, FA_VAL2, FA_UADDR2, FA_VAL3), ARGS(2, 3, 4, 5), false},
    [FUTEX_WAKE_OP] = {ARGS(FA_VAL, FA_VAL2, FA_UADDR2, FA_WAKE_OP), ARGS(2, 3, 4, 5), false},
    [FUTEX_LOCK_PI] = {ARGS(FA_TIMEOUT), ARGS(3), false},
    [FUTEX_UNLOCK_PI] = {ARGS(FA_NONE), ARGS(0), false},
    [FUTEX_TRYLOCK_PI] = {ARGS(FA_NONE), ARGS(0), false},
    [FUTEX_WAIT_BITSET] = {ARGS(FA_VAL, FA_TIMEOUT, FA_BITSET), ARGS(2, 3, 5), true},
    [FUTEX_WAKE_BITSET] = {ARGS(FA_VAL, FA_BITSET), ARGS(2, 5), false},
    [FUTEX_WAIT_REQUEUE_PI] = {ARGS(FA_VAL, FA_TIMEOUT, FA_UADDR2), ARGS(2, 3, 4), true},
    [FUTEX_CMP_REQUEUE_PI] = {ARGS(FA_VAL, FA_VAL2, FA_UADDR2, FA_VAL3), ARGS(2, 3, 4, 5), false},
    [FUTEX_LOCK_PI2] = {ARGS(FA_TIMEOUT), ARGS(3), false},
};
static const struct futex_cmd futex_unknown = {ARGS(FA_VAL, FA_PTR, FA_PTR, FA_HEX3),
					       ARGS(2, 3, 4, 5), false};

/* val3 of FUTEX_WAKE_OP: op<<28 | cmp<<24 | oparg<<12 | cmparg, bit 31
 * asking for 1<<oparg.  strace prints the fields in that source order.
 * NEEDSWORK: V_RAW; a typed form would need a shift-expression value. */
static struct value wake_op_value(struct dctx *c, uint32_t v)
{
	unsigned op = (v >> 28) & 7, cmp = (v >> 24) & 15;
	unsigned oparg = (v >> 12) & 0xfff, cmparg = v & 0xfff;
	const char *opname = xlat_name(&xlat_futex_wake_ops, op);
	const char *cmpname = xlat_name(&xlat_futex_wake_cmps, cmp);
	struct arena *a = c->arena;
	const char *optext =
	    opname ? arena_printf(a, "%s<<28", opname)
		   : arena_printf(a, "%#x<<28 /* %s */", op, xlat_futex_wake_ops.unknown);
	const char *cmptext =
	    cmpname ? arena_printf(a, "%s<<24", cmpname)
		    : arena_printf(a, "%#x<<24 /* %s */", cmp, xlat_futex_wake_cmps.unknown);
	return value_raw(arena_printf(a, "%s%s|%s<<12|%s|%s",
				      (v >> 28) & 8 ? "FUTEX_OP_OPARG_SHIFT<<28|" : "", optext,
				      arena_printf(a, oparg ? "%#x" : "%u", oparg), cmptext,
				      arena_printf(a, cmparg ? "%#x" : "%u", cmparg)));
}

/* op as strace names it: a known command (with _PRIVATE), plus
 * FUTEX_CLOCK_REALTIME where the kernel accepts it; anything else whole,
 * as "0x101 /" "* FUTEX_??? *" "/". */
static struct value op_value(uint32_t op)
{
	unsigned cmd = op & CMD_MASK;
	if (op == (FUTEX_FD | FUTEX_PRIVATE_FLAG))
		return value_raw("FUTEX_FD|FUTEX_PRIVATE_FLAG");
	if (!(op & FUTEX_CLOCK_REALTIME))
		return value_enum(op, &xlat_futex_ops);
	/* op == FUTEX_CLOCK_REALTIME is FUTEX_WAIT with it, so the enum
	 * below never names the bare flag. */
	if ((op & ~(OP_MASK | FUTEX_CLOCK_REALTIME)) == 0 &&
	    cmd < sizeof(futex_cmds) / sizeof(futex_cmds[0]) && futex_cmds[cmd].clock_rt)
		return value_flags(op, &xlat_futex_ops);
	return value_enum(op, &xlat_futex_ops);
}

static struct value futex_arg(struct dctx *c, unsigned kind, uint64_t raw)
{
	switch (kind) {
	case FA_VAL:
	case FA_VAL2:
	case FA_VAL3:
		return value_uint((uint32_t)raw);
	case FA_TIMEOUT:
		return decode_timespec(c, raw);
	case FA_UADDR2:
	case FA_PTR:
		return value_ptr(raw);
	case FA_BITSET:
		if ((uint32_t)raw == FUTEX_BITSET_MATCH_ANY)
			return value_enum((uint32_t)raw, &xlat_futex_bitset);
		return value_hex((uint32_t)raw);
	case FA_WAKE_OP:
		return wake_op_value(c, (uint32_t)raw);
	default:
		return value_hex((uint32_t)raw);
	}
}

/* futex, futex_time64 */
void sys_futex(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	uint32_t op = (uint32_t)sc->raw[1];
	unsigned cmd = op & CMD_MASK;
	const struct futex_cmd *fc =
	    cmd < sizeof(futex_cmds) / sizeof(futex_cmds[0]) ? &futex_cmds[cmd] : &futex_unknown;
	sc->args[0] = value_ptr(sc->raw[0]);
	sc->args[1] = op_value(op);
	unsigned n = 2;
	for (unsigned i = 0; i < 4 && fc->kind[i] != FA_NONE; i++)
		sc->args[n++] = futex_arg(c, fc->kind[i], sc->raw[fc->raw[i]]);
	sc->nargs = (uint8_t)n;
}

/* struct futex_waitv: u64 val, u64 uaddr, u32 flags, u32 __reserved. */
static struct value waitv_value(struct dctx *c, const unsigned char *p)
{
	uint64_t val, uaddr;
	uint32_t flags, reserved;
	struct value f[4];
	unsigned n = 0;
	memcpy(&val, p, 8);
	memcpy(&uaddr, p + 8, 8);
	memcpy(&flags, p + 16, 4);
	memcpy(&reserved, p + 20, 4);
	f[n++] = (struct value){.kind = V_HEX, .name = "val", .u = val};
	f[n] = value_ptr(uaddr);
	f[n++].name = "uaddr";
	f[n] = flags_value(flags, &xlat_futex_waitv_flags);
	f[n++].name = "flags";
	if (reserved) {
		f[n] = value_hex(reserved);
		f[n++].name = "__reserved";
	}
	struct value v;
	memcpy(value_struct(c->arena, &v, n), f, n * sizeof(f[0]));
	return v;
}

enum { WAITV_SIZE = 24 };

/* futex_waitv(waiters, nr_futexes, flags, timeout, clockid), Linux 5.16:
 * the timeout is always a __kernel_timespec. */
void sys_futex_waitv(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	decode_generic(c);
	uint64_t addr = sc->raw[0];
	uint32_t nr = (uint32_t)sc->raw[1];
	sc->args[1] = value_uint(nr);
	sc->args[2] = value_hex((uint32_t)sc->raw[2]);
	sc->args[3] = decode_timespec64(c, sc->raw[3]);
	sc->args[4] = value_enum((uint32_t)sc->raw[4], &xlat_clock_ids);

	if (!addr) {
		sc->args[0] = value_ptr(0);
		return;
	}
	uint32_t shown = nr > c->opts->strsize ? c->opts->strsize : nr;
	unsigned char *buf = arena_alloc(c->arena, (size_t)shown * WAITV_SIZE + 1);
	size_t got = decode_read_partial(c, addr, buf, (size_t)shown * WAITV_SIZE) / WAITV_SIZE;
	if (!got && shown) {
		sc->args[0] = value_badaddr(addr);
		return;
	}
	struct value arr;
	bool cut = got < shown;
	struct value *items = value_array(c->arena, &arr, (uint32_t)got + cut);
	for (size_t i = 0; i < got; i++)
		items[i] = waitv_value(c, buf + i * WAITV_SIZE);
	if (cut) {
		/* strace ends an array at the first unreadable element. */
		items[got] = (struct value){.kind = V_ELLIPSIS};
		items[got].comment =
		    arena_printf(c->arena, "%#llx", (unsigned long long)(addr + got * WAITV_SIZE));
	} else if (shown < nr) {
		arr.flags |= VF_TRUNC;
	}
	sc->args[0] = arr;
}
