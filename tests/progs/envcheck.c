/*
 * -E: run as "scry trace -E SCRY_TEST_SET=bar -E SCRY_TEST_UNSET -- envcheck"
 * with SCRY_TEST_UNSET and SCRY_TEST_KEEP in scry's environment. The
 * program sees the first set, the second removed and the rest untouched.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

int main(void)
{
	const char *set = getenv("SCRY_TEST_SET");
	const char *keep = getenv("SCRY_TEST_KEEP");

	if (!set || strcmp(set, "bar") != 0)
		die("SCRY_TEST_SET is %s, want bar", set ? set : "unset");
	if (getenv("SCRY_TEST_UNSET"))
		die("SCRY_TEST_UNSET is still set");
	if (!keep || strcmp(keep, "1") != 0)
		die("SCRY_TEST_KEEP is %s, want 1", keep ? keep : "unset");
	expect("exit_group(0) = ?");
	expect("+++ exited with 0 +++");
	syscall(SYS_exit_group, 0);
}
