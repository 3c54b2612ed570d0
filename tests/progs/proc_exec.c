/*
 * execve and execveat: argv as an array of strings (each obeying -s, at
 * most -s of them without -v), envp as "ADDR / * N vars * /" or, with -v,
 * in full; NULL, unreadable arrays and elements, an array running into an
 * unmapped page; execveat's flags.  The last call succeeds: the program
 * runs itself again with "e2", which prints nothing.
 *
 *   proc_exec        (scry's defaults: -s 32, no -v)
 *   proc_exec v      (scry -v -s 4)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "proctest.h"

#define PATH "/nonexistent/scry-exec"

static int verbose;

/* envp as scry prints it: the count, or (-v) the given text. */
static const char *env(void *addr, const char *count, const char *full)
{
	static char buf[4][256];
	static unsigned next;
	char *b = buf[next++ % 4];
	if (verbose)
		return full;
	snprintf(b, sizeof(buf[0]), "%p /* %s */", addr, count);
	return b;
}

int main(int argc, char **argv)
{
	char *args[] = {"ls", "-la", "a\nb", NULL};
	char *vars[] = {"A=1", "B=2", NULL};
	char *empty[] = {NULL};
	char *bad[] = {"x", (char *)1, NULL};
	char *lng[] = {"0123456789012345678901234567890123456789", NULL};
	char *many[50];
	long r;

	if (argc > 1 && !strcmp(argv[1], "e2"))
		return 0;
	verbose = argc > 1 && !strcmp(argv[1], "v");

	r = syscall(SYS_execve, PATH, args, vars);
	expect("execve(\"%s\", %s, %s) = %s", PATH, "[\"ls\", \"-la\", \"a\\nb\"]",
	       env(vars, "2 vars", "[\"A=1\", \"B=2\"]"), res(r));
	r = syscall(SYS_execve, PATH, NULL, NULL);
	expect("execve(\"%s\", NULL, NULL) = %s", PATH, res(r));
	r = syscall(SYS_execve, PATH, empty, empty);
	expect("execve(\"%s\", [], %s) = %s", PATH, env(empty, "0 vars", "[]"), res(r));
	r = syscall(SYS_execve, PATH, (void *)1, (void *)2);
	expect("execve(\"%s\", 0x1, 0x2) = %s", PATH, res(r));
	r = syscall(SYS_execve, PATH, bad, bad);
	expect("execve(\"%s\", [\"x\", 0x1], %s) = %s", PATH, env(bad, "2 vars", "[\"x\", 0x1]"),
	       res(r));

	/* Two pointers at the end of a page whose successor is unmapped. */
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page + 4096, 4096) < 0)
		die("mmap");
	char **edge = (char **)(page + 4096 - 2 * sizeof(char *));
	edge[0] = "y";
	edge[1] = "z";
	char full[128];
	snprintf(full, sizeof(full), "[\"y\", \"z\", ... /* %p */]", page + 4096);
	r = syscall(SYS_execve, PATH, edge, edge);
	expect("execve(\"%s\", %s, %s) = %s", PATH, full, env(edge, "2 vars, unterminated", full),
	       res(r));

	for (int i = 0; i < 49; i++)
		many[i] = "m";
	many[49] = NULL;
	char all[49 * 5 + 8] = "[";
	for (int i = 0; i < 49; i++)
		strcat(all, i ? ", \"m\"" : "\"m\"");
	strcat(all, "]");
	char first32[40 * 5 + 8] = "[";
	for (int i = 0; i < 32; i++)
		strcat(first32, i ? ", \"m\"" : "\"m\"");
	strcat(first32, ", ...]");
	r = syscall(SYS_execve, PATH, many, many);
	expect("execve(\"%s\", %s, %s) = %s", PATH, verbose ? all : first32,
	       env(many, "49 vars", all), res(r));
	r = syscall(SYS_execve, PATH, lng, lng);
	expect("execve(\"%s\", %s, %s) = %s", PATH,
	       verbose ? "[\"0123\"...]" : "[\"01234567890123456789012345678901\"...]",
	       env(lng, "1 var", "[\"0123\"...]"), res(r));

	r = syscall(SYS_execveat, AT_FDCWD, PATH, args, vars, 0);
	expect("execveat(AT_FDCWD, \"%s\", %s, %s, 0) = %s", PATH, "[\"ls\", \"-la\", \"a\\nb\"]",
	       env(vars, "2 vars", "[\"A=1\", \"B=2\"]"), res(r));
	r = syscall(SYS_execveat, 9999, "", NULL, NULL, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
	expect("execveat(9999, \"\", NULL, NULL, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH) = %s", res(r));
	r = syscall(SYS_execveat, 9999, "", NULL, NULL, 0x10000);
	expect("execveat(9999, \"\", NULL, NULL, 0x10000 /* AT_??? */) = %s", res(r));
	r = syscall(SYS_execve, NULL, NULL, NULL);
	expect("execve(NULL, NULL, NULL) = %s", res(r));

	char *again[] = {"pe", "e2", NULL};
	char *one[] = {"S=1", NULL};
	expect("execve(\"/proc/self/exe\", [\"pe\", \"e2\"], %s) = 0",
	       env(one, "1 var", "[\"S=1\"]"));
	syscall(SYS_execve, "/proc/self/exe", again, one);
	die("execve: %s", strerror(errno));
	return 1;
}
