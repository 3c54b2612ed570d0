/*
 * Waiting on descriptors: poll and ppoll (pollfd arrays at entry, -s
 * truncation, an array running into unmapped memory, revents and the time
 * left after the return value), select and pselect6 (fd sets, the ready
 * sets and time left at exit, the sigmask pack), epoll_create/create1,
 * epoll_ctl (struct epoll_event) and epoll_wait/pwait/pwait2 on an eventfd
 * (events written by the kernel, shown at exit).
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

/* The kernel's sigset: 64 bits. */
typedef uint64_t ksigset;

static uint64_t bit(int sig)
{
	return 1ULL << (sig - 1);
}

int main(void)
{
	int p[2];
	long r;

	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page + 4096, 4096))
		die("mmap");
	char *bad = page + 4096;
	if (pipe(p) || write(p[1], "x", 1) != 1)
		die("pipe");
	int rd = p[0], wr = p[1];

	/* --- poll */
	struct pollfd pf[40] = {{rd, POLLIN, 0}, {wr, POLLOUT | POLLPRI, 0}, {99, 0x8000, 0}};
	r = syscall(SYS_poll, pf, 3, 100);
	expect("poll([{fd=%d, events=POLLIN}, {fd=%d, events=POLLPRI|POLLOUT}, {fd=99, "
	       "events=POLL_BUSY_LOOP}], 3, 100) = %ld ([{fd=%d, revents=POLLIN}, {fd=%d, "
	       "revents=POLLOUT}, {fd=99, revents=POLLNVAL}])",
	       rd, wr, r, rd, wr);
	r = syscall(SYS_poll, pf, 0, 0);
	expect("poll([], 0, 0) = %ld (Timeout)", r);
	r = syscall(SYS_poll, NULL, 0, 0);
	expect("poll(NULL, 0, 0) = %ld (Timeout)", r);
	r = syscall(SYS_poll, bad, 1, 0);
	expect("poll(%p, 1, 0) = %ld EFAULT (Bad address)", (void *)bad, r);
	pf[0] = (struct pollfd){-1, POLLIN, 0};
	pf[1] = (struct pollfd){rd, 0, 0};
	pf[2] = (struct pollfd){wr, (short)(0x800 | POLLIN), 0};
	pf[3] = (struct pollfd){wr, 0x800, 0};
	r = syscall(SYS_poll, pf, 4, 0);
	expect("poll([{fd=-1}, {fd=%d, events=0}, {fd=%d, events=POLLIN|0x800}, {fd=%d, "
	       "events=0x800 /* POLL??? */}], 4, 0) = %ld (Timeout)",
	       rd, wr, wr, r);
	/* 40 pollfds: -s 32 shows 32 of them; all 20 ready ones follow. */
	for (int i = 0; i < 40; i++)
		pf[i] = (struct pollfd){i % 2 ? rd : wr, POLLIN, 0};
	r = syscall(SYS_poll, pf, 40, 0);
	{
		char in[2048] = "", out[1024] = "";
		size_t k = 0, m = 0;
		for (int i = 0; i < 32; i++)
			k += (size_t)snprintf(in + k, sizeof(in) - k, "{fd=%d, events=POLLIN}, ",
					      pf[i].fd);
		for (int i = 0; i < 20; i++)
			m += (size_t)snprintf(out + m, sizeof(out) - m, "%s{fd=%d, revents=POLLIN}",
					      i ? ", " : "", rd);
		expect("poll([%s...], 40, 0) = %ld ([%s])", in, r, out);
	}
	/* The second pollfd lies in the unmapped page. */
	struct pollfd *edge = (struct pollfd *)(bad - sizeof(struct pollfd));
	*edge = (struct pollfd){rd, POLLIN, 0};
	r = syscall(SYS_poll, edge, 2, 0);
	expect("poll([{fd=%d, events=POLLIN}, ... /* %p */], 2, 0) = %ld EFAULT (Bad address)", rd,
	       (void *)bad, r);

	/* --- ppoll */
	struct timespec ts = {1, 0};
	ksigset mask = bit(SIGUSR1);
	pf[0] = (struct pollfd){rd, POLLIN, 0};
	pf[1] = (struct pollfd){wr, POLLOUT, 0};
	r = syscall(SYS_ppoll, pf, 2, &ts, &mask, 8);
	expect("ppoll([{fd=%d, events=POLLIN}, {fd=%d, events=POLLOUT}], 2, {tv_sec=1, tv_nsec=0}, "
	       "[USR1], 8) = %ld ([{fd=%d, revents=POLLIN}, {fd=%d, revents=POLLOUT}], left "
	       "{tv_sec=%ld, tv_nsec=%ld})",
	       rd, wr, r, rd, wr, (long)ts.tv_sec, ts.tv_nsec);
	r = syscall(SYS_ppoll, pf, 1, NULL, NULL, 8);
	expect(
	    "ppoll([{fd=%d, events=POLLIN}], 1, NULL, NULL, 8) = %ld ([{fd=%d, revents=POLLIN}])",
	    rd, r, rd);
	mask = ~bit(SIGKILL);
	ts = (struct timespec){0, 0};
	r = syscall(SYS_ppoll, NULL, 0, &ts, &mask, 8);
	expect("ppoll(NULL, 0, {tv_sec=0, tv_nsec=0}, ~[KILL], 8) = %ld (Timeout)", r);
	mask = bit(SIGHUP) | bit(34) | bit(64);
	r = syscall(SYS_ppoll, NULL, 0, &ts, &mask, 8);
	expect("ppoll(NULL, 0, {tv_sec=0, tv_nsec=0}, [HUP RT_2 RT_32], 8) = %ld (Timeout)", r);
	r = syscall(SYS_ppoll, NULL, 0, &ts, &mask, 4);
	expect("ppoll(NULL, 0, {tv_sec=0, tv_nsec=0}, %p, 4) = %ld EINVAL (Invalid argument)",
	       (void *)&mask, r);
	r = syscall(SYS_ppoll, NULL, 0, &ts, bad, 8);
	expect("ppoll(NULL, 0, {tv_sec=0, tv_nsec=0}, %p, 8) = %ld EFAULT (Bad address)",
	       (void *)bad, r);
	r = syscall(SYS_ppoll, NULL, 0, bad, NULL, 8);
	expect("ppoll(NULL, 0, %p, NULL, 8) = %ld EFAULT (Bad address)", (void *)bad, r);
	ts = (struct timespec){0, -1};
	r = syscall(SYS_ppoll, NULL, 0, &ts, NULL, 8);
	expect("ppoll(NULL, 0, {tv_sec=0, tv_nsec=18446744073709551615}, NULL, 8) = %ld EINVAL "
	       "(Invalid argument)",
	       r);

	/* --- select, pselect6: the pipe is readable, and writable */
	fd_set in, out;
	struct timeval tv = {1, 0};
	int nfds = (rd > wr ? rd : wr) + 1;
	FD_ZERO(&in);
	FD_ZERO(&out);
	FD_SET(rd, &in);
	FD_SET(wr, &in);
	FD_SET(wr, &out);
	r = syscall(SYS_select, nfds, &in, &out, NULL, &tv);
	expect("select(%d, [%d %d], [%d], NULL, {tv_sec=1, tv_usec=0}) = %ld (in [%d], out [%d], "
	       "left {tv_sec=%ld, tv_usec=%ld})",
	       nfds, rd, wr, wr, r, rd, wr, (long)tv.tv_sec, (long)tv.tv_usec);
	FD_ZERO(&in);
	FD_SET(wr, &in);
	tv = (struct timeval){0, 1000};
	r = syscall(SYS_select, nfds, &in, NULL, NULL, &tv);
	expect("select(%d, [%d], NULL, NULL, {tv_sec=0, tv_usec=1000}) = %ld (Timeout)", nfds, wr,
	       r);
	FD_ZERO(&in);
	FD_SET(rd, &in);
	r = syscall(SYS_select, nfds, &in, NULL, NULL, NULL);
	expect("select(%d, [%d], NULL, NULL, NULL) = %ld (in [%d])", nfds, rd, r, rd);
	/* Bits at or past nfds are not shown. */
	memset(&in, 0xff, sizeof(in));
	tv = (struct timeval){0, 0};
	r = syscall(SYS_select, 3, &in, NULL, NULL, &tv);
	expect("select(3, [0 1 2], NULL, NULL, {tv_sec=0, tv_usec=0}) = %ld{*}", r);
	r = syscall(SYS_select, 0, &in, NULL, NULL, &tv);
	expect("select(0, %p, NULL, NULL, {tv_sec=0, tv_usec=0}) = %ld (Timeout)", (void *)&in, r);
	r = syscall(SYS_select, -1, &in, NULL, NULL, NULL);
	expect("select(-1, %p, NULL, NULL, NULL) = %ld EINVAL (Invalid argument)", (void *)&in, r);
	FD_ZERO(&in);
	r = syscall(SYS_select, nfds, &in, bad, NULL, &tv);
	expect("select(%d, [], %p, NULL, {tv_sec=0, tv_usec=0}) = %ld EFAULT (Bad address)", nfds,
	       (void *)bad, r);
	r = syscall(SYS_select, nfds, &in, NULL, NULL, bad);
	expect("select(%d, [], NULL, NULL, %p) = %ld EFAULT (Bad address)", nfds, (void *)bad, r);

	struct {
		void *ss;
		size_t len;
	} pack = {&mask, 8};
	mask = bit(SIGUSR1);
	ts = (struct timespec){0, 5000};
	FD_ZERO(&in);
	FD_SET(rd, &in);
	r = syscall(SYS_pselect6, nfds, &in, NULL, NULL, &ts, &pack);
	expect("pselect6(%d, [%d], NULL, NULL, {tv_sec=0, tv_nsec=5000}, {sigmask=[USR1], "
	       "sigsetsize=8}) = %ld (in [%d], left {tv_sec=%ld, tv_nsec=%ld})",
	       nfds, rd, r, rd, (long)ts.tv_sec, ts.tv_nsec);
	pack.ss = NULL;
	r = syscall(SYS_pselect6, nfds, &in, NULL, NULL, NULL, &pack);
	expect("pselect6(%d, [%d], NULL, NULL, NULL, {sigmask=NULL, sigsetsize=8}) = %ld (in [%d])",
	       nfds, rd, r, rd);
	r = syscall(SYS_pselect6, nfds, &in, NULL, NULL, NULL, NULL);
	expect("pselect6(%d, [%d], NULL, NULL, NULL, NULL) = %ld (in [%d])", nfds, rd, r, rd);
	r = syscall(SYS_pselect6, nfds, &in, NULL, NULL, NULL, bad);
	expect("pselect6(%d, [%d], NULL, NULL, NULL, %p) = %ld EFAULT (Bad address)", nfds, rd,
	       (void *)bad, r);
	pack.ss = &mask;
	pack.len = 4;
	r = syscall(SYS_pselect6, nfds, &in, NULL, NULL, NULL, &pack);
	expect("pselect6(%d, [%d], NULL, NULL, NULL, {sigmask=%p, sigsetsize=4}) = %ld EINVAL "
	       "(Invalid argument)",
	       nfds, rd, (void *)&mask, r);

	/* --- epoll on an eventfd */
	long ep = syscall(SYS_epoll_create, 1);
	expect("epoll_create(1) = %ld", ep);
	r = syscall(SYS_epoll_create, -5);
	expect("epoll_create(-5) = %ld EINVAL (Invalid argument)", r);
	r = syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
	expect("epoll_create1(EPOLL_CLOEXEC) = %ld", r);
	close(r);
	r = syscall(SYS_epoll_create1, 0x10);
	expect("epoll_create1(0x10 /* EPOLL_??? */) = %ld EINVAL (Invalid argument)", r);
	r = syscall(SYS_epoll_create1, EPOLL_CLOEXEC | 0x10);
	expect("epoll_create1(EPOLL_CLOEXEC|0x10) = %ld EINVAL (Invalid argument)", r);

	long efd = syscall(SYS_eventfd2, 0, 0);
	struct epoll_event ev = {EPOLLIN | EPOLLET, {.u64 = 5}};
	r = syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, efd, &ev);
	expect(
	    "epoll_ctl(%ld, EPOLL_CTL_ADD, %ld, {events=EPOLLIN|EPOLLET, data={u32=5, u64=5}}) = "
	    "%ld",
	    ep, efd, r);
	ev.events = EPOLLOUT | 0x10000000 | 0x800;
	ev.data.u64 = 0x123456789;
	r = syscall(SYS_epoll_ctl, ep, EPOLL_CTL_MOD, efd, &ev);
	expect("epoll_ctl(%ld, EPOLL_CTL_MOD, %ld, {events=EPOLLOUT|EPOLLEXCLUSIVE|0x800, "
	       "data={u32=591751049, u64=4886718345}}) = %ld EINVAL (Invalid argument)",
	       ep, efd, r);
	ev.events = 0x800;
	r = syscall(SYS_epoll_ctl, ep, 9, efd, &ev);
	expect("epoll_ctl(%ld, 0x9 /* EPOLL_CTL_??? */, %ld, {events=0x800 /* EPOLL??? */, "
	       "data={u32=591751049, u64=4886718345}}) = %ld EINVAL (Invalid argument)",
	       ep, efd, r);
	r = syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, efd, NULL);
	expect("epoll_ctl(%ld, EPOLL_CTL_DEL, %ld, NULL) = %ld", ep, efd, r);
	r = syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, efd, &ev);
	expect("epoll_ctl(%ld, EPOLL_CTL_DEL, %ld, %p) = %ld ENOENT (No such file or directory)",
	       ep, efd, (void *)&ev, r);
	r = syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, efd, bad);
	expect("epoll_ctl(%ld, EPOLL_CTL_ADD, %ld, %p) = %ld EFAULT (Bad address)", ep, efd,
	       (void *)bad, r);
	ev = (struct epoll_event){EPOLLIN, {.u64 = 7}};
	r = syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, efd, &ev);
	expect("epoll_ctl(%ld, EPOLL_CTL_ADD, %ld, {events=EPOLLIN, data={u32=7, u64=7}}) = %ld",
	       ep, efd, r);

	struct epoll_event evs[4];
	r = syscall(SYS_epoll_wait, ep, evs, 4, 0);
	expect("epoll_wait(%ld, [], 4, 0) = %ld", ep, r);
	uint64_t one = 1;
	if (write((int)efd, &one, 8) != 8)
		die("eventfd write");
	r = syscall(SYS_epoll_wait, ep, evs, 4, 10);
	expect("epoll_wait(%ld, [{events=EPOLLIN, data={u32=7, u64=7}}], 4, 10) = %ld", ep, r);
	r = syscall(SYS_epoll_pwait, ep, evs, 4, 10, &mask, 8);
	expect("epoll_pwait(%ld, [{events=EPOLLIN, data={u32=7, u64=7}}], 4, 10, [USR1], 8) = %ld",
	       ep, r);
	ts = (struct timespec){0, 100};
	r = syscall(SYS_epoll_pwait2, ep, evs, 4, &ts, NULL, 8);
	expect("epoll_pwait2(%ld, [{events=EPOLLIN, data={u32=7, u64=7}}], 4, {tv_sec=0, "
	       "tv_nsec=100}, NULL, 8) = %ld",
	       ep, r);
	r = syscall(SYS_epoll_pwait2, ep, evs, 4, NULL, &mask, 8);
	expect(
	    "epoll_pwait2(%ld, [{events=EPOLLIN, data={u32=7, u64=7}}], 4, NULL, [USR1], 8) = %ld",
	    ep, r);
	r = syscall(SYS_epoll_wait, ep, evs, -1, 0);
	expect("epoll_wait(%ld, %p, -1, 0) = %ld EINVAL (Invalid argument)", ep, (void *)evs, r);
	r = syscall(SYS_epoll_wait, ep, bad, 4, 0);
	expect("epoll_wait(%ld, %p, 4, 0) = %ld EFAULT (Bad address)", ep, (void *)bad, r);
	return 0;
}
