/*
 * clone's named fields (parent_tid, tls and child_tidptr only when a flag
 * uses them, shown after the return), the exit signal in flags, unknown
 * bits; clone3's struct clone_args at entry; fork, vfork.  Run with -f:
 * every line carries its thread's id.
 */
#define _GNU_SOURCE
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proctest.h"

extern int expect_tids;

/* The child's side: one line, then exit_group(code). */
static void child_exit(int code)
{
	expect("exit_group(%d) = ?", code);
	syscall(SYS_exit_group, code);
}

/* Reaps pid, which exited with code. */
static void reap(long pid, int code)
{
	int status;
	long r = syscall(SYS_wait4, pid, &status, 0, NULL);
	expect("wait4(%ld, [{WIFEXITED(s) && WEXITSTATUS(s) == %d}], 0, NULL) = %s", pid, code,
	       res(r));
}

static void clones(void)
{
	int ptid = 0, ctid = 0, pidfd = -1;
	long pid, r;

	pid = syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0);
	if (!pid)
		child_exit(1);
	expect("clone(child_stack=NULL, flags=SIGCHLD) = %ld", pid);
	reap(pid, 1);

	pid = syscall(SYS_clone, CLONE_PARENT_SETTID | SIGCHLD, 0, &ptid, &ctid, 0);
	if (!pid)
		child_exit(2);
	expect("clone(child_stack=NULL, flags=CLONE_PARENT_SETTID|SIGCHLD, parent_tid=[%d]) = %ld",
	       ptid, pid);
	reap(pid, 2);

	pid = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &pidfd, &ctid, 0);
	if (!pid)
		child_exit(3);
	expect("clone(child_stack=NULL, flags=CLONE_PIDFD|SIGCHLD, parent_tid=[%d]) = %ld", pidfd,
	       pid);
	reap(pid, 3);
	close(pidfd);

	pid = syscall(SYS_clone, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, 0, NULL,
		      &ctid, 0);
	if (!pid)
		child_exit(4);
	expect("clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
	       "child_tidptr=%p) = %ld",
	       (void *)&ctid, pid);
	reap(pid, 4);

	/* Refused (CLONE_SIGHAND needs CLONE_VM): the pointers print as addresses. */
	r = syscall(SYS_clone, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0x1000, &ptid, NULL, 0);
	expect("clone(child_stack=0x1000, flags=CLONE_PIDFD|CLONE_PARENT_SETTID|SIGCHLD, "
	       "parent_tid=%p) = %s",
	       (void *)&ptid, res(r));
	r = syscall(SYS_clone, CLONE_SIGHAND | CLONE_SETTLS | SIGCHLD, 0, NULL, NULL, 0x1234);
	expect("clone(child_stack=NULL, flags=CLONE_SIGHAND|CLONE_SETTLS|SIGCHLD, tls=0x1234) = %s",
	       res(r));
	r = syscall(SYS_clone, CLONE_SIGHAND | 0x100000000UL, 0, NULL, NULL, 0);
	expect("clone(child_stack=NULL, flags=CLONE_SIGHAND|0x100000000) = %s", res(r));
	r = syscall(SYS_clone, CLONE_SIGHAND | CLONE_FS | 0x40, 0, NULL, NULL, 0);
	expect("clone(child_stack=NULL, flags=CLONE_FS|CLONE_SIGHAND|SIGRT_32) = %s", res(r));
}

static void clone3s(void)
{
	struct clone_args ca;
	pid_t tids[2] = {0, 0};
	long pid, r;

	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (!pid)
		child_exit(5);
	expect("clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 88) = %ld", pid);
	reap(pid, 5);

	/* What the kernel stored through pidfd and parent_tid, after " => ";
	 * an unwritable parent_tid (the kernel ignores the fault) as its address. */
	int pidfd = -1;
	pid_t ptid = 0;
	ca.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
	ca.pidfd = (uintptr_t)&pidfd;
	ca.parent_tid = (uintptr_t)&ptid;
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (!pid)
		child_exit(6);
	expect("clone3({flags=CLONE_PIDFD|CLONE_PARENT_SETTID, pidfd=%p, parent_tid=%p, "
	       "exit_signal=SIGCHLD, stack=NULL, stack_size=0} => {pidfd=[%d], parent_tid=[%d]}, "
	       "88) = %ld",
	       (void *)&pidfd, (void *)&ptid, pidfd, ptid, pid);
	reap(pid, 6);
	close(pidfd);
	expect("close(%d) = 0", pidfd);
	ca.flags = CLONE_PARENT_SETTID;
	ca.parent_tid = 8;
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (!pid)
		child_exit(7);
	expect(
	    "clone3({flags=CLONE_PARENT_SETTID, parent_tid=0x8, exit_signal=SIGCHLD, stack=NULL, "
	    "stack_size=0} => {parent_tid=0x8}, 88) = %ld",
	    pid);
	reap(pid, 7);
	ca.pidfd = ca.parent_tid = 0;

	/* Every field, refused (CLONE_SIGHAND without CLONE_VM). */
	ca.flags = CLONE_SIGHAND | CLONE_PIDFD | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID |
		   CLONE_PARENT_SETTID | CLONE_SETTLS | CLONE_INTO_CGROUP | CLONE_CLEAR_SIGHAND;
	ca.pidfd = 0x1000;
	ca.child_tid = 0x2000;
	ca.parent_tid = 0x3000;
	ca.exit_signal = 0;
	ca.stack = 0x4000;
	ca.stack_size = 0x5000;
	ca.tls = 0x6000;
	ca.set_tid = (uintptr_t)tids;
	ca.set_tid_size = 2;
	ca.cgroup = 7;
	const char *all = "flags=CLONE_SIGHAND|CLONE_PIDFD|CLONE_SETTLS|CLONE_PARENT_SETTID|"
			  "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|CLONE_CLEAR_SIGHAND|"
			  "CLONE_INTO_CGROUP, pidfd=0x1000, child_tid=0x2000, parent_tid=0x3000, "
			  "exit_signal=0, stack=0x4000, stack_size=0x5000, tls=0x6000";
	r = syscall(SYS_clone3, &ca, sizeof(ca));
	expect("clone3({%s, set_tid=[0, 0], set_tid_size=2, cgroup=7}, 88) = %s", all, res(r));
	r = syscall(SYS_clone3, &ca, 64);
	expect("clone3({%s}, 64) = %s", all, res(r));

	/* cgroup shows when set, even without CLONE_INTO_CGROUP; unknown flag bits. */
	ca.flags = CLONE_SIGHAND | 0x800000000ULL;
	ca.exit_signal = 100;
	ca.set_tid = 0x10;
	ca.set_tid_size = 1;
	r = syscall(SYS_clone3, &ca, sizeof(ca));
	expect("clone3({flags=CLONE_SIGHAND|0x800000000, exit_signal=100, stack=0x4000, "
	       "stack_size=0x5000, set_tid=0x10, set_tid_size=1, cgroup=7}, 88) = %s",
	       res(r));
	r = syscall(SYS_clone3, NULL, sizeof(ca));
	expect("clone3(NULL, 88) = %s", res(r));
	r = syscall(SYS_clone3, (void *)1, sizeof(ca));
	expect("clone3(0x1, 88) = %s", res(r));
	r = syscall(SYS_clone3, &ca, 8);
	expect("clone3(%p, 8) = %s", (void *)&ca, res(r));
}

int main(void)
{
	long pid;

	expect_tids = 1;
	clones();
	clone3s();

	pid = syscall(SYS_fork);
	if (!pid)
		child_exit(6);
	expect("fork() = %ld", pid);
	reap(pid, 6);

	/* The vfork child cannot print: its parent does, for it. */
	pid = vfork();
	if (!pid)
		_exit(7);
	expect("vfork() = %ld", pid);
	expect_tid(pid, "exit_group(7) = ?");
	reap(pid, 7);
	return 0;
}
