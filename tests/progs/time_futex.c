/*
 * futex: each command prints its own arguments (a WAIT timing out with
 * ETIMEDOUT, WAKE, the requeues, WAKE_OP's encoded operation, the PI
 * locks, the bitset calls), op names with _PRIVATE and
 * FUTEX_CLOCK_REALTIME where the kernel accepts it, unknown ops with all
 * six arguments; futex_waitv with its array of struct futex_waitv.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif

int main(void)
{
	static uint32_t f, g;
	struct timespec ts = {0, 1000};
	long r;

	char *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (bad == MAP_FAILED || munmap(bad, 4096))
		die("mmap");

	r = syscall(SYS_futex, &f, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
	expect("futex(%p, FUTEX_WAIT_PRIVATE, 0, {tv_sec=0, tv_nsec=1000}) = %ld ETIMEDOUT "
	       "(Connection timed out)",
	       (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_WAIT, 1, NULL, NULL, 0);
	expect("futex(%p, FUTEX_WAIT, 1, NULL) = %ld EAGAIN (Resource temporarily unavailable)",
	       (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_WAIT, -1, &ts, NULL, 0);
	expect("futex(%p, FUTEX_WAIT, 4294967295, {tv_sec=0, tv_nsec=1000}) = %ld EAGAIN (Resource "
	       "temporarily unavailable)",
	       (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_WAIT, 0, bad, NULL, 0);
	expect("futex(%p, FUTEX_WAIT, 0, %p) = %ld EFAULT (Bad address)", (void *)&f, (void *)bad,
	       r);
	r = syscall(SYS_futex, NULL, FUTEX_WAIT, 1, NULL, NULL, 0);
	expect("futex(NULL, FUTEX_WAIT, 1, NULL) = %ld EFAULT (Bad address)", r);
	r = syscall(SYS_futex, &f, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	expect("futex(%p, FUTEX_WAKE_PRIVATE, 1) = %ld", (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_WAKE, INT32_MAX, &ts, &g, 7);
	expect("futex(%p, FUTEX_WAKE, 2147483647) = %ld", (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 1, &ts, NULL,
		    FUTEX_BITSET_MATCH_ANY);
	expect("futex(%p, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 1, {tv_sec=0, tv_nsec=1000}, "
	       "FUTEX_BITSET_MATCH_ANY) = %ld EAGAIN (Resource temporarily unavailable)",
	       (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL,
		    5);
	expect(
	    "futex(%p, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 1, NULL, 0x5) = %ld EAGAIN "
	    "(Resource temporarily unavailable)",
	    (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL,
		    FUTEX_BITSET_MATCH_ANY);
	expect("futex(%p, FUTEX_WAKE_BITSET_PRIVATE, 1, FUTEX_BITSET_MATCH_ANY) = %ld", (void *)&f,
	       r);
	r = syscall(SYS_futex, &f, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0);
	expect("futex(%p, FUTEX_WAKE_BITSET, 1, 0) = %ld EINVAL (Invalid argument)", (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0);
	/* Named so by strace, though Linux 4.5+ answers ENOSYS. */
	expect("futex(%p, FUTEX_WAIT|FUTEX_CLOCK_REALTIME, 1, NULL) = %ld{*}", (void *)&f, r);

	r = syscall(SYS_futex, &f, FUTEX_WAKE_OP_PRIVATE, 1, 2, &g,
		    FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GT, 0));
	expect("futex(%p, FUTEX_WAKE_OP_PRIVATE, 1, 2, %p, "
	       "FUTEX_OP_ADD<<28|0x1<<12|FUTEX_OP_CMP_GT<<24|0) = %ld",
	       (void *)&f, (void *)&g, r);
	r = syscall(SYS_futex, &f, FUTEX_WAKE_OP, 1, 2, &g,
		    0x80001007 /* SET with OPARG_SHIFT, oparg 1, CMP_EQ 7 */);
	expect("futex(%p, FUTEX_WAKE_OP, 1, 2, %p, "
	       "FUTEX_OP_OPARG_SHIFT<<28|FUTEX_OP_SET<<28|0x1<<12|FUTEX_OP_CMP_EQ<<24|0x7) = %ld",
	       (void *)&f, (void *)&g, r);
	r = syscall(SYS_futex, &f, FUTEX_WAKE_OP, 1, -1L, &g, 0xffffffff);
	expect("futex(%p, FUTEX_WAKE_OP, 1, 4294967295, %p, FUTEX_OP_OPARG_SHIFT<<28|0x7<<28 /* "
	       "FUTEX_OP_??? */|0xfff<<12|0xf<<24 /* FUTEX_OP_CMP_??? */|0xfff) = %ld ENOSYS "
	       "(Function not implemented)",
	       (void *)&f, (void *)&g, r);
	g = 0;
	r = syscall(SYS_futex, &f, FUTEX_REQUEUE_PRIVATE, 1, 2, &g, 0);
	expect("futex(%p, FUTEX_REQUEUE_PRIVATE, 1, 2, %p) = %ld", (void *)&f, (void *)&g, r);
	r = syscall(SYS_futex, &f, FUTEX_CMP_REQUEUE, 1, 2, &g, 0);
	expect("futex(%p, FUTEX_CMP_REQUEUE, 1, 2, %p, 0) = %ld", (void *)&f, (void *)&g, r);
	r = syscall(SYS_futex, &f, FUTEX_CMP_REQUEUE, -1, -1L, &g, -1);
	expect("futex(%p, FUTEX_CMP_REQUEUE, 4294967295, 4294967295, %p, 4294967295) = %ld EINVAL "
	       "(Invalid argument)",
	       (void *)&f, (void *)&g, r);
	r = syscall(SYS_futex, &f, FUTEX_CMP_REQUEUE_PI_PRIVATE, 1, 2, &g, 0);
	expect("futex(%p, FUTEX_CMP_REQUEUE_PI_PRIVATE, 1, 2, %p, 0) = %ld{*}", (void *)&f,
	       (void *)&g, r);
	r = syscall(SYS_futex, &f, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 1, &ts, &g, 0);
	expect("futex(%p, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 1, {tv_sec=0, tv_nsec=1000}, %p) = %ld "
	       "EAGAIN (Resource temporarily unavailable)",
	       (void *)&f, (void *)&g, r);

	/* PI locks: f is 0, so LOCK_PI takes it and UNLOCK_PI releases it. */
	f = 0;
	r = syscall(SYS_futex, &f, FUTEX_LOCK_PI_PRIVATE, 1, &ts, &g, 0);
	expect("futex(%p, FUTEX_LOCK_PI_PRIVATE, {tv_sec=0, tv_nsec=1000}) = %ld", (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_TRYLOCK_PI_PRIVATE, 1, &ts, &g, 0);
	expect("futex(%p, FUTEX_TRYLOCK_PI_PRIVATE) = %ld EDEADLK (Resource deadlock avoided)",
	       (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_UNLOCK_PI_PRIVATE, 1, &ts, &g, 0);
	expect("futex(%p, FUTEX_UNLOCK_PI_PRIVATE) = %ld", (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_LOCK_PI2, 1, NULL, &g, 0);
	expect("futex(%p, FUTEX_LOCK_PI2, NULL) = %ld", (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_UNLOCK_PI, 1, NULL, &g, 0);
	expect("futex(%p, FUTEX_UNLOCK_PI) = %ld", (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_FD, 1, NULL, NULL, 0);
	expect("futex(%p, FUTEX_FD, 1) = %ld ENOSYS (Function not implemented)", (void *)&f, r);
	r = syscall(SYS_futex, &f, FUTEX_FD | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
	expect("futex(%p, FUTEX_FD|FUTEX_PRIVATE_FLAG, 1) = %ld ENOSYS (Function not implemented)",
	       (void *)&f, r);

	/* Unknown ops: printed whole, with every argument. */
	r = syscall(SYS_futex, &f, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 5, NULL, NULL, 7);
	expect("futex(%p, 0x101 /* FUTEX_??? */, 5) = %ld ENOSYS (Function not implemented)",
	       (void *)&f, r);
	r = syscall(SYS_futex, &f, 15 | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME, 5, &ts, &g, 7);
	expect("futex(%p, 0x18f /* FUTEX_??? */, 5, %p, %p, 0x7) = %ld ENOSYS (Function not "
	       "implemented)",
	       (void *)&f, (void *)&ts, (void *)&g, r);
	r = syscall(SYS_futex, &f, 0x1000, 5, &ts, &g, 0);
	expect("futex(%p, 0x1000 /* FUTEX_??? */, 5, {tv_sec=0, tv_nsec=1000}) = %ld ENOSYS "
	       "(Function not implemented)",
	       (void *)&f, r);
	r = syscall(SYS_futex, &f, 0x7fffffff, -1, -1L, (void *)-1L, -1);
	expect("futex(%p, 0x7fffffff /* FUTEX_??? */, 4294967295, 0xffffffffffffffff, "
	       "0xffffffffffffffff, 0xffffffff) = %ld ENOSYS (Function not implemented)",
	       (void *)&f, r);

	/* futex_waitv (Linux 5.16): ENOSYS on older kernels, shown the same. */
	struct futex_waitv w[2] = {
	    {0, (uintptr_t)&f, FUTEX_32, 0},
	    {1, (uintptr_t)&g, FUTEX_32 | FUTEX_PRIVATE_FLAG, 0},
	};
	f = 0;
	r = syscall(SYS_futex_waitv, w, 2, 0, &ts, CLOCK_MONOTONIC);
	expect(
	    "futex_waitv([{val=0, uaddr=%p, flags=FUTEX_32}, {val=0x1, uaddr=%p, "
	    "flags=FUTEX_32|FUTEX_PRIVATE_FLAG}], 2, 0, {tv_sec=0, tv_nsec=1000}, CLOCK_MONOTONIC) "
	    "= %ld{*}",
	    (void *)&f, (void *)&g, r);
	r = syscall(SYS_futex_waitv, NULL, 0, 0, NULL, CLOCK_REALTIME);
	expect("futex_waitv(NULL, 0, 0, NULL, CLOCK_REALTIME) = %ld{*}", r);
	r = syscall(SYS_futex_waitv, bad, 2, 1, &ts, CLOCK_REALTIME);
	expect("futex_waitv(%p, 2, 0x1, {tv_sec=0, tv_nsec=1000}, CLOCK_REALTIME) = %ld{*}",
	       (void *)bad, r);
	w[0].flags = 0x77;
	w[0].__reserved = 5;
	r = syscall(SYS_futex_waitv, w, 1, 0, &ts, 99);
	expect("futex_waitv([{val=0, uaddr=%p, flags=FUTEX_32|0x75, __reserved=0x5}], 1, 0, "
	       "{tv_sec=0, tv_nsec=1000}, 0x63 /* CLOCK_??? */) = %ld{*}",
	       (void *)&f, r);
	/* The second element lies in unmapped memory. */
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page + 4096, 4096))
		die("mmap");
	struct futex_waitv *edge = (struct futex_waitv *)(page + 4096 - sizeof(*edge));
	*edge = w[1];
	r = syscall(SYS_futex_waitv, edge, 2, 0, NULL, CLOCK_MONOTONIC);
	expect(
	    "futex_waitv([{val=0x1, uaddr=%p, flags=FUTEX_32|FUTEX_PRIVATE_FLAG}, ... /* %p */], "
	    "2, 0, NULL, CLOCK_MONOTONIC) = %ld{*}",
	    (void *)&g, (void *)(page + 4096), r);
	return 0;
}
