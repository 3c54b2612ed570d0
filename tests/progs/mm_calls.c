/*
 * Memory syscalls: mmap's prot and flags (MAP_HUGE_*, unknown bits, the
 * MAP_TYPE field), mprotect, mremap (new_address only with MREMAP_FIXED),
 * madvise, mlock2, mlockall, msync, mincore's vector, brk, munmap.
 */
#define _GNU_SOURCE
#include <linux/mman.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "proctest.h"

#define PAGE 4096

int main(void)
{
	long r;
	unsigned char vec[64];

	char *p = (char *)syscall(SYS_mmap, 0, 8 * PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	expect("mmap(NULL, 32768, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = %p", p);
	if (p == MAP_FAILED)
		die("mmap");
	r = syscall(SYS_mmap, 0, PAGE, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (21 << MAP_HUGE_SHIFT), -1, 0);
	expect(
	    "mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21<<MAP_HUGE_SHIFT, "
	    "-1, 0) = {*}");
	/* Unknown prot bits; an unknown MAP_TYPE; bit 26 and up are the huge page size. */
	r = syscall(SYS_mmap, 0, PAGE, PROT_READ | 0x10000000, 0xf | 0x4000000 | MAP_HUGETLB, -1,
		    0);
	expect("mmap(NULL, 4096, PROT_READ|0x10000000, 0xf /* MAP_??? "
	       "*/|MAP_HUGETLB|1<<MAP_HUGE_SHIFT, "
	       "-1, 0) = %s",
	       resx(r));
	r = syscall(SYS_mmap, 0, PAGE, 0x10000000, MAP_SHARED | 0x200, -1, 0x1000);
	expect("mmap(NULL, 4096, 0x10000000 /* PROT_??? */, MAP_SHARED|0x200, -1, 0x1000) = %s",
	       resx(r));
	/* flags is an int: the upper half of the register is not part of it. */
	r = syscall(SYS_mmap, 0, PAGE, PROT_READ, 0xffffffff00000000UL | MAP_PRIVATE, -100, 0);
	expect("mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -100, 0) = %s", resx(r));
	r = syscall(SYS_mmap, 0, PAGE, PROT_NONE, 0, -1, -1L);
	expect("mmap(NULL, 4096, PROT_NONE, MAP_FILE, -1, 0xffffffffffffffff) = %s", resx(r));

	r = syscall(SYS_mprotect, p, PAGE, PROT_READ | PROT_EXEC);
	expect("mprotect(%p, 4096, PROT_READ|PROT_EXEC) = %s", p, res(r));
	r = syscall(SYS_mprotect, p, PAGE, PROT_READ | PROT_GROWSDOWN | 0x100);
	expect("mprotect(%p, 4096, PROT_READ|PROT_GROWSDOWN|0x100) = %s", p, res(r));
	r = syscall(SYS_mprotect, p, PAGE, PROT_NONE);
	expect("mprotect(%p, 4096, PROT_NONE) = %s", p, res(r));
	r = syscall(SYS_pkey_mprotect, p, PAGE, PROT_READ | PROT_WRITE, -1);
	expect("pkey_mprotect(%p, 4096, PROT_READ|PROT_WRITE, -1) = %s", p, res(r));

	/* Pages 0 and 2 touched, 1 not: mincore's vector. */
	memset(p, 1, PAGE);
	memset(p + 2 * PAGE, 1, PAGE);
	r = syscall(SYS_mincore, p, 3 * PAGE, vec);
	expect("mincore(%p, 12288, [1, 0, 1]) = %s", p, res(r));
	r = syscall(SYS_mincore, p, 3 * PAGE - 1, vec);
	expect("mincore(%p, 12287, [1, 0, 1]) = %s", p, res(r));
	r = syscall(SYS_mincore, p, 0, vec);
	expect("mincore(%p, 0, []) = %s", p, res(r));
	r = syscall(SYS_mincore, p, 8 * PAGE, (void *)1);
	expect("mincore(%p, 32768, 0x1) = %s", p, res(r));
	r = syscall(SYS_mincore, p + 1, PAGE, vec);
	expect("mincore(%p, 4096, %p) = %s", p + 1, vec, res(r));

	r = syscall(SYS_madvise, p, PAGE, MADV_DONTNEED);
	expect("madvise(%p, 4096, MADV_DONTNEED) = %s", p, res(r));
	r = syscall(SYS_madvise, p, PAGE, 12345);
	expect("madvise(%p, 4096, 0x3039 /* MADV_??? */) = %s", p, res(r));
	r = syscall(SYS_madvise, p, PAGE, -1);
	expect("madvise(%p, 4096, 0xffffffff /* MADV_??? */) = %s", p, res(r));

	r = syscall(SYS_mlock2, p, PAGE, MLOCK_ONFAULT);
	expect("mlock2(%p, 4096, MLOCK_ONFAULT) = %s", p, res(r));
	r = syscall(SYS_mlock2, p, PAGE, 6);
	expect("mlock2(%p, 4096, 0x6 /* MLOCK_??? */) = %s", p, res(r));
	r = syscall(SYS_munlock, p, PAGE);
	expect("munlock(%p, 4096) = %s", p, res(r));
	r = syscall(SYS_mlockall, 0);
	expect("mlockall(0) = %s", res(r));
	r = syscall(SYS_mlockall, 0x80000000UL | MCL_CURRENT);
	expect("mlockall(MCL_CURRENT|0x80000000) = %s", res(r));
	r = syscall(SYS_mlockall, 0x10);
	expect("mlockall(0x10 /* MCL_??? */) = %s", res(r));

	r = syscall(SYS_msync, p, PAGE, MS_SYNC | MS_ASYNC | MS_INVALIDATE);
	expect("msync(%p, 4096, MS_SYNC|MS_ASYNC|MS_INVALIDATE) = %s", p, res(r));
	r = syscall(SYS_msync, p, PAGE, MS_ASYNC | 0x10);
	expect("msync(%p, 4096, MS_ASYNC|0x10) = %s", p, res(r));
	r = syscall(SYS_msync, p, PAGE, 0);
	expect("msync(%p, 4096, 0) = %s", p, res(r));

	/* new_address is an argument only with MREMAP_FIXED. */
	char *q = (char *)syscall(SYS_mremap, p, PAGE, 2 * PAGE, MREMAP_MAYMOVE);
	expect("mremap(%p, 4096, 8192, MREMAP_MAYMOVE) = %s", p, resx((long)q));
	r = syscall(SYS_mremap, q, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, p + 4 * PAGE);
	expect("mremap(%p, 4096, 4096, MREMAP_MAYMOVE|MREMAP_FIXED, %p) = %s", q, p + 4 * PAGE,
	       resx(r));
	r = syscall(SYS_mremap, NULL, 0, 0, 0x10, p);
	expect("mremap(NULL, 0, 0, 0x10 /* MREMAP_??? */) = %s", resx(r));

	r = syscall(SYS_brk, 0);
	expect("brk(NULL) = %#lx", r);
	r = syscall(SYS_munmap, p, 8 * PAGE);
	expect("munmap(%p, 32768) = %s", p, res(r));
	r = syscall(SYS_mincore, p, PAGE, vec);
	expect("mincore(%p, 4096, %p) = %s", p, vec, res(r));
	r = syscall(SYS_munmap, NULL, 0);
	expect("munmap(NULL, 0) = %s", res(r));
	return 0;
}
