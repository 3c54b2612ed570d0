/* The seccomp-bpf filter that lets untraced syscalls run without stopping. */
#ifndef SCRY_SECCOMP_H
#define SCRY_SECCOMP_H
#include <linux/filter.h>
#include <stdint.h>

/* Builds a filter returning SECCOMP_RET_TRACE for the x86_64 syscalls whose
 * bit is set in bits (nbits of them), for execve/execveat (the engine needs
 * those), and for every syscall of another arch (i386); the rest are allowed.
 * Returns 0 and a malloc'd program in prog->filter, or -ENOMEM. */
int seccomp_filter_build(const uint8_t *bits, unsigned nbits, struct sock_fprog *prog);

#endif
