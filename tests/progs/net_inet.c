/*
 * AF_INET and AF_INET6 on loopback: socket (types, SOCK_* flags, protocols
 * per family), bind, listen, getsockname, connect, accept/accept4,
 * getpeername (addresses written back: [128 => 16]), sendto/recvfrom,
 * shutdown.  The seed story's two failures: a second UDP bind to a port in
 * use (EADDRINUSE) and a connect to a loopback port nobody listens on
 * (ECONNREFUSED).  Also NULL and unreadable pointers, short and huge
 * lengths, unknown flag bits.
 */
#include "nettest.h"

#include <linux/if_ether.h>
#include <linux/netlink.h>

static void sockets(void)
{
	long r;

	r = syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_TCP);
	expect("socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_TCP) = %s", res(r));
	close((int)r);
	r = syscall(SYS_socket, AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
	expect("socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP) = %s", res(r));
	close((int)r);
	r = syscall(SYS_socket, AF_UNIX, SOCK_SEQPACKET, 0);
	expect("socket(AF_UNIX, SOCK_SEQPACKET, 0) = %s", res(r));
	close((int)r);
	r = syscall(SYS_socket, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	expect("socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = %s", res(r));
	close((int)r);
	r = syscall(SYS_socket, AF_NETLINK, SOCK_RAW, 99);
	expect("socket(AF_NETLINK, SOCK_RAW, 0x63 /* NETLINK_??? */) = %s", res(r));
	/* AF_PACKET needs CAP_NET_RAW: the line is the same either way */
	r = syscall(SYS_socket, AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	expect("socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP)) = %s", res(r));
	close((int)r);
	r = syscall(SYS_socket, AF_PACKET, 0, htons(0x1234));
	expect("socket(AF_PACKET, 0, htons(0x1234 /* ETH_P_??? */)) = %s", res(r));
	r = syscall(SYS_socket, 9999, 77, 1234);
	expect("socket(0x270f /* AF_??? */, 0x4d /* SOCK_??? */, 1234) = %s", res(r));
	r = syscall(SYS_socket, AF_INET, SOCK_STREAM | 0x100000, 0);
	expect("socket(AF_INET, SOCK_STREAM|0x100000 /* SOCK_??? */, IPPROTO_IP) = %s", res(r));
	r = syscall(SYS_socket, AF_INET, 0x7ffffff0 | SOCK_CLOEXEC, 0x4d2);
	expect(
	    "socket(AF_INET, SOCK_CLOEXEC|SOCK_NONBLOCK|0x7ff7f7f0, 0x4d2 /* IPPROTO_??? */) = %s",
	    res(r));
	r = syscall(SYS_socket, -1L, -1L, -1L);
	expect("socket(0xffffffff /* AF_??? */, SOCK_CLOEXEC|SOCK_NONBLOCK|0xfff7f7ff, "
	       "18446744073709551615) = %s",
	       res(r));
	/* The upper halves of the registers are not the kernel's */
	r = syscall(SYS_socket, 0x100000002L, 0x100000002L, 0x100000000L);
	expect("socket(AF_INET, SOCK_DGRAM, 4294967296) = %s", res(r));
	close((int)r);
}

/* The seed story: the port is still taken by the first socket. */
static void udp_rebind(void)
{
	struct sockaddr_in sin = loopback4(0);
	long r;
	int fd = (int)syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	expect("socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = %d", fd);
	r = syscall(SYS_bind, fd, &sin, sizeof(sin));
	expect("bind(%d, %s, 16) = %s", fd, addr4(0), res(r));
	socklen_t len = 128;
	struct sockaddr_storage ss;
	r = syscall(SYS_getsockname, fd, &ss, &len);
	unsigned port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	expect("getsockname(%d, %s, [128 => 16]) = %s", fd, addr4(port), res(r));

	int fd2 = (int)syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	expect("socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = %d", fd2);
	sin = loopback4(port);
	r = syscall(SYS_bind, fd2, &sin, sizeof(sin));
	if (r == 0)
		die("second bind succeeded");
	expect("bind(%d, %s, 16) = -1 EADDRINUSE (Address already in use)", fd2, addr4(port));

	/* Datagrams with addresses both ways */
	r = syscall(SYS_sendto, fd2, "ping", 4, 0, &sin, sizeof(sin));
	expect("sendto(%d, \"ping\", 4, 0, %s, 16) = %s", fd2, addr4(port), res(r));
	unsigned from = local_port(fd2);
	char buf[64];
	len = 128;
	r = syscall(SYS_recvfrom, fd, buf, sizeof(buf), 0, &ss, &len);
	expect("recvfrom(%d, \"ping\", 64, 0, %s, [128 => 16]) = %s", fd, addr4(from), res(r));
	r = syscall(SYS_recvfrom, fd, buf, sizeof(buf), MSG_DONTWAIT, &ss, &len);
	expect("recvfrom(%d, %p, 64, MSG_DONTWAIT, %p, [16]) = %s", fd, (void *)buf, (void *)&ss,
	       res(r));
	r = syscall(SYS_recvfrom, fd, buf, sizeof(buf), MSG_DONTWAIT, &ss, NULL);
	expect("recvfrom(%d, %p, 64, MSG_DONTWAIT, %p, NULL) = %s", fd, (void *)buf, (void *)&ss,
	       res(r));
	r = syscall(SYS_recvfrom, fd, buf, sizeof(buf), MSG_DONTWAIT, NULL, &len);
	expect("recvfrom(%d, %p, 64, MSG_DONTWAIT, NULL, %p) = %s", fd, (void *)buf, (void *)&len,
	       res(r));
	r = syscall(SYS_sendto, fd, "abc", 3, 0x10000000, NULL, 0);
	expect("sendto(%d, \"abc\", 3, 0x10000000 /* MSG_??? */, NULL, 0) = %s", fd, res(r));
	r = syscall(SYS_sendto, fd, "abc", 3, 0xf0000000, NULL, 16);
	expect("sendto(%d, \"abc\", 3, MSG_FASTOPEN|MSG_CMSG_CLOEXEC|MSG_CMSG_COMPAT|0x10000000, "
	       "NULL, 16) = %s",
	       fd, res(r));
	r = syscall(SYS_sendto, fd, "abc", 3, 0, buf, 1);
	expect("sendto(%d, \"abc\", 3, 0, %p, 1) = %s", fd, (void *)buf, res(r));
	r = syscall(SYS_sendto, fd, (void *)1, 3, 0, NULL, 0);
	expect("sendto(%d, 0x1, 3, 0, NULL, 0) = %s", fd, res(r));
	r = syscall(SYS_accept, fd, &ss, &len);
	expect("accept(%d, %p, [16]) = %s", fd, (void *)&ss, res(r));
	close(fd);
	close(fd2);
}

static void tcp(void)
{
	struct sockaddr_in sin = loopback4(0);
	struct sockaddr_storage ss;
	socklen_t len;
	char buf[64];
	long r;

	int l = (int)syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	expect("socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = %d", l);
	r = syscall(SYS_bind, l, &sin, sizeof(sin));
	expect("bind(%d, %s, 16) = %s", l, addr4(0), res(r));
	r = syscall(SYS_listen, l, 5);
	expect("listen(%d, 5) = %s", l, res(r));
	len = 16;
	r = syscall(SYS_getsockname, l, &sin, &len);
	unsigned port = ntohs(sin.sin_port);
	expect("getsockname(%d, %s, [16]) = %s", l, addr4(port), res(r));

	int c = (int)syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	expect("socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = %d", c);
	r = syscall(SYS_connect, c, &sin, sizeof(sin));
	expect("connect(%d, %s, 16) = %s", c, addr4(port), res(r));
	unsigned cport = local_port(c);
	len = sizeof(ss);
	int a = (int)syscall(SYS_accept, l, &ss, &len);
	expect("accept(%d, %s, [128 => 16]) = %d", l, addr4(cport), a);
	/* A buffer too short: the first 8 bytes, shown as sa_data */
	len = 8;
	r = syscall(SYS_getpeername, a, &ss, &len);
	unsigned char raw[8];
	memcpy(raw, &ss, 8);
	expect("getpeername(%d, {sa_family=AF_INET, sa_data=%s}, [8 => 16]) = %s", a,
	       esc(raw + 2, 6), res(r));
	len = 0;
	r = syscall(SYS_getpeername, a, &ss, &len);
	expect("getpeername(%d, %p, [0 => 16]) = %s", a, (void *)&ss, res(r));

	r = syscall(SYS_sendto, c, "hello", 5, MSG_DONTWAIT | MSG_NOSIGNAL, NULL, 0);
	expect("sendto(%d, \"hello\", 5, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0) = %s", c, res(r));
	len = sizeof(ss);
	r = syscall(SYS_recvfrom, a, buf, sizeof(buf), MSG_PEEK, &ss, &len);
	expect("recvfrom(%d, \"hello\", 64, MSG_PEEK, %p, [128 => 0]) = %s", a, (void *)&ss,
	       res(r));
	r = syscall(SYS_recvfrom, a, buf, 2, 0, NULL, NULL);
	expect("recvfrom(%d, \"he\", 2, 0, NULL, NULL) = %s", a, res(r));
	r = syscall(SYS_recvfrom, a, buf, sizeof(buf), 0, NULL, NULL);
	expect("recvfrom(%d, \"llo\", 64, 0, NULL, NULL) = %s", a, res(r));
	r = syscall(SYS_recvfrom, a, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL);
	expect("recvfrom(%d, %p, 64, MSG_DONTWAIT, NULL, NULL) = %s", a, (void *)buf, res(r));

	r = syscall(SYS_accept4, l, NULL, NULL, 0x1234);
	expect("accept4(%d, NULL, NULL, 0x1234 /* SOCK_??? */) = %s", l, res(r));
	int c2 = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(c2, (struct sockaddr *)&sin, sizeof(sin)))
		die("connect");
	r = syscall(SYS_accept4, l, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	expect("accept4(%d, NULL, NULL, SOCK_CLOEXEC|SOCK_NONBLOCK) = %s", l, res(r));
	close((int)r);
	close(c2);

	r = syscall(SYS_shutdown, c, SHUT_WR);
	expect("shutdown(%d, SHUT_WR) = %s", c, res(r));
	r = syscall(SYS_shutdown, c, 0x100000000L | SHUT_RD);
	expect("shutdown(%d, SHUT_RD) = %s", c, res(r));
	r = syscall(SYS_shutdown, c, 7);
	expect("shutdown(%d, 0x7 /* SHUT_??? */) = %s", c, res(r));
	r = syscall(SYS_listen, c, -1);
	expect("listen(%d, -1) = %s", c, res(r));
	close(a);
	close(c);

	/* ECONNREFUSED: the port is bound, but nobody listens on it */
	int b = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in any = loopback4(0);
	if (bind(b, (struct sockaddr *)&any, sizeof(any)))
		die("bind");
	unsigned closed = local_port(b);
	int s = (int)syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	expect("socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = %d", s);
	sin = loopback4(closed);
	r = syscall(SYS_connect, s, &sin, sizeof(sin));
	if (r == 0 || errno != ECONNREFUSED)
		die("connect to a closed port");
	expect("connect(%d, %s, 16) = -1 ECONNREFUSED (Connection refused)", s, addr4(closed));
	close(s);
	close(b);
	close(l);
}

static void ipv6(void)
{
	struct sockaddr_in6 s6 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	long r;
	int fd = (int)syscall(SYS_socket, AF_INET6, SOCK_DGRAM, 0);
	expect("socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP) = %s", res(fd));
	r = syscall(SYS_bind, fd, &s6, sizeof(s6));
	expect("bind(%d, {sa_family=AF_INET6, sin6_port=htons(0), sin6_flowinfo=htonl(0), "
	       "inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = %s",
	       fd, res(r));
	s6.sin6_port = htons(443);
	s6.sin6_flowinfo = htonl(5);
	s6.sin6_scope_id = 3;
	r = syscall(SYS_connect, -1, &s6, 24);
	expect("connect(-1, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(5), "
	       "inet_pton(AF_INET6, \"::1\", &sin6_addr)}, 24) = %s",
	       res(r));
	inet_pton(AF_INET6, "::ffff:1.2.3.4", &s6.sin6_addr);
	r = syscall(SYS_connect, -1, &s6, sizeof(s6));
	expect("connect(-1, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(5), "
	       "inet_pton(AF_INET6, \"::ffff:1.2.3.4\", &sin6_addr), sin6_scope_id=3}, 28) = %s",
	       res(r));
	/* A link-local address names its interface: lo is index 1 */
	inet_pton(AF_INET6, "fe80::1", &s6.sin6_addr);
	s6.sin6_scope_id = 1;
	r = syscall(SYS_connect, -1, &s6, sizeof(s6));
	expect("connect(-1, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(5), "
	       "inet_pton(AF_INET6, \"fe80::1\", &sin6_addr), "
	       "sin6_scope_id=if_nametoindex(\"lo\")}, 28) = %s",
	       res(r));
	close(fd);
}

/* Addresses the kernel cannot or must not read */
static void bad_addresses(void)
{
	struct sockaddr_in sin = loopback4(3001);
	char *page = page_before_hole();
	long r;

	r = syscall(SYS_bind, -1, NULL, 16);
	expect("bind(-1, NULL, 16) = %s", res(r));
	r = syscall(SYS_bind, -1, (void *)1, 16);
	expect("bind(-1, 0x1, 16) = %s", res(r));
	r = syscall(SYS_bind, -1, &sin, 1);
	expect("bind(-1, %p, 1) = %s", (void *)&sin, res(r));
	r = syscall(SYS_bind, -1, &sin, -1);
	expect("bind(-1, %p, -1) = %s", (void *)&sin, res(r));
	r = syscall(SYS_bind, -1, &sin, 2);
	expect("bind(-1, {sa_family=AF_INET}, 2) = %s", res(r));
	r = syscall(SYS_bind, -1, &sin, 8);
	expect("bind(-1, {sa_family=AF_INET, sa_data=\"\\v\\271\\177\\0\\0\\1\"}, 8) = %s", res(r));
	r = syscall(SYS_bind, -1, &sin, 0x100000000L | 200);
	expect("bind(-1, %s, 200) = %s", addr4(3001), res(r));
	/* All of the address or nothing: 16 bytes readable of 20 */
	memcpy(page + 4096 - 16, &sin, 16);
	r = syscall(SYS_connect, -1, page + 4096 - 16, 16);
	expect("connect(-1, %s, 16) = %s", addr4(3001), res(r));
	r = syscall(SYS_connect, -1, page + 4096 - 16, 20);
	expect("connect(-1, %p, 20) = %s", (void *)(page + 4096 - 16), res(r));

	socklen_t len = 16;
	struct sockaddr_storage ss;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	r = syscall(SYS_getsockname, fd, NULL, &len);
	expect("getsockname(%d, NULL, %p) = %s", fd, (void *)&len, res(r));
	r = syscall(SYS_getsockname, fd, &ss, NULL);
	expect("getsockname(%d, %p, NULL) = %s", fd, (void *)&ss, res(r));
	r = syscall(SYS_getsockname, fd, &ss, (void *)1);
	expect("getsockname(%d, %p, 0x1) = %s", fd, (void *)&ss, res(r));
	r = syscall(SYS_getsockname, fd, (void *)1, &len);
	expect("getsockname(%d, 0x1, [16]) = %s", fd, res(r));
	len = -1;
	r = syscall(SYS_getsockname, fd, &ss, &len);
	expect("getsockname(%d, %p, [-1]) = %s", fd, (void *)&ss, res(r));
	r = syscall(SYS_getpeername, 999, &ss, &len);
	expect("getpeername(999, %p, [-1]) = %s", (void *)&ss, res(r));
	close(fd);
}

int main(void)
{
	sockets();
	udp_rebind();
	tcp();
	ipv6();
	bad_addresses();
	return 0;
}
