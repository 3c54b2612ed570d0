/*
 * AF_UNIX and messages: socketpair, named and abstract addresses, struct
 * msghdr in sendmsg/recvmsg (iovec arrays, received data split over the
 * buffers by the return value, msg_namelen offered and written back),
 * control messages (SCM_RIGHTS passing a descriptor, SCM_CREDENTIALS, a
 * truncated one, unknown levels and types, a tail too short for a header),
 * sendmmsg/recvmmsg (msg_len, the timeout left), bad pointers.
 * Argument: the -s value scry runs with (default 32): buffers and arrays
 * are cut there.
 */
#include "nettest.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/un.h>
#include <time.h>

static unsigned strsize = 32;

/* "data" as strace shows n bytes of it under -s. */
static const char *str(const char *data, size_t n)
{
	static char out[8][160];
	static int slot;
	char *o = out[slot++ % 8];
	size_t shown = n > strsize ? strsize : n;
	snprintf(o, 160, "\"%.*s\"%s", (int)shown, data, shown < n ? "..." : "");
	return o;
}

/* Appends to a growing expected line. */
static char *cat(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *cat(char *buf, const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(buf);
	va_start(ap, fmt);
	vsnprintf(buf + n, 8192 - n, fmt, ap);
	va_end(ap);
	return buf;
}

static void drain(int fd)
{
	char buf[64];
	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

static socklen_t un_len(const char *path)
{
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static void pairs(int sv[2], int dg[2])
{
	long r;

	r = syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv);
	expect("socketpair(AF_UNIX, SOCK_STREAM, 0, [%d, %d]) = %s", sv[0], sv[1], res(r));
	r = syscall(SYS_socketpair, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, dg);
	expect("socketpair(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC, 0, [%d, %d]) = %s", dg[0], dg[1],
	       res(r));
	int tmp[2];
	r = syscall(SYS_socketpair, AF_INET, SOCK_STREAM, 0, tmp);
	expect("socketpair(AF_INET, SOCK_STREAM, 0, %p) = %s", (void *)tmp, res(r));
	r = syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, NULL);
	expect("socketpair(AF_UNIX, SOCK_STREAM, 0, NULL) = %s", res(r));
}

static void named(void)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	struct sockaddr_storage ss;
	socklen_t len;
	long r;

	unlink("net.sock");
	strcpy(sun.sun_path, "net.sock");
	int l = (int)syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	expect("socket(AF_UNIX, SOCK_STREAM, 0) = %d", l);
	r = syscall(SYS_bind, l, &sun, sizeof(sun));
	expect("bind(%d, {sa_family=AF_UNIX, sun_path=\"net.sock\"}, 110) = %s", l, res(r));
	r = syscall(SYS_listen, l, 1);
	expect("listen(%d, 1) = %s", l, res(r));
	len = sizeof(ss);
	r = syscall(SYS_getsockname, l, &ss, &len);
	expect("getsockname(%d, {sa_family=AF_UNIX, sun_path=\"net.sock\"}, [128 => 11]) = %s", l,
	       res(r));
	int c = (int)syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	expect("socket(AF_UNIX, SOCK_STREAM, 0) = %d", c);
	r = syscall(SYS_connect, c, &sun, un_len("net.sock"));
	expect("connect(%d, {sa_family=AF_UNIX, sun_path=\"net.sock\"}, 11) = %s", c, res(r));
	len = sizeof(ss);
	r = syscall(SYS_accept, l, &ss, &len);
	expect("accept(%d, {sa_family=AF_UNIX}, [128 => 2]) = %s", l, res(r));
	close((int)r);
	/* The buffer holds 2 bytes of the 11 the kernel has */
	len = 2;
	r = syscall(SYS_getpeername, c, &ss, &len);
	expect("getpeername(%d, {sa_family=AF_UNIX}, [2 => 11]) = %s", c, res(r));
	close(c);
	close(l);
	unlink("net.sock");

	/* Abstract names start with a NUL; every byte of the length counts */
	memcpy(sun.sun_path, "\0net\0abs", 8);
	r = syscall(SYS_bind, -1, &sun, offsetof(struct sockaddr_un, sun_path) + 8);
	expect("bind(-1, {sa_family=AF_UNIX, sun_path=@\"net\\0abs\"}, 10) = %s", res(r));
	r = syscall(SYS_bind, -1, &sun, offsetof(struct sockaddr_un, sun_path) + 1);
	expect("bind(-1, {sa_family=AF_UNIX, sun_path=@\"\"}, 3) = %s", res(r));
	strcpy(sun.sun_path, "a\nb\"c");
	r = syscall(SYS_connect, -1, &sun, sizeof(sun));
	expect("connect(-1, {sa_family=AF_UNIX, sun_path=\"a\\nb\\\"c\"}, 110) = %s", res(r));
	/* A path filling sun_path without a NUL: 108 bytes, never more */
	memset(sun.sun_path, 'p', sizeof(sun.sun_path));
	char path[128];
	memset(path, 'p', 108);
	path[108] = '\0';
	r = syscall(SYS_connect, -1, &sun, sizeof(sun) + 1);
	expect("connect(-1, {sa_family=AF_UNIX, sun_path=\"%s\"}, 111) = %s", path, res(r));
	r = syscall(SYS_connect, -1, &sun, 2);
	expect("connect(-1, {sa_family=AF_UNIX}, 2) = %s", res(r));
}

/* A descriptor travels over a socketpair; so do the sender's credentials. */
static void rights(int sv[2])
{
	int fd = open("/dev/null", 0);
	char data[] = "hi!";
	struct iovec iov = {data, 3};
	union {
		char buf[CMSG_SPACE(sizeof(int) * 2)];
		struct cmsghdr align;
	} u;
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = CMSG_SPACE(sizeof(int))};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	long r;

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(fd));
	r = syscall(SYS_sendmsg, sv[0], &mh, 0);
	expect(
	    "sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi!\", iov_len=3}], "
	    "msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, "
	    "cmsg_type=SCM_RIGHTS, cmsg_data=[%d]}], msg_controllen=24, msg_flags=0}, 0) = %s",
	    sv[0], fd, res(r));

	char rbuf[64];
	struct iovec riov = {rbuf, sizeof(rbuf)};
	union {
		char buf[256];
		struct cmsghdr align;
	} ru;
	struct msghdr rm = {.msg_iov = &riov,
			    .msg_iovlen = 1,
			    .msg_control = ru.buf,
			    .msg_controllen = sizeof(ru.buf)};
	r = syscall(SYS_recvmsg, sv[1], &rm, MSG_CMSG_CLOEXEC);
	int got;
	memcpy(&got, CMSG_DATA(CMSG_FIRSTHDR(&rm)), sizeof(got));
	expect(
	    "recvmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi!\", iov_len=64}], "
	    "msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, "
	    "cmsg_type=SCM_RIGHTS, cmsg_data=[%d]}], msg_controllen=24, "
	    "msg_flags=MSG_CMSG_CLOEXEC}, MSG_CMSG_CLOEXEC) = %s",
	    sv[1], got, res(r));
	close(got);

	int one = 1;
	r = syscall(SYS_setsockopt, sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
	expect("setsockopt(%d, SOL_SOCKET, SO_PASSCRED, [1], 4) = %s", sv[1], res(r));
	mh.msg_control = NULL;
	mh.msg_controllen = 0;
	r = syscall(SYS_sendmsg, sv[0], &mh, MSG_NOSIGNAL);
	expect(
	    "sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi!\", iov_len=3}], "
	    "msg_iovlen=1, msg_controllen=0, msg_flags=0}, MSG_NOSIGNAL) = %s",
	    sv[0], res(r));
	rm.msg_controllen = sizeof(ru.buf);
	r = syscall(SYS_recvmsg, sv[1], &rm, 0);
	expect(
	    "recvmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi!\", iov_len=64}], "
	    "msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, "
	    "cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=%d, uid=%d, gid=%d}}], "
	    "msg_controllen=32, msg_flags=0}, 0) = %s",
	    sv[1], getpid(), getuid(), getgid(), res(r));

	/* No room for the descriptors after the credentials: MSG_CTRUNC */
	int two[2] = {fd, fd};
	mh.msg_control = u.buf;
	mh.msg_controllen = CMSG_SPACE(sizeof(two));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(two));
	memcpy(CMSG_DATA(cm), two, sizeof(two));
	r = syscall(SYS_sendmsg, sv[0], &mh, 0);
	expect(
	    "sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi!\", iov_len=3}], "
	    "msg_iovlen=1, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, "
	    "cmsg_type=SCM_RIGHTS, cmsg_data=[%d, %d]}], msg_controllen=24, msg_flags=0}, 0) = %s",
	    sv[0], fd, fd, res(r));
	rm.msg_controllen = 20;
	r = syscall(SYS_recvmsg, sv[1], &rm, 0);
	expect(
	    "recvmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi!\", iov_len=64}], "
	    "msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, "
	    "cmsg_type=SCM_CREDENTIALS}], msg_controllen=20, msg_flags=MSG_CTRUNC}, 0) = %s",
	    sv[1], res(r));
	one = 0;
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));

	/* Nothing to read: the length offered is all strace shows */
	struct sockaddr_storage ss;
	rm.msg_name = &ss;
	rm.msg_namelen = sizeof(ss);
	r = syscall(SYS_recvmsg, sv[1], &rm, MSG_DONTWAIT);
	expect("recvmsg(%d, {msg_namelen=128}, MSG_DONTWAIT) = %s", sv[1], res(r));
	r = syscall(SYS_recvmsg, sv[1], (void *)1, MSG_DONTWAIT);
	expect("recvmsg(%d, 0x1, MSG_DONTWAIT) = %s", sv[1], res(r));
	r = syscall(SYS_sendmsg, sv[0], NULL, 0);
	expect("sendmsg(%d, NULL, 0) = %s", sv[0], res(r));
	r = syscall(SYS_sendmsg, sv[0], (void *)1, 0);
	expect("sendmsg(%d, 0x1, 0) = %s", sv[0], res(r));
	close(fd);
}

/* iovec arrays: received data fills the buffers in order */
static void iovecs(int dg[2])
{
	char data[] = "hello world, a long message for truncation";
	char rbuf[64];
	char line[8192];
	long r;
	struct iovec iov[6] = {{data, 5}, {data + 5, 7}, {(void *)1, 0},
			       {NULL, 0}, {data, 1},	 {data + 13, 29}};
	struct msghdr mh = {.msg_iov = iov, .msg_iovlen = 6};
	r = syscall(SYS_sendmsg, dg[0], &mh, 0);
	line[0] = '\0';
	const char *items[6] = {str(data, 5), str(data + 5, 7), "\"\"",
				"NULL",	      str(data, 1),	str(data + 13, 29)};
	for (unsigned i = 0; i < 6 && i < strsize; i++)
		cat(line, "%s{iov_base=%s, iov_len=%zu}", i ? ", " : "", items[i], iov[i].iov_len);
	expect("sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[%s%s], msg_iovlen=6, "
	       "msg_controllen=0, msg_flags=0}, 0) = %s",
	       dg[0], line, strsize < 6 ? ", ..." : "", res(r));

	/* 42 bytes into 3 + 34 + 5 + 20: the last buffer gets none */
	struct iovec riov[4] = {{rbuf, 3}, {rbuf + 3, 34}, {rbuf + 37, 5}, {rbuf + 42, 20}};
	struct msghdr rm = {.msg_iov = riov, .msg_iovlen = 4};
	r = syscall(SYS_recvmsg, dg[1], &rm, 0);
	line[0] = '\0';
	for (unsigned i = 0; i < 4 && i < strsize; i++)
		cat(line, "%s{iov_base=%s, iov_len=%zu}", i ? ", " : "",
		    i < 3 ? str(riov[i].iov_base, riov[i].iov_len) : "\"\"", riov[i].iov_len);
	expect("recvmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[%s%s], msg_iovlen=4, "
	       "msg_controllen=0, msg_flags=0}, 0) = %s",
	       dg[1], line, strsize < 4 ? ", ..." : "", res(r));

	/* A datagram longer than the buffers: MSG_TRUNC */
	mh.msg_iovlen = 1;
	syscall(SYS_sendmsg, dg[0], &mh, 0);
	rm.msg_iovlen = 1;
	r = syscall(SYS_recvmsg, dg[1], &rm, MSG_TRUNC);
	expect("recvmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=%s, iov_len=3}], "
	       "msg_iovlen=1, msg_controllen=0, msg_flags=MSG_TRUNC}, MSG_TRUNC) = %s",
	       dg[1], str(rbuf, 3), res(r));

	mh.msg_iov = (void *)1;
	r = syscall(SYS_sendmsg, dg[0], &mh, 0);
	expect("sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=0x1, msg_iovlen=1, "
	       "msg_controllen=0, msg_flags=0}, 0) = %s",
	       dg[0], res(r));
}

/* Control data strace cannot or need not decode */
static void controls(int dg[2])
{
	char data[] = "x";
	struct iovec iov = {data, 1};
	union {
		char buf[64];
		struct cmsghdr align;
	} u;
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf};
	struct cmsghdr *cm = (struct cmsghdr *)u.buf;
	long r;

	memset(u.buf, 0, sizeof(u.buf));
	mh.msg_control = (void *)1;
	mh.msg_controllen = 20;
	r = syscall(SYS_sendmsg, dg[0], &mh, 0);
	expect("sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], "
	       "msg_iovlen=1, msg_control=0x1, msg_controllen=20, msg_flags=0}, 0) = %s",
	       dg[0], res(r));
	mh.msg_control = u.buf;
	mh.msg_controllen = 10;
	r = syscall(SYS_sendmsg, dg[0], &mh, MSG_DONTWAIT);
	expect("sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], "
	       "msg_iovlen=1, msg_control=%p, msg_controllen=10, msg_flags=0}, MSG_DONTWAIT) = %s",
	       dg[0], (void *)u.buf, res(r));
	/* An unknown level: the type in hex, no payload shown */
	cm->cmsg_len = 19;
	cm->cmsg_level = 99;
	cm->cmsg_type = 5;
	memcpy(u.buf + 16, "abc", 3);
	mh.msg_controllen = 24;
	r = syscall(SYS_sendmsg, -1, &mh, 0);
	expect("sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], "
	       "msg_iovlen=1, msg_control=[{cmsg_len=19, cmsg_level=0x63 /* SOL_??? */, "
	       "cmsg_type=0x5}], msg_controllen=24, msg_flags=0}, 0) = %s",
	       res(r));
	/* An unknown type, a descriptor, then 8 bytes: too few for a header */
	cm->cmsg_len = 16;
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = 99;
	struct cmsghdr *c2 = (struct cmsghdr *)(u.buf + 16);
	c2->cmsg_len = 20;
	c2->cmsg_level = SOL_SOCKET;
	c2->cmsg_type = SCM_RIGHTS;
	int minus1 = -1;
	memcpy(u.buf + 32, &minus1, 4);
	mh.msg_controllen = 48;
	r = syscall(SYS_sendmsg, -1, &mh, 0);
	expect("sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], "
	       "msg_iovlen=1, msg_control=[{cmsg_len=16, cmsg_level=SOL_SOCKET, "
	       "cmsg_type=0x63 /* SCM_??? */}, {cmsg_len=20, cmsg_level=SOL_SOCKET, "
	       "cmsg_type=SCM_RIGHTS, cmsg_data=[-1]}, ... /* %p */], msg_controllen=48, "
	       "msg_flags=0}, 0) = %s",
	       (void *)(u.buf + 40), res(r));
	/* A length past the control buffer ends the list */
	cm->cmsg_len = 200;
	mh.msg_controllen = 24;
	mh.msg_flags = 0x1234;
	r = syscall(SYS_sendmsg, -1, &mh, 0);
	expect("sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], "
	       "msg_iovlen=1, msg_control=[{cmsg_len=200, cmsg_level=SOL_SOCKET, "
	       "cmsg_type=0x63 /* SCM_??? */}], msg_controllen=24, "
	       "msg_flags=MSG_DONTROUTE|MSG_PROBE|MSG_TRUNC|MSG_FIN|MSG_RST}, 0) = %s",
	       res(r));
	drain(dg[1]);
}

/* Datagrams to a named socket: msg_name both ways */
static void names(void)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	struct sockaddr_storage ss;
	char rbuf[16];
	long r;

	unlink("net.dgram");
	strcpy(sun.sun_path, "net.dgram");
	int s = socket(AF_UNIX, SOCK_DGRAM, 0), c = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (bind(s, (struct sockaddr *)&sun, un_len("net.dgram")))
		die("bind");
	struct iovec iov = {"ping", 4};
	struct msghdr mh = {
	    .msg_name = &sun, .msg_namelen = un_len("net.dgram"), .msg_iov = &iov, .msg_iovlen = 1};
	r = syscall(SYS_sendmsg, c, &mh, 0);
	expect("sendmsg(%d, {msg_name={sa_family=AF_UNIX, sun_path=\"net.dgram\"}, msg_namelen=12, "
	       "msg_iov=[{iov_base=\"ping\", iov_len=4}], msg_iovlen=1, msg_controllen=0, "
	       "msg_flags=0}, 0) = %s",
	       c, res(r));
	struct iovec riov = {rbuf, sizeof(rbuf)};
	struct msghdr rm = {
	    .msg_name = &ss, .msg_namelen = sizeof(ss), .msg_iov = &riov, .msg_iovlen = 1};
	r = syscall(SYS_recvmsg, s, &rm, 0);
	/* An unbound sender has an empty address: nothing to decode */
	expect("recvmsg(%d, {msg_name=%p, msg_namelen=128 => 0, "
	       "msg_iov=[{iov_base=\"ping\", iov_len=16}], msg_iovlen=1, msg_controllen=0, "
	       "msg_flags=0}, 0) = %s",
	       s, (void *)&ss, res(r));
	mh.msg_name = (void *)1;
	r = syscall(SYS_sendmsg, c, &mh, 0);
	expect("sendmsg(%d, {msg_name=0x1, msg_namelen=12, msg_iov=[{iov_base=\"ping\", "
	       "iov_len=4}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = %s",
	       c, res(r));
	close(s);
	close(c);
	unlink("net.dgram");
}

static void mmsg(int dg[2])
{
	char data[] = "one two three four";
	struct iovec iov[40];
	struct mmsghdr mm[40];
	char line[8192];
	long r;

	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < 40; i++) {
		iov[i] = (struct iovec){data + 4 * (i % 3), 3};
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	r = syscall(SYS_sendmmsg, dg[0], mm, 3, 0);
	line[0] = '\0';
	for (unsigned i = 0; i < 3 && i < strsize; i++)
		cat(line,
		    "%s{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=%s, "
		    "iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}",
		    i ? ", " : "", str(data + 4 * i, 3));
	expect("sendmmsg(%d, [%s%s], 3, 0) = %s", dg[0], line, strsize < 3 ? ", ..." : "", res(r));

	struct mmsghdr rmm[4];
	char rb[4][16];
	struct iovec ri[4];
	memset(rmm, 0, sizeof(rmm));
	for (int i = 0; i < 4; i++) {
		ri[i] = (struct iovec){rb[i], 16};
		rmm[i].msg_hdr.msg_iov = &ri[i];
		rmm[i].msg_hdr.msg_iovlen = 1;
	}
	r = syscall(SYS_recvmmsg, dg[1], rmm, 4, MSG_DONTWAIT, NULL);
	line[0] = '\0';
	for (unsigned i = 0; i < 3 && i < strsize; i++)
		cat(line,
		    "%s{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=%s, "
		    "iov_len=16}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}",
		    i ? ", " : "", str(data + 4 * i, 3));
	expect("recvmmsg(%d, [%s%s], 4, MSG_DONTWAIT, NULL) = %s", dg[1], line,
	       strsize < 3 ? ", ..." : "", res(r));

	/* One datagram waiting: MSG_WAITFORONE returns it and the time left */
	send(dg[0], "abc", 3, 0);
	struct timespec ts = {5, 0};
	r = syscall(SYS_recvmmsg, dg[1], rmm, 4, MSG_WAITFORONE, &ts);
	expect("recvmmsg(%d, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=%s, "
	       "iov_len=16}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}], 4, "
	       "MSG_WAITFORONE, {tv_sec=5, tv_nsec=0}) = %s (left {tv_sec=%ld, tv_nsec=%ld})",
	       dg[1], str("abc", 3), res(r), (long)ts.tv_sec, ts.tv_nsec);
	struct timespec given = ts;
	r = syscall(SYS_recvmmsg, dg[1], rmm, 4, MSG_DONTWAIT, &ts);
	expect("recvmmsg(%d, %p, 4, MSG_DONTWAIT, {tv_sec=%ld, tv_nsec=%ld}) = %s", dg[1],
	       (void *)rmm, (long)given.tv_sec, given.tv_nsec, res(r));
	r = syscall(SYS_recvmmsg, dg[1], (void *)1, 4, MSG_DONTWAIT, (void *)1);
	expect("recvmmsg(%d, 0x1, 4, MSG_DONTWAIT, 0x1) = %s", dg[1], res(r));

	/* 40 messages: -s elements of the vector */
	r = syscall(SYS_sendmmsg, dg[0], mm, 40, MSG_DONTWAIT);
	line[0] = '\0';
	for (unsigned i = 0; i < 40 && i < strsize; i++)
		cat(line,
		    "%s{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=%s, "
		    "iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}",
		    i ? ", " : "", str(data + 4 * (i % 3), 3));
	expect("sendmmsg(%d, [%s, ...], 40, MSG_DONTWAIT) = %s", dg[0], line, res(r));
	drain(dg[1]);
	/* Failures: the vector as given, no msg_len */
	r = syscall(SYS_sendmmsg, -1, mm, 1, 0);
	expect("sendmmsg(-1, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=%s, "
	       "iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}}], 1, 0) = %s",
	       str(data, 3), res(r));
	r = syscall(SYS_sendmmsg, dg[0], (void *)1, 2, 0);
	expect("sendmmsg(%d, 0x1, 2, 0) = %s", dg[0], res(r));
	r = syscall(SYS_sendmmsg, dg[0], NULL, 0, 0);
	expect("sendmmsg(%d, NULL, 0, 0) = %s", dg[0], res(r));
	r = syscall(SYS_sendmmsg, dg[0], mm, 0, 0);
	expect("sendmmsg(%d, [], 0, 0) = %s", dg[0], res(r));
}

/* Descriptors over a stream: more than -s of them */
static void many_fds(int sv[2])
{
	int fds[40];
	char line[8192];
	union {
		char buf[CMSG_SPACE(sizeof(fds))];
		struct cmsghdr align;
	} u;
	struct iovec iov = {"z", 1};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = sizeof(u.buf)};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	for (int i = 0; i < 40; i++)
		fds[i] = 0;
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(cm), fds, sizeof(fds));
	long r = syscall(SYS_sendmsg, sv[0], &mh, 0);
	line[0] = '\0';
	for (unsigned i = 0; i < 40 && i < strsize; i++)
		cat(line, "%s0", i ? ", " : "");
	expect("sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"z\", iov_len=1}], "
	       "msg_iovlen=1, msg_control=[{cmsg_len=176, cmsg_level=SOL_SOCKET, "
	       "cmsg_type=SCM_RIGHTS, cmsg_data=[%s, ...]}], msg_controllen=176, msg_flags=0}, 0) "
	       "= %s",
	       sv[0], line, res(r));
}

int main(int argc, char **argv)
{
	int sv[2], dg[2];

	if (argc > 1)
		strsize = (unsigned)atoi(argv[1]);
	pairs(sv, dg);
	named();
	rights(sv);
	iovecs(dg);
	controls(dg);
	names();
	mmsg(dg);
	many_fds(sv);
	return 0;
}
