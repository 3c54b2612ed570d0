/* Signal decoding shared by signal syscalls and signal-delivery lines. */
#ifndef SCRY_SIGNAL_H
#define SCRY_SIGNAL_H
#include <signal.h>
#include <stdint.h>

#include "lib/arena.h"
#include "syscalls/sysent.h"
#include "value/value.h"

/* The siginfo of a signal-delivery stop, as strace's "{si_signo=..., ...}".
 * si is in the tracer's (64-bit) layout, which is what PTRACE_GETSIGINFO
 * returns for 32-bit tracees too.  A seccomp SIGSYS names si_syscall as
 * __NR_NAME when its si_arch is the personality pers, else as a number with
 * the name in a comment; decode_siginfo() assumes the x86_64 personality. */
struct value decode_siginfo(struct arena *a, const siginfo_t *si);
struct value decode_siginfo_arch(struct arena *a, const siginfo_t *si, enum sys_arch pers);

/* A signal number argument: "SIGINT", "SIGRT_8"; 0, negative and unknown
 * numbers in signed decimal ("0", "-1", "65"), as strace prints them. */
struct value signal_value(int32_t sig);

#endif
