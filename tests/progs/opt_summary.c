/*
 * -c: the table counts exactly the calls and errors the program made:
 * 7 getppid, 3 failing fchdir, in strace's column layout.
 */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);

int main(int argc, char **argv)
{
	int both = argc > 1 && !strcmp(argv[1], "C"); /* -C: the trace, then the table */

	for (int i = 0; i < 7; i++) {
		long pp = syscall(SYS_getppid);
		if (both)
			expect("getppid() = %ld", pp);
	}
	for (int i = 0; i < 3; i++)
		syscall(SYS_fchdir, -1);
	expect("%% time     seconds  usecs/call     calls    errors syscall");
	expect("------ ----------- ----------- --------- --------- ----------------");
	expect("* ~ \\s*[0-9]+\\.[0-9]{2} +[0-9]+\\.[0-9]{6} +[0-9]+ +7 +getppid");
	expect("* ~ \\s*[0-9]+\\.[0-9]{2} +[0-9]+\\.[0-9]{6} +[0-9]+ +3 +3 fchdir");
	expect("~ 100\\.00 +[0-9]+\\.[0-9]{6} +[0-9]+ +[0-9]+ +[0-9]+ total");
	if (!both)
		expect("! getppid\\(.*");
	return 0;
}
