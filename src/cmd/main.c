/* scry: x-ray vision into a running program at the OS boundary. */
#include "cmd/cmd.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fputs("usage: scry <command> [options]\n"
	      "\n"
	      "commands:\n"
	      "  trace    run a command (or attach to pids) and print every syscall it makes\n"
	      "  convert  turn a 'trace --json' recording into --timeline / --profile files\n"
	      "\n"
	      "'scry trace --help' describes the options; 'scry --version' prints the version.\n",
	      f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "trace"))
		return cmd_trace(argc - 1, argv + 1);
	if (!strcmp(cmd, "convert"))
		return cmd_convert(argc - 1, argv + 1);
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		printf("scry version %s\n", SCRY_VERSION);
		return 0;
	}
	fprintf(stderr, "scry: unknown command '%s' (try 'scry --help')\n", cmd);
	return 2;
}
