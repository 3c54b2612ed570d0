/* Time structures shared by every family that takes a timeout: poll, select,
 * futex, rt_sigtimedwait, recvmmsg, io_getevents, mq_timedsend ...
 *
 * Each helper reads the struct at addr and returns strace's rendering as a
 * value tree: NULL prints as NULL, an unreadable address as the address.
 * The plain helpers read the tracee ABI's layout (c->sc->arch: 32-bit
 * time_t/long on i386); the *64 ones always read the 64-bit layout, as the
 * i386 *_time64 syscalls (clock_gettime64, ppoll_time64, ...) take it. */
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
struct value decode_itimerspec64(struct dctx *c, uint64_t addr);
/* struct itimerval: {it_interval={tv_sec=0, tv_usec=0}, it_value={...}} */
struct value decode_itimerval(struct dctx *c, uint64_t addr);

/* Raw reads for decoders that print a time in a comment or compare it
 * (select's "left {...}"): true if the struct was read. */
struct scry_ts {
	int64_t sec;
	int64_t frac; /* nanoseconds or microseconds */
};
bool read_timespec(struct dctx *c, uint64_t addr, bool time64, struct scry_ts *out);
bool read_timeval(struct dctx *c, uint64_t addr, struct scry_ts *out);
/* The value form of an already read time: usec selects tv_usec. */
struct value timespec_value(struct dctx *c, const struct scry_ts *ts, bool usec);
/* Text form of a time, "{tv_sec=1, tv_nsec=0}", in the arena (for ret_comment). */
const char *timespec_text(struct dctx *c, const struct scry_ts *ts, bool usec);

/* Whether the syscall being decoded runs in the 64-bit ABI. */
static inline bool dctx_is64(const struct dctx *c)
{
	return c->sc->arch != ARCH_I386;
}

#endif
