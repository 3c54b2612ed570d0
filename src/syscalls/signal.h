/* Signal decoding shared by signal syscalls and signal-delivery lines. */
#ifndef SCRY_SIGNAL_H
#define SCRY_SIGNAL_H
#include <signal.h>

#include "lib/arena.h"
#include "value/value.h"

/* The siginfo of a signal-delivery stop, as strace's "{si_signo=..., ...}". */
struct value decode_siginfo(struct arena *a, const siginfo_t *si);

#endif
