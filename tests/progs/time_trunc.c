/*
 * Arrays under -s 4: poll shows 4 pollfds then "...", epoll_wait 4 events,
 * futex_waitv 4 waiters, getrandom 4 bytes.  The revents list after poll's
 * return value is cut the same way.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

int main(void)
{
	struct pollfd pf[6];
	char buf[1024];
	size_t k = 0;
	long r;
	int efd = (int)syscall(SYS_eventfd2, 1, 0);

	if (efd < 0)
		die("eventfd");
	for (int i = 0; i < 6; i++)
		pf[i] = (struct pollfd){efd, POLLIN, 0};
	r = syscall(SYS_poll, pf, 6, 0);
	for (int i = 0; i < 4; i++)
		k += (size_t)snprintf(buf + k, sizeof(buf) - k, "{fd=%d, events=POLLIN}, ", efd);
	expect("poll([%s...], 6, 0) = %ld ([{fd=%d, revents=POLLIN}, {fd=%d, revents=POLLIN}, "
	       "{fd=%d, revents=POLLIN}, {fd=%d, revents=POLLIN}, ...])",
	       buf, r, efd, efd, efd, efd);

	int ep = (int)syscall(SYS_epoll_create1, 0);
	int fds[6];
	for (int i = 0; i < 6; i++) {
		fds[i] = dup(efd);
		struct epoll_event ev = {EPOLLIN, {.u64 = (uint64_t)i}};
		if (syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fds[i], &ev))
			die("epoll_ctl");
	}
	struct epoll_event evs[8];
	r = syscall(SYS_epoll_wait, ep, evs, 8, 0);
	k = 0;
	for (int i = 0; i < 4; i++)
		k += (size_t)snprintf(
		    buf + k, sizeof(buf) - k, "{events=EPOLLIN, data={u32=%u, u64=%llu}}, ",
		    (unsigned)evs[i].data.u64, (unsigned long long)evs[i].data.u64);
	expect("epoll_wait(%d, [%s...], 8, 0) = %ld", ep, buf, r);

	static uint32_t f;
	struct futex_waitv w[6];
	for (int i = 0; i < 6; i++)
		w[i] = (struct futex_waitv){1, (uintptr_t)&f, FUTEX_32, 0};
	r = syscall(SYS_futex_waitv, w, 6, 0, NULL, CLOCK_MONOTONIC);
	k = 0;
	for (int i = 0; i < 4; i++)
		k += (size_t)snprintf(buf + k, sizeof(buf) - k,
				      "{val=0x1, uaddr=%p, flags=FUTEX_32}, ", (void *)&f);
	expect("futex_waitv([%s...], 6, 0, NULL, CLOCK_MONOTONIC) = %ld{*}", buf, r);
	return 0;
}
