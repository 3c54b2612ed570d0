/*
 * Time stamps and durations: -t, -tt, -ttt, -r, -T and --cpu. The values
 * vary; their form is what strace users parse, so the test checks it.
 */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	long ppid = syscall(SYS_getppid);

	if (!strcmp(mode, "t"))
		expect("~ [0-2][0-9]:[0-5][0-9]:[0-6][0-9] getppid\\(\\) += %ld", ppid);
	else if (!strcmp(mode, "tt"))
		expect("~ [0-2][0-9]:[0-5][0-9]:[0-6][0-9]\\.[0-9]{6} getppid\\(\\) += %ld", ppid);
	else if (!strcmp(mode, "ttt"))
		expect("~ 1[0-9]{9}\\.[0-9]{6} getppid\\(\\) += %ld", ppid);
	else if (!strcmp(mode, "r"))
		expect("~  +[0-9]+\\.[0-9]{6} getppid\\(\\) += %ld", ppid);
	else if (!strcmp(mode, "T"))
		expect("~ getppid\\(\\) += %ld <[0-9]+\\.[0-9]{6}>", ppid);
	else if (!strcmp(mode, "cpu"))
		expect("~ getppid\\(\\) += %ld <cpu=[0-9]+\\.[0-9]{6}>", ppid);
	return 0;
}
