/* Time structures shared by every family that takes a timeout: poll, select,
 * futex, rt_sigtimedwait, recvmmsg, io_getevents, mq_timedsend ...
 *
 * Each decode_* helper reads the struct at addr and returns strace's
 * rendering as a value tree: NULL prints as NULL, an unreadable address as
 * the address.  They read the layout of the syscall being decoded: 64-bit
 * time_t and long on x86_64 and in the i386 *time64 syscalls
 * (clock_gettime64, ppoll_time64, futex_time64 ...: the row's name contains
 * "time64"), 32-bit in the other i386 syscalls.  The *64 variants always
 * read the 64-bit layout (__kernel_timespec: epoll_pwait2, io_uring). */
#ifndef SCRY_TIME_H
#define SCRY_TIME_H
#include <stdbool.h>
#include <stdint.h>

#include "syscalls/decode.h"

/* struct timespec: {tv_sec=1, tv_nsec=0} */
struct value decode_timespec(struct dctx *c, uint64_t addr);
struct value decode_timespec64(struct dctx *c, uint64_t addr);
/* struct timeval: {tv_sec=1, tv_usec=0} */
struct value decode_timeval(struct dctx *c, uint64_t addr);
/* struct itimerspec: {it_interval={tv_sec=0, tv_nsec=0}, it_value={...}} */
struct value decode_itimerspec(struct dctx *c, uint64_t addr);
/* struct itimerval: {it_interval={tv_sec=0, tv_usec=0}, it_value={...}} */
struct value decode_itimerval(struct dctx *c, uint64_t addr);
/* struct sigevent (timer_create, mq_notify):
 * {sigev_value={sival_int=42, sival_ptr=0x2a}, sigev_signo=SIGUSR1,
 *  sigev_notify=SIGEV_SIGNAL}; sigev_value only when not 0. */
struct value decode_sigevent(struct dctx *c, uint64_t addr);

/* A time read from the tracee, for decoders that print it in a return
 * comment (select's "left {...}") or look at it. */
struct scry_ts {
	int64_t sec;   /* tv_sec, sign-extended */
	uint64_t frac; /* tv_nsec or tv_usec, zero-extended as strace prints it */
};
/* time64: the 64-bit layout whatever the arch (see above). True if read. */
bool read_timespec(struct dctx *c, uint64_t addr, bool time64, struct scry_ts *out);
bool read_timeval(struct dctx *c, uint64_t addr, struct scry_ts *out);
/* Whether the syscall being decoded takes 64-bit time_t structs. */
bool time_is64(const struct dctx *c);
/* Value form of a read time; usec selects tv_usec over tv_nsec. */
struct value timespec_value(struct dctx *c, const struct scry_ts *ts, bool usec);
/* Text form, "{tv_sec=1, tv_nsec=0}", in the arena (for ret_comment). */
const char *timespec_text(struct dctx *c, const struct scry_ts *ts, bool usec);

/* Whether the syscall was interrupted by a signal (EINTR or a kernel
 * restart code): strace then prints the remaining time of a sleep. */
bool syscall_interrupted(const struct dctx *c);

/* A flag set.  The text renderer now adds the xlat's "#unknown" comment
 * itself when no bit has a name, so this is value_flags(); kept because
 * several families call it. */
static inline struct value flags_value(uint64_t raw, const struct xlat *x)
{
	return value_flags(raw, x);
}

#endif
