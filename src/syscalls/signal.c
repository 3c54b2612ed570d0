#include "syscalls/signal.h"
#include "syscalls/errno_names.h"
#include "xlat/all.h"

#include <string.h>

/* The si_code names that apply to a signal: kernel codes (> 0) depend on the signal. */
static const struct xlat *code_table(int sig, int code)
{
	if (code <= 0 || code == SI_KERNEL)
		return &xlat_si_codes;
	switch (sig) {
	case SIGCHLD:
		return &xlat_cld_codes;
	case SIGSEGV:
		return &xlat_segv_codes;
	case SIGBUS:
		return &xlat_bus_codes;
	case SIGILL:
		return &xlat_ill_codes;
	case SIGFPE:
		return &xlat_fpe_codes;
	case SIGTRAP:
		return &xlat_trap_codes;
	case SIGPOLL:
		return &xlat_poll_codes;
	case SIGSYS:
		return &xlat_sys_codes;
	}
	return &xlat_si_codes;
}

static struct value field(const char *name, struct value v)
{
	v.name = name;
	return v;
}

static struct value sig_value(int sig)
{
	return value_enum((uint64_t)sig, &xlat_signals);
}

static int is_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

struct value decode_siginfo(struct arena *a, const siginfo_t *si)
{
	struct value v;
	struct value f[8];
	unsigned n = 0;
	int sig = si->si_signo, code = si->si_code;

	f[n++] = field("si_signo", sig_value(sig));
	struct value c = value_enum((uint64_t)(int64_t)code, code_table(sig, code));
	if (!xlat_name(c.fx.x, c.fx.raw))
		c = value_int(code);
	f[n++] = field("si_code", c);

	if (code == SI_USER || code == SI_TKILL || code == SI_QUEUE) {
		f[n++] = field("si_pid", value_int(si->si_pid));
		f[n++] = field("si_uid", value_uint(si->si_uid));
		if (code == SI_QUEUE) {
			f[n++] = field("si_int", value_int(si->si_value.sival_int));
			f[n++] = field("si_ptr", value_ptr((uintptr_t)si->si_value.sival_ptr));
		}
	} else if (code == SI_TIMER) {
		f[n++] = field("si_timerid", value_hex((unsigned)si->si_timerid));
		f[n++] = field("si_overrun", value_int(si->si_overrun));
		f[n++] = field("si_int", value_int(si->si_value.sival_int));
		f[n++] = field("si_ptr", value_ptr((uintptr_t)si->si_value.sival_ptr));
	} else if (sig == SIGCHLD && code > 0) {
		f[n++] = field("si_pid", value_int(si->si_pid));
		f[n++] = field("si_uid", value_uint(si->si_uid));
		if (code == CLD_EXITED)
			f[n++] = field("si_status", value_int(si->si_status));
		else
			f[n++] = field("si_status", sig_value(si->si_status));
		f[n++] = field("si_utime", value_int(si->si_utime));
		f[n++] = field("si_stime", value_int(si->si_stime));
	} else if (is_fault(sig)) {
		f[n++] = field("si_addr", value_ptr((uintptr_t)si->si_addr));
	} else if (sig == SIGPOLL && code > 0) {
		f[n++] = field("si_band", value_int(si->si_band));
		f[n++] = field("si_fd", value_int(si->si_fd));
	} else if (sig == SIGSYS && code == 1 /* SYS_SECCOMP */) {
		f[n++] = field("si_call_addr", value_ptr((uintptr_t)si->si_call_addr));
		f[n++] = field("si_syscall", value_int(si->si_syscall));
		f[n++] = field("si_arch", value_hex(si->si_arch));
	}
	struct value *items = value_struct(a, &v, n);
	memcpy(items, f, n * sizeof(*items));
	return v;
}
