/* prctl(2) and arch_prctl(2): one small function per option that has
 * arguments, reached through a table; options of the same shape share one. */
#include "syscalls/process.h"
#include "xlat/all.h"

#include <asm/prctl.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>

/* TASK_COMM_LEN - 1: the longest name a task can have. */
#define COMM_MAX 15

static void hex_from(struct dctx *c, unsigned from, unsigned nargs)
{
	for (unsigned i = from; i < nargs; i++)
		c->sc->args[i] = value_hex(c->sc->raw[i]);
	c->sc->nargs = (uint8_t)nargs;
}

/* --- shapes shared by many options */

/* prctl(PR_GET_KEEPCAPS): the option alone. */
static void pr_none(struct dctx *c)
{
	c->sc->nargs = 1;
}

/* prctl(PR_GET_UNALIGN, 0x7ffd...): one argument in hex. */
static void pr_hex1(struct dctx *c)
{
	hex_from(c, 1, 2);
}

/* prctl(PR_SET_TIMERSLACK, 50000): one unsigned long. */
static void pr_udec1(struct dctx *c)
{
	c->sc->args[1] = value_uint(c->sc->raw[1]);
	c->sc->nargs = 2;
}

/* prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0): a number, then the unused rest. */
static void pr_udec_hex3(struct dctx *c)
{
	c->sc->args[1] = value_uint(c->sc->raw[1]);
	hex_from(c, 2, 5);
}

/* prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), and options strace does not know. */
static void pr_hex4(struct dctx *c)
{
	hex_from(c, 1, 5);
}

/* An int the kernel stores through arg2, printed [N] at exit. */
static void out_int(struct dctx *c, struct value (*make)(int32_t))
{
	struct syscall_value *sc = c->sc;
	uint64_t w;
	struct value v;
	sc->nargs = 2;
	if (!c->exiting)
		return;
	if (out_word(c, sc->raw[1], 4, &w, &v))
		v = boxed(c->arena, make((int32_t)w));
	sc->args[1] = v;
}

static struct value int_value(int32_t i)
{
	return value_int(i);
}

static struct value sig_value(int32_t i)
{
	return signo_value(i);
}

static struct value tsc_value(int32_t i)
{
	return value_enum((uint32_t)i, &xlat_pr_tsc);
}

/* prctl(PR_GET_CHILD_SUBREAPER, [1]) */
static void pr_out_int(struct dctx *c)
{
	out_int(c, int_value);
}

/* --- options with their own decoding */

/* prctl(PR_GET_PDEATHSIG, [SIGKILL]) */
static void pr_get_pdeathsig(struct dctx *c)
{
	out_int(c, sig_value);
}

/* prctl(PR_GET_TSC, [PR_TSC_ENABLE]) */
static void pr_get_tsc(struct dctx *c)
{
	out_int(c, tsc_value);
}

/* prctl(PR_SET_PDEATHSIG, SIGKILL): a signal, else the unsigned long. */
static void pr_set_pdeathsig(struct dctx *c)
{
	uint64_t sig = c->sc->raw[1];
	c->sc->args[1] = sig && sig <= 64 ? signo_value((int64_t)sig) : value_uint(sig);
	c->sc->nargs = 2;
}

/* prctl(PR_SET_DUMPABLE, SUID_DUMP_USER) */
static void pr_set_dumpable(struct dctx *c)
{
	c->sc->args[1] = value_enum(c->sc->raw[1], &xlat_pr_dumpable);
	c->sc->nargs = 2;
}

/* A return value named in a comment: "= 1 (SUID_DUMP_USER)". */
static void ret_named(struct dctx *c, const struct xlat *x)
{
	struct syscall_value *sc = c->sc;
	const char *name;
	if (c->exiting && !sc->err && (name = xlat_name(x, (uint64_t)sc->rval)))
		sc->ret_comment = arena_printf(c->arena, "(%s)", name);
}

/* A return value in hex with its flags in a comment: "= 0x2f (SECBIT_...)". */
static void ret_flags(struct dctx *c, const struct xlat *x, bool zero_too)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting || sc->err || (!sc->rval && !zero_too))
		return;
	sc->ret = value_hex((uint64_t)sc->rval);
	sc->ret_comment =
	    arena_printf(c->arena, "(%s)", flagset_text(c->arena, (uint64_t)sc->rval, x));
}

/* prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER) */
static void pr_get_dumpable(struct dctx *c)
{
	c->sc->nargs = 1;
	ret_named(c, &xlat_pr_dumpable);
}

/* prctl(PR_SET_NAME, "name"): at most the 15 bytes a task name holds. */
static void pr_set_name(struct dctx *c)
{
	c->sc->args[1] = decode_cstr(c, c->sc->raw[1], COMM_MAX);
	c->sc->nargs = 2;
}

/* prctl(PR_GET_NAME, "name"), read at exit. */
static void pr_get_name(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	sc->nargs = 2;
	if (!c->exiting)
		return;
	sc->args[1] = sc->err ? value_ptr(sc->raw[1]) : decode_cstr(c, sc->raw[1], COMM_MAX);
}

/* struct sock_fprog: {len=1, filter=0x...} */
static struct value sock_fprog(struct dctx *c, uint64_t addr)
{
	uint8_t buf[16];
	unsigned word = tracee_word(c);
	uint16_t len;
	uint64_t filter = 0;
	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, buf, 2 * word) < 0)
		return value_badaddr(addr);
	memcpy(&len, buf, sizeof(len));
	memcpy(&filter, buf + word, word);
	struct value f[2] = {named("len", value_uint(len)), named("filter", value_ptr(filter))};
	return value_struct_of(c->arena, f, 2);
}

/* prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, {len=1, filter=0x...}) */
static void pr_set_seccomp(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	sc->args[1] = value_enum(sc->raw[1], &xlat_seccomp_modes);
	if (sc->raw[1] == SECCOMP_MODE_STRICT) {
		sc->nargs = 2;
	} else if (sc->raw[1] == SECCOMP_MODE_FILTER) {
		sc->args[2] = sock_fprog(c, sc->raw[2]);
		sc->nargs = 3;
	} else {
		hex_from(c, 2, 5);
	}
}

/* prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) */
static void pr_capbset(struct dctx *c)
{
	c->sc->args[1] = value_enum(c->sc->raw[1], &xlat_capabilities);
	c->sc->nargs = 2;
}

/* prctl(PR_SET_TSC, PR_TSC_ENABLE) */
static void pr_set_tsc(struct dctx *c)
{
	c->sc->args[1] = value_enum(c->sc->raw[1], &xlat_pr_tsc);
	c->sc->nargs = 2;
}

/* prctl(PR_SET_SECUREBITS, SECBIT_NOROOT|...) */
static void pr_set_securebits(struct dctx *c)
{
	c->sc->args[1] = flagset_value(c->arena, c->sc->raw[1], &xlat_secbits);
	c->sc->nargs = 2;
}

/* prctl(PR_GET_SECUREBITS) = 0x2f (SECBIT_NOROOT|...) */
static void pr_get_securebits(struct dctx *c)
{
	c->sc->nargs = 1;
	ret_flags(c, &xlat_secbits, false);
}

/* prctl(PR_SET_UNALIGN, PR_UNALIGN_NOPRINT) */
static void pr_set_unalign(struct dctx *c)
{
	c->sc->args[1] = flagset_value(c->arena, c->sc->raw[1], &xlat_pr_unalign);
	c->sc->nargs = 2;
}

/* prctl(PR_SET_FP_MODE, PR_FP_MODE_FR) */
static void pr_set_fp_mode(struct dctx *c)
{
	c->sc->args[1] = flagset_value(c->arena, c->sc->raw[1], &xlat_pr_fp_mode);
	c->sc->nargs = 2;
}

/* prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY, 0, 0) */
static void pr_mce_kill(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	sc->args[1] = value_enum(sc->raw[1], &xlat_pr_mce_kill);
	if (sc->raw[1] == PR_MCE_KILL_SET) {
		sc->args[2] = value_enum(sc->raw[2], &xlat_pr_mce_kill_policy);
		hex_from(c, 3, 5);
	} else {
		hex_from(c, 2, 5);
	}
}

/* prctl(PR_MCE_KILL_GET, 0, 0, 0, 0) = 1 (PR_MCE_KILL_EARLY) */
static void pr_mce_kill_get(struct dctx *c)
{
	hex_from(c, 1, 5);
	ret_named(c, &xlat_pr_mce_kill_policy);
}

/* prctl(PR_SET_MM, PR_SET_MM_START_CODE, 0x1000, 0, 0) */
static void pr_set_mm(struct dctx *c)
{
	c->sc->args[1] = value_enum(c->sc->raw[1], &xlat_pr_set_mm);
	hex_from(c, 2, 5);
}

/* prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY) or a pid. */
static void pr_set_ptracer(struct dctx *c)
{
	int32_t pid = (int32_t)c->sc->raw[1];
	c->sc->args[1] = pid == -1 ? value_raw("PR_SET_PTRACER_ANY") : value_int(pid);
	c->sc->nargs = 2;
}

/* prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN, 0, 0) */
static void pr_cap_ambient(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint64_t op = sc->raw[1];
	sc->args[1] = value_enum(op, &xlat_pr_cap_ambient);
	if (op == PR_CAP_AMBIENT_IS_SET || op == PR_CAP_AMBIENT_RAISE ||
	    op == PR_CAP_AMBIENT_LOWER) {
		sc->args[2] = value_enum(sc->raw[2], &xlat_capabilities);
		hex_from(c, 3, 5);
	} else {
		hex_from(c, 2, 5);
	}
}

/* prctl(PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS) = 0x2 (PR_SPEC_ENABLE) */
static void pr_get_spec(struct dctx *c)
{
	c->sc->args[1] = value_enum(c->sc->raw[1], &xlat_pr_spec_which);
	c->sc->nargs = 2;
	ret_flags(c, &xlat_pr_spec_status, true);
}

/* prctl(PR_SET_SPECULATION_CTRL, PR_SPEC_INDIRECT_BRANCH, PR_SPEC_DISABLE) */
static void pr_set_spec(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	sc->args[1] = value_enum(sc->raw[1], &xlat_pr_spec_which);
	if (xlat_name(&xlat_pr_spec_which, sc->raw[1]))
		sc->args[2] = flagset_value(c->arena, sc->raw[2], &xlat_pr_spec_status);
	else
		sc->args[2] = value_hex(sc->raw[2]);
	sc->nargs = 3;
}

/* prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, addr, size, "name") */
static void pr_set_vma(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	sc->args[1] = value_enum(sc->raw[1], &xlat_pr_set_vma);
	if (sc->raw[1] != PR_SET_VMA_ANON_NAME) {
		hex_from(c, 2, 5);
		return;
	}
	sc->args[2] = value_hex(sc->raw[2]);
	sc->args[3] = value_uint(sc->raw[3]);
	sc->args[4] = decode_cstr(c, sc->raw[4], c->opts->strsize);
	sc->nargs = 5;
}

/* prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, offset, len, selector) */
static void pr_sys_dispatch(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	sc->args[1] = value_enum(sc->raw[1], &xlat_pr_sys_dispatch);
	hex_from(c, 2, 5);
	if (xlat_name(&xlat_pr_sys_dispatch, sc->raw[1]))
		sc->args[4] = value_ptr(sc->raw[4]);
}

/* prctl(PR_SCHED_CORE, PR_SCHED_CORE_GET, pid, scope, cookie): the scope in
 * hex, named as a PIDTYPE_* in a comment. */
static void pr_sched_core(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	struct value type = value_hex((uint32_t)sc->raw[3]);
	const char *name = xlat_name(&xlat_pidtypes, (uint32_t)sc->raw[3]);
	type.comment = name ? name : xlat_pidtypes.unknown;
	sc->args[1] = value_enum(sc->raw[1], &xlat_pr_sched_core);
	sc->args[2] = value_int((int32_t)sc->raw[2]);
	sc->args[3] = type;
	sc->args[4] = value_ptr(sc->raw[4]);
	sc->nargs = 5;
}

/* prctl(PR_GET_TID_ADDRESS, [0x7f...]) */
static void pr_get_tid_address(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint64_t w;
	struct value v;
	sc->nargs = 2;
	if (!c->exiting)
		return;
	if (out_word(c, sc->raw[1], tracee_word(c), &w, &v))
		v = boxed(c->arena, value_ptr(w));
	sc->args[1] = v;
}

/* Each function runs at entry and at exit, and sets nargs both times. */
static const struct {
	uint32_t option;
	void (*decode)(struct dctx *c);
} prctl_table[] = {
    {PR_SET_PDEATHSIG, pr_set_pdeathsig},
    {PR_GET_PDEATHSIG, pr_get_pdeathsig},
    {PR_GET_DUMPABLE, pr_get_dumpable},
    {PR_SET_DUMPABLE, pr_set_dumpable},
    {PR_GET_UNALIGN, pr_hex1},
    {PR_SET_UNALIGN, pr_set_unalign},
    {PR_GET_KEEPCAPS, pr_none},
    {PR_SET_KEEPCAPS, pr_udec1},
    {PR_GET_FPEMU, pr_hex1},
    {PR_SET_FPEMU, pr_udec1},
    {PR_GET_FPEXC, pr_hex1},
    {PR_SET_FPEXC, pr_udec1},
    {PR_GET_TIMING, pr_none},
    {PR_SET_TIMING, pr_udec1},
    {PR_SET_NAME, pr_set_name},
    {PR_GET_NAME, pr_get_name},
    {PR_GET_ENDIAN, pr_hex1},
    {PR_SET_ENDIAN, pr_udec1},
    {PR_GET_SECCOMP, pr_none},
    {PR_SET_SECCOMP, pr_set_seccomp},
    {PR_CAPBSET_READ, pr_capbset},
    {PR_CAPBSET_DROP, pr_capbset},
    {PR_GET_TSC, pr_get_tsc},
    {PR_SET_TSC, pr_set_tsc},
    {PR_GET_SECUREBITS, pr_get_securebits},
    {PR_SET_SECUREBITS, pr_set_securebits},
    {PR_SET_TIMERSLACK, pr_udec1},
    {PR_GET_TIMERSLACK, pr_none},
    {PR_TASK_PERF_EVENTS_DISABLE, pr_none},
    {PR_TASK_PERF_EVENTS_ENABLE, pr_none},
    {PR_MCE_KILL, pr_mce_kill},
    {PR_MCE_KILL_GET, pr_mce_kill_get},
    {PR_SET_MM, pr_set_mm},
    {PR_SET_CHILD_SUBREAPER, pr_udec1},
    {PR_GET_CHILD_SUBREAPER, pr_out_int},
    {PR_SET_NO_NEW_PRIVS, pr_udec_hex3},
    {PR_GET_TID_ADDRESS, pr_get_tid_address},
    {PR_SET_THP_DISABLE, pr_udec_hex3},
    {PR_SET_FP_MODE, pr_set_fp_mode},
    {PR_GET_FP_MODE, pr_none},
    {PR_CAP_AMBIENT, pr_cap_ambient},
    {PR_SVE_SET_VL, pr_hex1},
    {PR_SVE_GET_VL, pr_none},
    {PR_GET_SPECULATION_CTRL, pr_get_spec},
    {PR_SET_SPECULATION_CTRL, pr_set_spec},
    {PR_SET_IO_FLUSHER, pr_udec_hex3},
    {PR_SET_SYSCALL_USER_DISPATCH, pr_sys_dispatch},
    {PR_SCHED_CORE, pr_sched_core},
    {PR_SME_SET_VL, pr_hex1},
    {PR_SME_GET_VL, pr_none},
    {PR_SET_VMA, pr_set_vma},
    {PR_SET_PTRACER, pr_set_ptracer},
};

/*
 * prctl(option, arg2, arg3, arg4, arg5).  Options missing from the table
 * show all four arguments in hex, as strace does for the ones it does not
 * decode.  NEEDSWORK: the arm64 ones (PR_PAC_*, PR_SET_TAGGED_ADDR_CTRL)
 * get no decoding of their arguments here.
 */
void sys_prctl(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint32_t option = (uint32_t)sc->raw[0];
	void (*decode)(struct dctx *) = pr_hex4;

	for (size_t i = 0; i < sizeof(prctl_table) / sizeof(prctl_table[0]); i++)
		if (prctl_table[i].option == option)
			decode = prctl_table[i].decode;
	if (!c->exiting)
		sc->args[0] = value_enum(option, &xlat_prctl_options);
	decode(c);
}

/* --- arch_prctl */

/* An address the kernel stores through arg2: [0x7f...]. */
static void arch_get_base(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint64_t w;
	struct value v;
	if (out_word(c, sc->raw[1], 8, &w, &v))
		v = boxed(c->arena, value_ptr(w));
	sc->args[1] = v;
}

/* A mask of XSAVE features the kernel stores through arg2:
 * [0xe7], its names (XFEATURE_MASK_FPSSE|...) in a comment. */
static void arch_get_xcomp(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint64_t w;
	struct value v;
	if (out_word(c, sc->raw[1], 8, &w, &v)) {
		struct value m = value_hex(w);
		if (w)
			m.comment = flagset_text(c->arena, w, &xlat_xfeature_masks);
		v = boxed(c->arena, m);
	}
	sc->args[1] = v;
}

/*
 * arch_prctl(code, addr): ARCH_SET_FS and the like take an address,
 * ARCH_GET_FS and the like store one, ARCH_REQ_XCOMP_PERM takes a feature
 * number (shown in hex with its name in a comment) and ARCH_GET_CPUID
 * takes nothing.
 */
void sys_arch_prctl(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint32_t code = (uint32_t)sc->raw[0];
	bool get = code == ARCH_GET_FS || code == ARCH_GET_GS;
	bool xcomp = code == ARCH_GET_XCOMP_SUPP || code == ARCH_GET_XCOMP_PERM ||
		     code == ARCH_GET_XCOMP_GUEST_PERM;

	if (code == ARCH_GET_CPUID)
		sc->nargs = 1;
	if (c->exiting) {
		if (get)
			arch_get_base(c);
		else if (xcomp)
			arch_get_xcomp(c);
		return;
	}
	sc->args[0] = value_enum(code, &xlat_arch_prctl_codes);
	if (get || xcomp)
		return;
	sc->args[1] = value_hex(sc->raw[1]);
	if (code == ARCH_REQ_XCOMP_PERM || code == ARCH_REQ_XCOMP_GUEST_PERM) {
		const char *name = xlat_name(&xlat_xfeatures, sc->raw[1]);
		sc->args[1].comment = name ? name : xlat_xfeatures.unknown;
	}
}
