#include "syscalls/errno_names.h"

#include <stddef.h>
#include <string.h>

#include "xlat/all.h"

/* ERESTART* never reach user space, so strerror() calls them "Unknown
 * error 512"; strace has its own words for them, and prints "= ?" instead of
 * "= -1" because the syscall will be restarted or fail with EINTR. */
static const struct {
	int err;
	const char *msg;
} restart_msgs[] = {
    {512, "To be restarted if SA_RESTART is set"}, /* ERESTARTSYS */
    {513, "To be restarted"},			   /* ERESTARTNOINTR */
    {514, "To be restarted if no handler"},	   /* ERESTARTNOHAND */
    {516, "Interrupted by signal"},		   /* ERESTART_RESTARTBLOCK */
};

/* SIGRTMIN is the kernel's 32, not glibc's SIGRTMIN (34, after the two
 * signals NPTL keeps for itself): strace names raw numbers. */
static const char *const rt_names[] = {
    "SIGRTMIN", "SIGRT_1",  "SIGRT_2",	"SIGRT_3",  "SIGRT_4",	"SIGRT_5",  "SIGRT_6",
    "SIGRT_7",	"SIGRT_8",  "SIGRT_9",	"SIGRT_10", "SIGRT_11", "SIGRT_12", "SIGRT_13",
    "SIGRT_14", "SIGRT_15", "SIGRT_16", "SIGRT_17", "SIGRT_18", "SIGRT_19", "SIGRT_20",
    "SIGRT_21", "SIGRT_22", "SIGRT_23", "SIGRT_24", "SIGRT_25", "SIGRT_26", "SIGRT_27",
    "SIGRT_28", "SIGRT_29", "SIGRT_30", "SIGRT_31", "SIGRT_32",
};

enum { SIG_RTMIN_KERNEL = 32 };

const char *errno_name(int err)
{
	return err > 0 ? xlat_name(&xlat_errnos, (uint64_t)err) : NULL;
}

const char *errno_message(int err)
{
	for (size_t i = 0; i < sizeof restart_msgs / sizeof restart_msgs[0]; i++)
		if (restart_msgs[i].err == err)
			return restart_msgs[i].msg;
	return strerror(err);
}

const char *signal_name(int sig)
{
	if (sig <= 0)
		return NULL;
	if (sig < SIG_RTMIN_KERNEL)
		return xlat_name(&xlat_signals, (uint64_t)sig);
	if ((size_t)(sig - SIG_RTMIN_KERNEL) < sizeof rt_names / sizeof rt_names[0])
		return rt_names[sig - SIG_RTMIN_KERNEL];
	return NULL;
}
