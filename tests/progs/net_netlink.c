/*
 * Netlink messages in socket data (src/syscalls/netlink.c): messages crafted
 * here go from one NETLINK_ROUTE socket to another (a unicast to a user
 * port id, which the kernel passes on unread), so sendto and recvfrom show
 * the same bytes: the nlmsghdr, several messages in one buffer, NLMSG_DONE
 * and NLMSG_ERROR payloads, struct ifaddrmsg and ifinfomsg with attributes,
 * lengths that overrun the buffer, attributes cut short.  Then two real
 * exchanges with the kernel: an unknown type (NLMSG_ERROR -EOPNOTSUPP with
 * the request copied) and an acknowledged NLMSG_NOOP.  The lines are strace
 * 6.1's.  Argument: the -s value scry runs with, 32 (default) or 2; with 2
 * only the cases whose abbreviation is checked here are expected.
 */
#include "nettest.h"

#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

static int a, b, s2;
static unsigned pb;
static unsigned char buf[4096] __attribute__((aligned(8)));
static size_t n;

static void *put(const void *p, size_t len)
{
	void *d = buf + n;
	memcpy(d, p, len);
	n += len;
	return d;
}

static void pad(void)
{
	while (n % 4)
		buf[n++] = 0;
}

static struct nlmsghdr *hdr(uint32_t len, uint16_t type, uint16_t flags, uint32_t seq, uint32_t pid)
{
	struct nlmsghdr h = {len, type, flags, seq, pid};
	return put(&h, sizeof(h));
}

static void attr(uint16_t type, const void *data, size_t len)
{
	struct nlattr na = {(uint16_t)(NLA_HDRLEN + len), type};
	put(&na, sizeof(na));
	put(data, len);
	pad();
}

static void fix(struct nlmsghdr *h)
{
	h->nlmsg_len = (uint32_t)(buf + n - (unsigned char *)h);
}

/* Sends the buffer from a to b and receives it: both show `shown` (the -s 32
 * form), or `shown2` under -s 2 (NULL: not checked there). */
static void xfer(const char *shown, const char *shown2)
{
	struct sockaddr_nl to = {.nl_family = AF_NETLINK, .nl_pid = pb};
	unsigned char r[4096];
	const char *s = s2 ? shown2 : shown;
	long rs = syscall(SYS_sendto, a, buf, n, 0, &to, sizeof(to));
	if (s)
		expect("sendto(%d, %s, %zu, 0, {sa_family=AF_NETLINK, nl_pid=%d, "
		       "nl_groups=00000000}, 12) = %s",
		       a, s, n, (int)pb, res(rs));
	long rr = syscall(SYS_recvfrom, b, r, sizeof(r), 0, NULL, NULL);
	if (rr != rs)
		die("recvfrom: %ld, sent %ld", rr, rs);
	if (s)
		expect("recvfrom(%d, %s, %zu, 0, NULL, NULL) = %s", b, s, sizeof(r), res(rr));
	n = 0;
}

static unsigned portid(int fd)
{
	struct sockaddr_nl sa;
	socklen_t l = sizeof(sa);
	if (getsockname(fd, (struct sockaddr *)&sa, &l))
		die("getsockname");
	return sa.nl_pid;
}

static void setup(void)
{
	struct sockaddr_nl me = {.nl_family = AF_NETLINK};
	a = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	b = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (a < 0 || b < 0)
		exit(77);
	/* Not bound yet: no table lists the socket, so its protocol is not
	 * known and types from 16 up have no names. */
	struct sockaddr_nl to = {.nl_family = AF_NETLINK, .nl_pid = 0x7ffffff0};
	hdr(16, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 1, 0);
	long r = syscall(SYS_sendto, a, buf, n, 0, &to, sizeof(to));
	expect("sendto(%d, {nlmsg_len=16, nlmsg_type=0x16 /* NLMSG_??? */, "
	       "nlmsg_flags=NLM_F_REQUEST|0x300, nlmsg_seq=1, nlmsg_pid=0}, 16, 0, "
	       "{sa_family=AF_NETLINK, nl_pid=2147483632, nl_groups=00000000}, 12) = %s",
	       a, res(r));
	n = 0;
	/* the send bound a (autobind) */
	if ((!portid(a) && bind(a, (struct sockaddr *)&me, sizeof(me))) ||
	    bind(b, (struct sockaddr *)&me, sizeof(me)))
		die("bind");
	pb = portid(b);
}

static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
	static char out[8][4096];
	static int slot;
	char *o = out[slot++ % 8];
	va_list ap;
	va_start(ap, f);
	vsnprintf(o, 4096, f, ap);
	va_end(ap);
	return o;
}

#define IFA_LO                                                                                     \
	"{ifa_family=AF_INET, ifa_prefixlen=8, ifa_flags=IFA_F_PERMANENT, "                        \
	"ifa_scope=RT_SCOPE_HOST, ifa_index=if_nametoindex(\"lo\")}"

static void addrs(void)
{
	struct rtgenmsg g = {AF_UNSPEC};
	struct in_addr lo = {htonl(INADDR_LOOPBACK)}, bc = {htonl(0x7fffffff)};
	struct ifaddrmsg ifa = {AF_INET, 8, IFA_F_PERMANENT, RT_SCOPE_HOST, 1};
	struct ifa_cacheinfo ci = {4294967295u, 4294967295u, 26, 27};
	uint32_t fl = IFA_F_PERMANENT | IFA_F_NOPREFIXROUTE | 0x10000000, prio = 254;
	unsigned char proto = 1;

	/* what getaddrinfo (AI_ADDRCONFIG) asks */
	struct nlmsghdr *h = hdr(20, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 7, 0);
	put(&g, 1);
	pad();
	xfer("[{nlmsg_len=20, nlmsg_type=RTM_GETADDR, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, "
	     "nlmsg_seq=7, nlmsg_pid=0}, {ifa_family=AF_UNSPEC, ...}]",
	     "[{nlmsg_len=20, nlmsg_type=RTM_GETADDR, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, "
	     "nlmsg_seq=7, nlmsg_pid=0}, {ifa_family=AF_UNSPEC, ...}]");

	/* and what the kernel answers, every attribute kind */
	h = hdr(0, RTM_NEWADDR, NLM_F_MULTI, 7, pb);
	put(&ifa, sizeof(ifa));
	attr(IFA_ADDRESS, &lo, 4);
	attr(IFA_LOCAL, &lo, 4);
	attr(IFA_BROADCAST, &bc, 4);
	attr(IFA_LABEL, "lo", 3);
	attr(IFA_FLAGS, &fl, 4);
	attr(IFA_CACHEINFO, &ci, sizeof(ci));
	attr(0x7f, "\1\2\3", 3);
	attr(IFA_PROTO, &proto, 1);
	attr(IFA_RT_PRIORITY, &prio, 4);
	attr(IFA_LABEL, "a\"b\n", 4);
	fix(h);
	xfer(fmt("[{nlmsg_len=116, nlmsg_type=RTM_NEWADDR, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=7, "
		 "nlmsg_pid=%d}, " IFA_LO ", [[{nla_len=8, nla_type=IFA_ADDRESS}, "
		 "inet_addr(\"127.0.0.1\")], [{nla_len=8, nla_type=IFA_LOCAL}, "
		 "inet_addr(\"127.0.0.1\")], [{nla_len=8, nla_type=IFA_BROADCAST}, "
		 "inet_addr(\"127.255.255.255\")], [{nla_len=7, nla_type=IFA_LABEL}, \"lo\"], "
		 "[{nla_len=8, nla_type=IFA_FLAGS}, "
		 "IFA_F_PERMANENT|IFA_F_NOPREFIXROUTE|0x10000000], "
		 "[{nla_len=20, nla_type=IFA_CACHEINFO}, {ifa_prefered=4294967295, "
		 "ifa_valid=4294967295, cstamp=26, tstamp=27}], [{nla_len=7, nla_type=0x7f /* "
		 "IFA_??? */}, \"\\x01\\x02\\x03\"], [{nla_len=5, nla_type=IFA_PROTO}, \"\\x01\"], "
		 "[{nla_len=8, nla_type=IFA_RT_PRIORITY}, 254], [{nla_len=8, nla_type=IFA_LABEL}, "
		 "\"a\\\"b\\n\"...]]]",
		 (int)pb),
	     fmt("[{nlmsg_len=116, nlmsg_type=RTM_NEWADDR, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=7, "
		 "nlmsg_pid=%d}, " IFA_LO ", [[{nla_len=8, nla_type=IFA_ADDRESS}, "
		 "inet_addr(\"127.0.0.1\")], [{nla_len=8, nla_type=IFA_LOCAL}, "
		 "inet_addr(\"127.0.0.1\")], ...]]",
		 (int)pb));

	/* IPv6, attributes too short for their decoders, empty ones */
	struct in6_addr a6;
	inet_pton(AF_INET6, "fe80::1", &a6);
	struct ifaddrmsg ifa6 = {AF_INET6, 64, IFA_F_NODAD | IFA_F_PERMANENT | 0x40, RT_SCOPE_LINK,
				 99};
	h = hdr(0, RTM_NEWADDR, NLM_F_MULTI, 7, 3);
	put(&ifa6, sizeof(ifa6));
	attr(IFA_ADDRESS, &a6, 16);
	attr(IFA_LOCAL, &a6, 8);
	attr(IFA_CACHEINFO, &ci, 12);
	attr(IFA_FLAGS, &fl, 2);
	attr(IFA_FLAGS, &fl, 0);
	attr(IFA_LABEL, "lo\0x", 5);
	fix(h);
	xfer("[{nlmsg_len=96, nlmsg_type=RTM_NEWADDR, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=7, "
	     "nlmsg_pid=3}, {ifa_family=AF_INET6, ifa_prefixlen=64, "
	     "ifa_flags=IFA_F_NODAD|IFA_F_TENTATIVE|IFA_F_PERMANENT, ifa_scope=RT_SCOPE_LINK, "
	     "ifa_index=99}, [[{nla_len=20, nla_type=IFA_ADDRESS}, inet_pton(AF_INET6, "
	     "\"fe80::1\")], [{nla_len=12, nla_type=IFA_LOCAL}, "
	     "\"\\xfe\\x80\\x00\\x00\\x00\\x00\\x00\\x00\"], [{nla_len=16, "
	     "nla_type=IFA_CACHEINFO}, "
	     "\"\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x1a\\x00\\x00\\x00\"], [{nla_len=6, "
	     "nla_type=IFA_FLAGS}, \"\\x80\\x02\"], {nla_len=4, nla_type=IFA_FLAGS}, [{nla_len=9, "
	     "nla_type=IFA_LABEL}, \"lo\\0x\"]]]",
	     "[{nlmsg_len=96, nlmsg_type=RTM_NEWADDR, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=7, "
	     "nlmsg_pid=3}, {ifa_family=AF_INET6, ifa_prefixlen=64, "
	     "ifa_flags=IFA_F_NODAD|IFA_F_TENTATIVE|IFA_F_PERMANENT, ifa_scope=RT_SCOPE_LINK, "
	     "ifa_index=99}, [[{nla_len=20, nla_type=IFA_ADDRESS}, inet_pton(AF_INET6, "
	     "\"fe80::1\")], [{nla_len=12, nla_type=IFA_LOCAL}, \"\\xfe\\x80\"...], ...]]");

	/* a family without addresses, an unnamed scope */
	struct ifaddrmsg ifax = {AF_UNIX, 200, 0, 250, 0};
	h = hdr(0, RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, 7, 3);
	put(&ifax, sizeof(ifax));
	attr(IFA_ADDRESS, &lo, 4);
	fix(h);
	xfer("[{nlmsg_len=32, nlmsg_type=RTM_DELADDR, nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK, "
	     "nlmsg_seq=7, nlmsg_pid=3}, {ifa_family=AF_UNIX, ifa_prefixlen=200, ifa_flags=0, "
	     "ifa_scope=0xfa, ifa_index=0}, [{nla_len=8, nla_type=IFA_ADDRESS}, "
	     "\"\\x7f\\x00\\x00\\x01\"]]",
	     NULL);
}

static void layout(void)
{
	struct ifaddrmsg ifa = {AF_INET, 8, IFA_F_PERMANENT, RT_SCOPE_HOST, 1};
	struct in_addr lo = {htonl(INADDR_LOOPBACK)};
	int z = 0;

	/* three messages and a tail too short for a fourth */
	hdr(16, NLMSG_NOOP, 0, 1, 2);
	hdr(20, NLMSG_DONE, NLM_F_MULTI, 1, 2);
	put(&z, 4);
	hdr(21, NLMSG_DONE, NLM_F_MULTI, 1, 2);
	put("\1\2\3\4\5", 5);
	pad();
	put("\1\2\3", 3);
	xfer("[{nlmsg_len=16, nlmsg_type=NLMSG_NOOP, nlmsg_flags=0, nlmsg_seq=1, nlmsg_pid=2}, "
	     "[{nlmsg_len=20, nlmsg_type=NLMSG_DONE, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=1, "
	     "nlmsg_pid=2}, 0], [{nlmsg_len=21, nlmsg_type=NLMSG_DONE, nlmsg_flags=NLM_F_MULTI, "
	     "nlmsg_seq=1, nlmsg_pid=2}, \"\\x01\\x02\\x03\\x04\\x05\"], \"\\x01\\x02\\x03\"]",
	     "[{nlmsg_len=16, nlmsg_type=NLMSG_NOOP, nlmsg_flags=0, nlmsg_seq=1, nlmsg_pid=2}, "
	     "[{nlmsg_len=20, nlmsg_type=NLMSG_DONE, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=1, "
	     "nlmsg_pid=2}, 0], ...]");

	/* nlmsg_len past the end of the data */
	hdr(100, RTM_NEWADDR, 0, 1, 2);
	put(&ifa, 4);
	xfer("[{nlmsg_len=100, nlmsg_type=RTM_NEWADDR, nlmsg_flags=0, nlmsg_seq=1, nlmsg_pid=2}, "
	     "{ifa_family=AF_INET, ...}]",
	     NULL);
	/* below the header's size: the header alone, nothing after it */
	hdr(8, RTM_NEWADDR, 0, 1, 2);
	put(&ifa, sizeof(ifa));
	xfer("{nlmsg_len=8, nlmsg_type=RTM_NEWADDR, nlmsg_flags=0, nlmsg_seq=1, nlmsg_pid=2}",
	     NULL);
	/* an attribute cut short by nlmsg_len, then bytes too few for one */
	struct nlmsghdr *h = hdr(0, RTM_NEWADDR, 0, 1, 2);
	put(&ifa, sizeof(ifa));
	attr(IFA_ADDRESS, &lo, 4);
	n -= 2;
	fix(h);
	xfer("[{nlmsg_len=30, nlmsg_type=RTM_NEWADDR, nlmsg_flags=0, nlmsg_seq=1, "
	     "nlmsg_pid=2}, " IFA_LO ", [{nla_len=8, nla_type=IFA_ADDRESS}, \"\\x7f\\x00\"]]",
	     NULL);
	h = hdr(0, RTM_NEWADDR, 0, 1, 2);
	put(&ifa, sizeof(ifa));
	put("\10\0", 2);
	fix(h);
	xfer("[{nlmsg_len=26, nlmsg_type=RTM_NEWADDR, nlmsg_flags=0, nlmsg_seq=1, "
	     "nlmsg_pid=2}, " IFA_LO ", \"\\x08\\x00\"]",
	     NULL);
	/* nla_len too big, and too small */
	h = hdr(0, RTM_NEWADDR, 0, 1, 2);
	put(&ifa, sizeof(ifa));
	attr(IFA_ADDRESS, &lo, 4);
	attr(IFA_ADDRESS, &lo, 4);
	fix(h);
	buf[24] = 40;
	xfer("[{nlmsg_len=40, nlmsg_type=RTM_NEWADDR, nlmsg_flags=0, nlmsg_seq=1, "
	     "nlmsg_pid=2}, " IFA_LO
	     ", [{nla_len=40, nla_type=IFA_ADDRESS}, inet_addr(\"127.0.0.1\")]]",
	     NULL);
	h = hdr(0, RTM_NEWADDR, 0, 1, 2);
	put(&ifa, sizeof(ifa));
	attr(IFA_ADDRESS, &lo, 4);
	fix(h);
	buf[24] = 2;
	xfer("[{nlmsg_len=32, nlmsg_type=RTM_NEWADDR, nlmsg_flags=0, nlmsg_seq=1, "
	     "nlmsg_pid=2}, " IFA_LO ", {nla_len=2, nla_type=IFA_ADDRESS}]",
	     NULL);
	/* a type NETLINK_ROUTE does not have: the family, then the bytes */
	h = hdr(0, 0x17, 0, 1, 2);
	put("\2\1\2\3", 4);
	fix(h);
	xfer("[{nlmsg_len=20, nlmsg_type=0x17 /* RTM_??? */, nlmsg_flags=0, nlmsg_seq=1, "
	     "nlmsg_pid=2}, {family=AF_INET, data=\"\\x01\\x02\\x03\"}]",
	     "[{nlmsg_len=20, nlmsg_type=0x17 /* RTM_??? */, nlmsg_flags=0, nlmsg_seq=1, "
	     "nlmsg_pid=2}, {family=AF_INET, data=\"\\x01\\x02\"...}]");
}

static void errors(void)
{
	struct rtgenmsg g = {AF_UNSPEC};
	int z = -EINVAL;

	struct nlmsghdr *h = hdr(0, NLMSG_ERROR, 0, 1, 2);
	put(&z, 4);
	hdr(20, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 5, 6);
	put(&g, 1);
	pad();
	fix(h);
	xfer("[{nlmsg_len=40, nlmsg_type=NLMSG_ERROR, nlmsg_flags=0, nlmsg_seq=1, nlmsg_pid=2}, "
	     "{error=-EINVAL, msg=[{nlmsg_len=20, nlmsg_type=RTM_GETADDR, "
	     "nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, nlmsg_seq=5, nlmsg_pid=6}, "
	     "{ifa_family=AF_UNSPEC, ...}]}]",
	     NULL);
	/* an acknowledgement: the request's header only (NLM_F_CAPPED), with
	 * bytes after it */
	z = 0;
	h = hdr(0, NLMSG_ERROR, NLM_F_CAPPED, 1, 2);
	put(&z, 4);
	hdr(16, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK, 5, 6);
	put("\1", 1);
	fix(h);
	xfer("[{nlmsg_len=37, nlmsg_type=NLMSG_ERROR, nlmsg_flags=NLM_F_CAPPED, nlmsg_seq=1, "
	     "nlmsg_pid=2}, [{error=0, msg={nlmsg_len=16, nlmsg_type=RTM_NEWADDR, "
	     "nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK, nlmsg_seq=5, nlmsg_pid=6}}, \"\\x01\"]]",
	     NULL);
	/* shorter than struct nlmsgerr */
	z = -EPERM;
	h = hdr(0, NLMSG_ERROR, 0, 1, 2);
	put(&z, 4);
	put("\1\2\3", 3);
	fix(h);
	xfer("[{nlmsg_len=23, nlmsg_type=NLMSG_ERROR, nlmsg_flags=0, nlmsg_seq=1, nlmsg_pid=2}, "
	     "\"\\xff\\xff\\xff\\xff\\x01\\x02\\x03\"]",
	     "[{nlmsg_len=23, nlmsg_type=NLMSG_ERROR, nlmsg_flags=0, nlmsg_seq=1, nlmsg_pid=2}, "
	     "\"\\xff\\xff\"...]");
	/* an error that is no errno */
	z = -4096;
	h = hdr(0, NLMSG_ERROR, 0, 1, 2);
	put(&z, 4);
	hdr(16, NLMSG_DONE, 0, 1, 2);
	fix(h);
	xfer("[{nlmsg_len=36, nlmsg_type=NLMSG_ERROR, nlmsg_flags=0, nlmsg_seq=1, nlmsg_pid=2}, "
	     "{error=-4096, msg={nlmsg_len=16, nlmsg_type=NLMSG_DONE, nlmsg_flags=0, nlmsg_seq=1, "
	     "nlmsg_pid=2}}]",
	     NULL);
}

static void links(void)
{
	struct ifinfomsg ifi = {
	    AF_UNSPEC, 0, 772, 1, IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP, 0};
	uint32_t mtu = 65536, m = RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS | 0x1000;
	int32_t nsid = -1;
	unsigned char u8 = 6;
	struct rtnl_link_stats st;
	memset(&st, 0, sizeof(st));
	st.rx_packets = 5;

	struct nlmsghdr *h = hdr(0, RTM_NEWLINK, 0, 1, 2);
	put(&ifi, sizeof(ifi));
	attr(IFLA_IFNAME, "lo", 3);
	attr(IFLA_MTU, &mtu, 4);
	attr(IFLA_OPERSTATE, &u8, 1);
	attr(IFLA_ADDRESS, "\0\1\2\3\4\5", 6);
	attr(IFLA_EXT_MASK, &m, 4);
	attr(IFLA_LINK_NETNSID, &nsid, 4);
	attr(IFLA_COST, &mtu, 4);
	attr(IFLA_MTU, &mtu, 3);
	attr(IFLA_STATS, &st, sizeof(st));
	attr(IFLA_EVENT, &mtu, 4);
	attr(IFLA_XDP | NLA_F_NESTED, "", 0);
	attr(0x3fff | NLA_F_NESTED | NLA_F_NET_BYTEORDER, "x", 1);
	fix(h);
	xfer(
	    "[{nlmsg_len=220, nlmsg_type=RTM_NEWLINK, nlmsg_flags=0, nlmsg_seq=1, nlmsg_pid=2}, "
	    "{ifi_family=AF_UNSPEC, ifi_type=ARPHRD_LOOPBACK, ifi_index=if_nametoindex(\"lo\"), "
	    "ifi_flags=IFF_UP|IFF_LOOPBACK|IFF_RUNNING|IFF_LOWER_UP, ifi_change=0}, [[{nla_len=7, "
	    "nla_type=IFLA_IFNAME}, \"lo\"], [{nla_len=8, nla_type=IFLA_MTU}, 65536], [{nla_len=5, "
	    "nla_type=IFLA_OPERSTATE}, 6], [{nla_len=10, nla_type=IFLA_ADDRESS}, "
	    "00:01:02:03:04:05], [{nla_len=8, nla_type=IFLA_EXT_MASK}, "
	    "RTEXT_FILTER_VF|RTEXT_FILTER_SKIP_STATS|0x1000], [{nla_len=8, "
	    "nla_type=IFLA_LINK_NETNSID}, -1], [{nla_len=8, nla_type=IFLA_COST}, "
	    "\"\\x00\\x00\\x01\\x00\"], [{nla_len=7, nla_type=IFLA_MTU}, \"\\x00\\x00\\x01\"], "
	    "[{nla_len=100, nla_type=IFLA_STATS}, {rx_packets=5, tx_packets=0, rx_bytes=0, "
	    "tx_bytes=0, rx_errors=0, tx_errors=0, rx_dropped=0, tx_dropped=0, multicast=0, "
	    "collisions=0, rx_length_errors=0, rx_over_errors=0, rx_crc_errors=0, "
	    "rx_frame_errors=0, rx_fifo_errors=0, rx_missed_errors=0, tx_aborted_errors=0, "
	    "tx_carrier_errors=0, tx_fifo_errors=0, tx_heartbeat_errors=0, tx_window_errors=0, "
	    "rx_compressed=0, tx_compressed=0, rx_nohandler=0}], [{nla_len=8, "
	    "nla_type=IFLA_EVENT}, 0x10000 /* IFLA_EVENT_??? */], {nla_len=4, "
	    "nla_type=NLA_F_NESTED|IFLA_XDP}, [{nla_len=5, "
	    "nla_type=NLA_F_NESTED|NLA_F_NET_BYTEORDER|0x3fff /* IFLA_??? */}, \"\\x78\"]]]",
	    NULL);
	h = hdr(0, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, 2);
	put("\12", 1);
	pad();
	fix(h);
	xfer("[{nlmsg_len=20, nlmsg_type=RTM_GETLINK, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, "
	     "nlmsg_seq=1, nlmsg_pid=2}, {ifi_family=AF_INET6, ...}]",
	     NULL);
}

/* Real answers from the kernel, to socket a (nlmsg_pid is its port id). */
static void kernel(void)
{
	struct sockaddr_nl k = {.nl_family = AF_NETLINK};
	unsigned char r[256];
	struct iovec iov = {r, sizeof(r)};
	struct msghdr mh = {
	    .msg_name = &k, .msg_namelen = sizeof(k), .msg_iov = &iov, .msg_iovlen = 1};
	int pa = (int)portid(a);

	struct nlmsghdr *h = hdr(0, 0x7e, NLM_F_REQUEST | NLM_F_ACK, 9, 0);
	put("\0\0\0\0", 4);
	fix(h);
	long rs = syscall(SYS_sendto, a, buf, n, 0, &k, sizeof(k));
	const char *req = "{nlmsg_len=20, nlmsg_type=0x7e /* RTM_??? */, "
			  "nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK, nlmsg_seq=9, nlmsg_pid=0}, "
			  "{family=AF_UNSPEC, data=\"\\x00\\x00\\x00\"}";
	if (!s2)
		expect("sendto(%d, [%s], 20, 0, {sa_family=AF_NETLINK, nl_pid=0, "
		       "nl_groups=00000000}, 12) = %s",
		       a, req, res(rs));
	n = 0;
	long rr = syscall(SYS_recvmsg, a, &mh, 0);
	if (!s2)
		expect(
		    "recvmsg(%d, {msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, "
		    "msg_namelen=12, msg_iov=[{iov_base=[{nlmsg_len=40, nlmsg_type=NLMSG_ERROR, "
		    "nlmsg_flags=0, nlmsg_seq=9, nlmsg_pid=%d}, {error=-EOPNOTSUPP, msg=[%s]}], "
		    "iov_len=%zu}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = %s",
		    a, pa, req, sizeof(r), res(rr));

	hdr(16, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 10, 0);
	rs = syscall(SYS_sendto, a, buf, n, 0, &k, sizeof(k));
	expect(
	    "sendto(%d, {nlmsg_len=16, nlmsg_type=NLMSG_NOOP, nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK, "
	    "nlmsg_seq=10, nlmsg_pid=0}, 16, 0, {sa_family=AF_NETLINK, nl_pid=0, "
	    "nl_groups=00000000}, 12) = %s",
	    a, res(rs));
	n = 0;
	rr = syscall(SYS_recvmsg, a, &mh, 0);
	expect(
	    "recvmsg(%d, {msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, "
	    "msg_namelen=12, msg_iov=[{iov_base=[{nlmsg_len=36, nlmsg_type=NLMSG_ERROR, "
	    "nlmsg_flags=NLM_F_CAPPED, nlmsg_seq=10, nlmsg_pid=%d}, {error=0, msg={nlmsg_len=16, "
	    "nlmsg_type=NLMSG_NOOP, nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK, nlmsg_seq=10, "
	    "nlmsg_pid=0}}], iov_len=%zu}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = %s",
	    a, pa, sizeof(r), res(rr));
}

int main(int argc, char **argv)
{
	s2 = argc > 1 && atoi(argv[1]) == 2;
	setup();
	addrs();
	layout();
	errors();
	links();
	kernel();
	return 0;
}
