/*
 * A syscall number no kernel knows: named syscall_0x<hex>, all six
 * arguments printed in hex (the tracer cannot know how many are real).
 */
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);

int main(void)
{
	long r = syscall(100000, 1, 2, 0, 0xdeadbeefL, -1L, 6);

	expect("syscall_0x186a0(0x1, 0x2, 0, 0xdeadbeef, 0xffffffffffffffff, 0x6) = %ld ENOSYS "
	       "(Function not implemented)",
	       r);
	/* Just past the table: a naive table lookup indexes out of bounds here. */
	r = syscall(1000, 0, 0, 0, 0, 0, 0);
	expect("syscall_0x3e8(0, 0, 0, 0, 0, 0) = %ld ENOSYS (Function not implemented)", r);
	return 0;
}
