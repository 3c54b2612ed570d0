/*
 * Helpers shared by the net_*.c test programs: how strace shows a result,
 * a byte string, a loopback address.  Everything is loopback: 127.0.0.1,
 * ::1 and AF_UNIX names in the test's own directory; ports come from the
 * kernel (bind to port 0, then getsockname).
 */
#ifndef NETTEST_H
#define NETTEST_H
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

#define EFAULT_S "-1 EFAULT (Bad address)"
#define EINVAL_S "-1 EINVAL (Invalid argument)"
#define EBADF_S	 "-1 EBADF (Bad file descriptor)"

/* The result column for r, with errno as the syscall left it: "3", or
 * "-1 EAGAIN (Resource temporarily unavailable)". */
static inline const char *res(long r)
{
	static char out[8][128];
	static int slot;
	char *o = out[slot++ % 8];
	if (r >= 0)
		snprintf(o, 128, "%ld", r);
	else
		snprintf(o, 128, "-1 %s (%s)", strerrorname_np(errno), strerror(errno));
	return o;
}

/* n bytes as a C string literal, escaped the way strace escapes them. */
static inline const char *esc(const void *data, size_t n)
{
	static char out[8][1024];
	static int slot;
	const unsigned char *s = data;
	char *o = out[slot++ % 8], *p = o;
	*p++ = '"';
	for (size_t i = 0; i < n && p < o + 1000; i++) {
		unsigned char c = s[i];
		const char *e = c ? strchr("\"\"\\\\\tt\nn\vv\ff\rr", c) : NULL;
		if (e && (e - "\"\"\\\\\tt\nn\vv\ff\rr") % 2 == 0) {
			*p++ = '\\';
			*p++ = e[1];
		} else if (c >= ' ' && c < 0x7f) {
			*p++ = (char)c;
		} else if ((i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7') || c >= 0100) {
			p += sprintf(p, "\\%03o", c);
		} else {
			p += sprintf(p, "\\%o", c);
		}
	}
	*p++ = '"';
	*p = '\0';
	return o;
}

/* A page followed by an unmapped one: data placed at its end runs into
 * memory nobody can read. */
static inline char *page_before_hole(void)
{
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page + 4096, 4096))
		die("mmap");
	return page;
}

static inline struct sockaddr_in loopback4(unsigned port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(port)};
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

/* The port the kernel gave fd. */
static inline unsigned local_port(int fd)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	if (getsockname(fd, (struct sockaddr *)&sin, &len))
		die("getsockname");
	return ntohs(sin.sin_port);
}

/* How strace shows a loopback AF_INET address. */
static inline const char *addr4(unsigned port)
{
	static char out[4][128];
	static int slot;
	char *o = out[slot++ % 4];
	snprintf(o, 128,
		 "{sa_family=AF_INET, sin_port=htons(%u), sin_addr=inet_addr(\"127.0.0.1\")}",
		 port);
	return o;
}

#endif
