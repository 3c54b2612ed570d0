#include "engine/seccomp.h"
#include "lib/xalloc.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/syscall.h>

/* x32 syscalls carry this bit in nr; scry traces them all. */
#define X32_SYSCALL_BIT 0x40000000u

static int is_set(const uint8_t *bits, unsigned nbits, unsigned nr)
{
	return nr < nbits && ((bits[nr / 8] >> (nr % 8)) & 1);
}

int seccomp_filter_build(const uint8_t *bits, unsigned nbits, struct sock_fprog *prog)
{
	unsigned n = 0, count = 0;
	for (unsigned nr = 0; nr < nbits; nr++)
		count += is_set(bits, nbits, nr) || nr == SYS_execve || nr == SYS_execveat;
	/* Two instructions per traced syscall, each a short forward jump, so no
	 * jump offset ever exceeds the 8-bit limit. */
	struct sock_filter *f = xcalloc(7 + 2 * count, sizeof(*f));
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, nr));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	for (unsigned nr = 0; nr < nbits; nr++) {
		if (!is_set(bits, nbits, nr) && nr != SYS_execve && nr != SYS_execveat)
			continue;
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog->len = (unsigned short)n;
	prog->filter = f;
	return 0;
}
