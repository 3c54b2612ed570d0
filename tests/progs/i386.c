/*
 * i386 syscalls made with "int $0x80" from a 64-bit process: numbers come
 * from the i386 table (20 is getpid, 4 is write), not x86_64's (20 is
 * writev), and the tracer notes the change of personality (strace: a
 * "[ Process PID=N runs in 32 bit mode. ]" line, and 64 bit on the way back).
 * Some kernels and hypervisors refuse int $0x80 with SIGSEGV: the program
 * then exits 77 and run.sh reports the test as skipped.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

void expect(const char *fmt, ...);

static long int80(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

int main(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int80(20, 0, 0, 0);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 77;

	/* The 32-bit ABI carries 32-bit pointers: the buffer must sit below 4 GiB. */
	char *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (low == MAP_FAILED)
		return 77;
	memcpy(low, "i386\n", 5);

	long r = int80(20, 0, 0, 0);
	expect("~ .*\\b32[- ]bit\\b.*");
	expect("getpid() = %ld", r);
	r = int80(4, 2, (long)low, 5); /* stderr: stdout holds the expected lines */
	expect("write(2, \"i386\\n\", 5) = %ld", r);
	r = syscall(SYS_getppid);
	expect("~ .*\\b64[- ]bit\\b.*");
	expect("getppid() = %ld", r);
	return 0;
}
