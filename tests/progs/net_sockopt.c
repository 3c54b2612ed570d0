/*
 * setsockopt and getsockopt: levels and option names per level (unknown
 * ones as strace marks them, getsockopt's own names for shared numbers),
 * values as ints ([1]: any length for int options, exactly 4 bytes for the
 * others), strings, structures (linger, ucred, ip_mreq, ipv6_mreq,
 * group_req, packet_mreq, sock_fprog), SO_ERROR by errno name, the ICMP
 * filter set; getsockopt's length written back ([16 => 4]) and values cut
 * short (hex).  Short lengths, NULL and unreadable pointers.
 */
#include "nettest.h"

#include <linux/filter.h>
#include <linux/icmp.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>

static void set(int s, int s6)
{
	int one = 1;
	long r;

	r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, &one, 4);
	expect("setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, [1], 4) = %s", s, res(r));
	r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, &one, 2);
	expect("setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, %p, 2) = %s", s, (void *)&one, res(r));
	long long wide = 1;
	r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_KEEPALIVE, &wide, 8);
	expect("setsockopt(%d, SOL_SOCKET, SO_KEEPALIVE, [1], 8) = %s", s, res(r));
	r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, NULL, 4);
	expect("setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, NULL, 4) = %s", s, res(r));
	r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, (void *)1, 4);
	expect("setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, 0x1, 4) = %s", s, res(r));
	r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, &one, -1);
	expect("setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, %p, -1) = %s", s, (void *)&one, res(r));

	struct linger lg = {1, 5};
	r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	expect("setsockopt(%d, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) = %s", s, res(r));
	r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_LINGER, &lg, 4);
	expect("setsockopt(%d, SOL_SOCKET, SO_LINGER, %p, 4) = %s", s, (void *)&lg, res(r));
	/* Options without a decoder: an int when exactly 4 bytes, else bytes */
	struct {
		long long sec, usec;
	} tv = {3, 500};
	r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO_OLD, &tv, sizeof(tv));
	expect("setsockopt(%d, SOL_SOCKET, SO_RCVTIMEO_OLD, %s, 16) = %s", s, esc(&tv, 16), res(r));
	r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO_OLD, &one, 4);
	expect("setsockopt(%d, SOL_SOCKET, SO_RCVTIMEO_OLD, [1], 4) = %s", s, res(r));
	r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3);
	expect("setsockopt(%d, SOL_SOCKET, SO_BINDTODEVICE, \"lo\\0\", 3) = %s", s, res(r));
	r = syscall(SYS_setsockopt, s, SOL_SOCKET, 999, &one, 4);
	expect("setsockopt(%d, SOL_SOCKET, 0x3e7 /* SO_??? */, [1], 4) = %s", s, res(r));
	r = syscall(SYS_setsockopt, s, SOL_SOCKET, 0, "abcdefgh", 8);
	expect("setsockopt(%d, SOL_SOCKET, 0 /* SO_??? */, \"abcdefgh\", 8) = %s", s, res(r));
	int txrehash[3] = {1, 255, 2};
	for (int i = 0; i < 3; i++) {
		static const char *const shown[] = {
		    "SOCK_TXREHASH_ENABLED", "SOCK_TXREHASH_DEFAULT", "2 /* SOCK_TXREHASH_??? */"};
		r = syscall(SYS_setsockopt, -1, SOL_SOCKET, SO_TXREHASH, &txrehash[i], 4);
		expect("setsockopt(-1, SOL_SOCKET, SO_TXREHASH, [%s], 4) = %s", shown[i], res(r));
	}
	struct sock_fprog fp = {3, (struct sock_filter *)0x1234};
	r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp));
	expect("setsockopt(%d, SOL_SOCKET, SO_ATTACH_FILTER, {len=3, filter=0x1234}, 16) = %s", s,
	       res(r));

	r = syscall(SYS_setsockopt, s, IPPROTO_TCP, TCP_NODELAY, &one, 4);
	expect("setsockopt(%d, SOL_TCP, TCP_NODELAY, [1], 4) = %s", s, res(r));
	r = syscall(SYS_setsockopt, s, IPPROTO_TCP, TCP_CONGESTION, "reno", 4);
	expect("setsockopt(%d, SOL_TCP, TCP_CONGESTION, [1869505906], 4) = %s", s, res(r));
	r = syscall(SYS_setsockopt, s, IPPROTO_TCP, TCP_CONGESTION, "cubic", 5);
	expect("setsockopt(%d, SOL_TCP, TCP_CONGESTION, \"cubic\", 5) = %s", s, res(r));
	r = syscall(SYS_setsockopt, s, IPPROTO_TCP, 999, &one, 4);
	expect("setsockopt(%d, SOL_TCP, 0x3e7 /* TCP_??? */, [1], 4) = %s", s, res(r));
	r = syscall(SYS_setsockopt, s, IPPROTO_IP, IP_TOS, &one, 4);
	expect("setsockopt(%d, SOL_IP, IP_TOS, [1], 4) = %s", s, res(r));
	r = syscall(SYS_setsockopt, s6, IPPROTO_IPV6, IPV6_V6ONLY, &one, 4);
	expect("setsockopt(%d, SOL_IPV6, IPV6_V6ONLY, [1], 4) = %s", s6, res(r));
	r = syscall(SYS_setsockopt, s, 999, 5, "abcdefgh", 8);
	expect("setsockopt(%d, 0x3e7 /* SOL_?? */, 5, \"abcdefgh\", 8) = %s", s, res(r));
	r = syscall(SYS_setsockopt, -1, SOL_ICMPV6, 1, &one, 4);
	expect("setsockopt(-1, SOL_ICMPV6, 1, [1], 4) = %s", res(r));
	r = syscall(SYS_setsockopt, -1, SOL_NETLINK, 0, "abcdefghijklmnop", 16);
	expect("setsockopt(-1, SOL_NETLINK, 0 /* NETLINK_??? */, [1684234849], 16) = %s", res(r));
	r = syscall(SYS_setsockopt, -1, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &one, 4);
	expect("setsockopt(-1, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, [1], 4) = %s", res(r));
}

static void set_structs(void)
{
	int u = socket(AF_INET, SOCK_DGRAM, 0), u6 = socket(AF_INET6, SOCK_DGRAM, 0);
	long r;

	struct ip_mreqn mr = {.imr_ifindex = 1};
	inet_pton(AF_INET, "224.0.0.251", &mr.imr_multiaddr);
	r = syscall(SYS_setsockopt, u, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr));
	expect(
	    "setsockopt(%d, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr(\"224.0.0.251\"), "
	    "imr_interface=inet_addr(\"0.0.0.0\")}, 12) = %s",
	    u, res(r));
	r = syscall(SYS_setsockopt, u, IPPROTO_IP, IP_DROP_MEMBERSHIP, &mr, 7);
	expect("setsockopt(%d, SOL_IP, IP_DROP_MEMBERSHIP, %p, 7) = %s", u, (void *)&mr, res(r));
	struct ipv6_mreq m6 = {.ipv6mr_interface = 1};
	inet_pton(AF_INET6, "ff02::fb", &m6.ipv6mr_multiaddr);
	r = syscall(SYS_setsockopt, u6, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &m6, sizeof(m6));
	expect("setsockopt(%d, SOL_IPV6, IPV6_ADD_MEMBERSHIP, {inet_pton(AF_INET6, \"ff02::fb\", "
	       "&ipv6mr_multiaddr), ipv6mr_interface=if_nametoindex(\"lo\")}, 20) = %s",
	       u6, res(r));
	r = syscall(SYS_setsockopt, u6, IPPROTO_IPV6, IPV6_DROP_MEMBERSHIP, &m6, 19);
	expect("setsockopt(%d, SOL_IPV6, IPV6_DROP_MEMBERSHIP, %p, 19) = %s", u6, (void *)&m6,
	       res(r));
	struct group_req gr = {.gr_interface = 1};
	struct sockaddr_in *gi = (struct sockaddr_in *)&gr.gr_group;
	gi->sin_family = AF_INET;
	inet_pton(AF_INET, "224.0.0.252", &gi->sin_addr);
	r = syscall(SYS_setsockopt, u, IPPROTO_IP, MCAST_JOIN_GROUP, &gr, sizeof(gr));
	expect("setsockopt(%d, SOL_IP, MCAST_JOIN_GROUP, {gr_interface=if_nametoindex(\"lo\"), "
	       "gr_group={sa_family=AF_INET, sin_port=htons(0), "
	       "sin_addr=inet_addr(\"224.0.0.252\")}}, 136) = %s",
	       u, res(r));
	r = syscall(SYS_setsockopt, u, IPPROTO_IP, MCAST_LEAVE_GROUP, &gr, sizeof(gr) - 1);
	expect("setsockopt(%d, SOL_IP, MCAST_LEAVE_GROUP, %p, 135) = %s", u, (void *)&gr, res(r));
	struct packet_mreq pm = {.mr_ifindex = 1,
				 .mr_type = PACKET_MR_PROMISC,
				 .mr_alen = 6,
				 .mr_address = {1, 2, 3, 4, 5, 0xab}};
	r = syscall(SYS_setsockopt, -1, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &pm, sizeof(pm));
	expect(
	    "setsockopt(-1, SOL_PACKET, PACKET_ADD_MEMBERSHIP, {mr_ifindex=if_nametoindex(\"lo\"), "
	    "mr_type=PACKET_MR_PROMISC, mr_alen=6, mr_address=01:02:03:04:05:ab}, 16) = %s",
	    res(r));
	struct tpacket_req tp = {4096, 4, 2048, 8};
	r = syscall(SYS_setsockopt, -1, SOL_PACKET, PACKET_RX_RING, &tp, sizeof(tp));
	expect("setsockopt(-1, SOL_PACKET, PACKET_RX_RING, {tp_block_size=4096, tp_block_nr=4, "
	       "tp_frame_size=2048, tp_frame_nr=8}, 16) = %s",
	       res(r));
	/* ICMP_FILTER: the types set, or those not set when most are */
	unsigned filters[] = {0, 1u << ICMP_ECHOREPLY | 1u << 6, 0xfffffffe, 0xffffffff};
	static const char *const shown[] = {"[]", "[ICMP_ECHOREPLY 0x6 /* ICMP_??? */]",
					    "~[ICMP_ECHOREPLY]", "~[]"};
	for (int i = 0; i < 4; i++) {
		r = syscall(SYS_setsockopt, -1, SOL_RAW, ICMP_FILTER, &filters[i], 4);
		expect("setsockopt(-1, SOL_RAW, ICMP_FILTER, %s, 4) = %s", shown[i], res(r));
	}
	close(u);
	close(u6);
}

/* getsockopt: the value and the length the kernel wrote */
static void get(int s)
{
	unsigned char buf[256];
	socklen_t len;
	int v;
	long r;

	len = 4;
	r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &v, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_TYPE, [1], [4]) = %s", s, res(r));
	len = 8;
	r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_REUSEADDR, &v, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_REUSEADDR, [%d], [8 => 4]) = %s", s, v, res(r));
	len = 2;
	r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_REUSEADDR, buf, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_REUSEADDR, \"\\x%02x\\x%02x\", [2]) = %s", s, buf[0],
	       buf[1], res(r));
	len = 3;
	r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, buf, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_TYPE, \"\\1\\0\\0\", [3]) = %s", s, res(r));
	len = 0;
	r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_REUSEADDR, buf, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_REUSEADDR, %p, [0]) = %s", s, (void *)buf, res(r));
	len = 16;
	r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_LINGER, buf, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, [16 => 8]) = %s", s,
	       res(r));
	len = 5;
	r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_LINGER, buf, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=\"\\x05\"}, [5]) = %s",
	       s, res(r));
	len = 16;
	r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_RCVTIMEO_OLD, buf, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_RCVTIMEO_OLD, %s, [16]) = %s", s, esc(buf, 16),
	       res(r));
	/* 26 is SO_ATTACH_FILTER to setsockopt, SO_GET_FILTER here */
	len = 16;
	r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_GET_FILTER, buf, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_GET_FILTER, %p, [16 => 0]) = %s", s, (void *)buf,
	       res(r));
	len = 64;
	r = syscall(SYS_getsockopt, s, IPPROTO_TCP, TCP_CONGESTION, buf, &len);
	expect("getsockopt(%d, SOL_TCP, TCP_CONGESTION, %s, [64 => 16]) = %s", s, esc(buf, 16),
	       res(r));
	len = 64;
	r = syscall(SYS_getsockopt, s, IPPROTO_TCP, TCP_INFO, buf, &len);
	expect("getsockopt(%d, SOL_TCP, TCP_INFO, %s..., [64]) = %s", s, esc(buf, 32), res(r));
	len = 4;
	r = syscall(SYS_getsockopt, s, IPPROTO_IP, IP_TTL, &v, &len);
	expect("getsockopt(%d, SOL_IP, IP_TTL, [%d], [4]) = %s", s, v, res(r));
	len = 4;
	r = syscall(SYS_getsockopt, s, IPPROTO_IP, 64, &v, &len);
	expect("getsockopt(%d, SOL_IP, IPT_SO_GET_INFO, %p, [4]) = %s", s, (void *)&v, res(r));
	len = 4;
	r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, NULL, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_TYPE, NULL, [4]) = %s", s, res(r));
	r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &v, NULL);
	expect("getsockopt(%d, SOL_SOCKET, SO_TYPE, %p, NULL) = %s", s, (void *)&v, res(r));
	r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &v, (void *)1);
	expect("getsockopt(%d, SOL_SOCKET, SO_TYPE, %p, 0x1) = %s", s, (void *)&v, res(r));
	len = 4;
	r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, (void *)1, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_TYPE, 0x1, [4]) = %s", s, res(r));
	r = syscall(SYS_getsockopt, 999, SOL_SOCKET, SO_TYPE, &v, &len);
	expect("getsockopt(999, SOL_SOCKET, SO_TYPE, %p, [4]) = %s", (void *)&v, res(r));
	r = syscall(SYS_getsockopt, s, 999, 999, &v, &len);
	expect("getsockopt(%d, 0x3e7 /* SOL_?? */, 999, %p, [4]) = %s", s, (void *)&v, res(r));
}

/* The peer's credentials, whole and cut short */
static void peercred(void)
{
	int sv[2];
	unsigned char buf[64];
	socklen_t len;
	long r;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		die("socketpair");
	len = 12;
	r = syscall(SYS_getsockopt, sv[0], SOL_SOCKET, SO_PEERCRED, buf, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_PEERCRED, {pid=%d, uid=%d, gid=%d}, [12]) = %s",
	       sv[0], getpid(), getuid(), getgid(), res(r));
	len = 64;
	r = syscall(SYS_getsockopt, sv[0], SOL_SOCKET, SO_PEERCRED, buf, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_PEERCRED, {pid=%d, uid=%d, gid=%d}, [64 => 12]) = %s",
	       sv[0], getpid(), getuid(), getgid(), res(r));
	len = 6;
	r = syscall(SYS_getsockopt, sv[0], SOL_SOCKET, SO_PEERCRED, buf, &len);
	expect(
	    "getsockopt(%d, SOL_SOCKET, SO_PEERCRED, {pid=%d, uid=\"\\x%02x\\x%02x\"}, [6]) = %s",
	    sv[0], getpid(), buf[4], buf[5], res(r));
	close(sv[0]);
	close(sv[1]);
}

/* SO_ERROR names the error a failed non-blocking connect left */
static void so_error(void)
{
	int b = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sin = loopback4(0);
	if (bind(b, (struct sockaddr *)&sin, sizeof(sin)))
		die("bind");
	sin = loopback4(local_port(b));
	int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (connect(c, (struct sockaddr *)&sin, sizeof(sin)) && errno == EINPROGRESS) {
		struct pollfd pfd = {c, POLLOUT, 0};
		poll(&pfd, 1, 5000);
	}
	int v;
	socklen_t len = 4;
	long r = syscall(SYS_getsockopt, c, SOL_SOCKET, SO_ERROR, &v, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_ERROR, [%s], [4]) = %s", c,
	       v ? strerrorname_np(v) : "0", res(r));
	len = 4;
	r = syscall(SYS_getsockopt, c, SOL_SOCKET, SO_ERROR, &v, &len);
	expect("getsockopt(%d, SOL_SOCKET, SO_ERROR, [0], [4]) = %s", c, res(r));
	close(c);
	close(b);
}

int main(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), s6 = socket(AF_INET6, SOCK_STREAM, 0);
	if (s < 0 || s6 < 0)
		die("socket");
	set(s, s6);
	set_structs();
	get(s);
	peercred();
	so_error();
	return 0;
}
