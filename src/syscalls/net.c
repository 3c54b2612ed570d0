/* Sockets: socket, socketpair, bind, connect, listen, accept, accept4,
 * getsockname, getpeername, shutdown, sendto, recvfrom, sendmsg, recvmsg,
 * sendmmsg, recvmmsg, setsockopt, getsockopt.
 *
 * Structures that hold pointers or longs (msghdr, mmsghdr, iovec, cmsghdr,
 * sock_fprog, group_req) are read in the tracee's layout: every member is a
 * word of 4 bytes on i386 and 8 on x86_64, and control messages are aligned
 * to a word. */
#include "syscalls/netlink.h"
#include "syscalls/sockaddr.h"
#include "syscalls/time.h"
#include "xlat/all.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <linux/icmp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* Option levels glibc does not define (the kernel's <linux/socket.h> keeps
 * them); socket_levels.in names them. */
#ifndef SOL_CAN_RAW
#define SOL_CAN_RAW 101
#endif
#ifndef SOL_SCTP
#define SOL_SCTP 132
#endif
#ifndef SOL_IPX
#define SOL_IPX 256
#endif
#ifndef SOL_AX25
#define SOL_AX25 257
#endif

/* Control data read from a msghdr: enough for hundreds of messages. */
#define CMSG_MAX 65536
/* socket(2) keeps the type in the low bits (SOCK_TYPE_MASK, <linux/net.h>). */
#define SOCK_TYPE_BITS 0xfu

/* [16]: an int the kernel reads or writes through a pointer. */
static struct value int_box(struct dctx *c, struct value v)
{
	struct value box;
	value_array(c->arena, &box, 1)[0] = v;
	return box;
}

/* [128 => 16]: a length the caller offered and the one the kernel stored. */
static struct value inout_len(struct dctx *c, int32_t in, int32_t out)
{
	if (in == out)
		return int_box(c, value_int(in));
	return int_box(c, value_changed(c->arena, value_int(in), value_int(out)));
}

static bool is64(const struct dctx *c)
{
	return c->sc->arch != ARCH_I386;
}

/* Size of a tracee long or pointer. */
static size_t word(const struct dctx *c)
{
	return is64(c) ? 8 : 4;
}

static uint64_t get_word(const struct dctx *c, const uint8_t *p)
{
	if (is64(c)) {
		uint64_t v;
		memcpy(&v, p, 8);
		return v;
	}
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static struct value msg_flags_value(uint64_t raw)
{
	return flags_value((uint32_t)raw, &xlat_msg_flags);
}

/* "\x01\x00": strace shows a buffer too short for the int it should hold
 * in hex. */
static struct value hex_bytes(struct dctx *c, const uint8_t *p, size_t n)
{
	char *s = arena_alloc(c->arena, n * 4 + 3);
	char *q = s;
	*q++ = '"';
	for (size_t i = 0; i < n; i++)
		q += sprintf(q, "\\x%02x", p[i]);
	*q++ = '"';
	*q = '\0';
	return value_raw(s);
}

/* --- socket, socketpair */

static struct value socktype_value(uint32_t raw)
{
	uint32_t rest = raw & ~SOCK_TYPE_BITS;
	if (!xlat_name(&xlat_socket_types, raw & SOCK_TYPE_BITS))
		return flags_value(raw, &xlat_sock_type_flags);
	struct value v = value_flags(raw, &xlat_socket_types);
	if (rest && !(rest & (SOCK_CLOEXEC | SOCK_NONBLOCK)))
		v.comment = xlat_socket_types.unknown;
	return v;
}

/* Families whose protocol numbers have names (AF_PACKET's are ethernet
 * protocols in network order, see protocol_value).  AF_RXRPC's protocol is
 * the transport's address family.  strace 6.1 also names AF_AX25's and
 * AF_IRDA's in ways of their own; scry prints those as numbers. */
static const struct family_protocols {
	uint32_t family;
	const struct xlat *x;
} family_protocols[] = {
    {AF_INET, &xlat_inet_protocols},	   {AF_INET6, &xlat_inet_protocols},
    {AF_NETLINK, &xlat_netlink_protocols}, {AF_BLUETOOTH, &xlat_bt_protocols},
    {AF_CAN, &xlat_can_protocols},	   {AF_ISDN, &xlat_isdn_protocols},
    {AF_PHONET, &xlat_phonet_protocols},   {AF_CAIF, &xlat_caif_protocols},
    {AF_NFC, &xlat_nfc_protocols},	   {AF_KCM, &xlat_kcm_protocols},
    {AF_SMC, &xlat_smc_protocols},	   {AF_RXRPC, &xlat_address_families},
};

/* The protocol is named per family; strace prints a value that does not fit
 * an int in decimal before looking at the family. */
static struct value protocol_value(uint32_t family, uint64_t raw)
{
	if (raw > UINT32_MAX)
		return value_uint(raw);
	if (family == AF_PACKET)
		return value_call("htons",
				  value_enum(ntohs((uint16_t)raw), &xlat_ethernet_protocols));
	for (size_t i = 0; i < sizeof(family_protocols) / sizeof(family_protocols[0]); i++)
		if (family_protocols[i].family == family)
			return value_enum(raw, family_protocols[i].x);
	return value_uint(raw);
}

static void socket_args(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint32_t family = (uint32_t)sc->raw[0];
	sc->args[0] = value_enum(family, &xlat_address_families);
	sc->args[1] = socktype_value((uint32_t)sc->raw[1]);
	sc->args[2] = protocol_value(family, sc->raw[2]);
}

void sys_socket(struct dctx *c)
{
	if (!c->exiting)
		socket_args(c);
}

void sys_socketpair(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	int32_t fds[2];
	if (!c->exiting) {
		socket_args(c);
		/* strace names socketpair's protocol for no family */
		sc->args[2] = value_int((int32_t)sc->raw[2]);
		return;
	}
	sc->args[3] = value_ptr(sc->raw[3]);
	if (sc->err || !sc->raw[3])
		return;
	if (decode_read(c, sc->raw[3], fds, sizeof(fds)) < 0) {
		sc->args[3] = value_badaddr(sc->raw[3]);
		return;
	}
	struct value *items = value_array(c->arena, &sc->args[3], 2);
	items[0] = value_fd(fds[0]);
	items[1] = value_fd(fds[1]);
}

/* --- bind, connect, listen, shutdown */

/* bind, connect */
void sys_bind(struct dctx *c)
{
	if (c->exiting)
		return;
	decode_generic(c);
	c->sc->args[1] = decode_sockaddr(c, c->sc->raw[1], c->sc->raw[2]);
}

void sys_shutdown(struct dctx *c)
{
	if (c->exiting)
		return;
	decode_generic(c);
	c->sc->args[1] = value_enum((uint32_t)c->sc->raw[1], &xlat_shutdown_modes);
}

/* --- accept, getsockname, recvfrom: an address and its length come back */

/* At entry: keeps *lenp, the length offered, in args[slot] until the exit.
 * The slot stays V_NONE (not decoded yet): .n says whether .u holds it. */
static void keep_len(struct dctx *c, unsigned slot, uint64_t lenp)
{
	int32_t len;
	struct value v = {.kind = V_NONE};
	if (lenp && decode_read(c, lenp, &len, sizeof(len)) == 0) {
		v.u = (uint32_t)len;
		v.n = 1;
	}
	c->sc->args[slot] = v;
}

/* At exit: the address in args[ai] and its length, [16] or [128 => 16], in
 * args[li].  strace prints the length as a pointer when the address is NULL,
 * and the address as a pointer on failure or when it has no length. */
static void sockaddr_out(struct dctx *c, unsigned ai, unsigned li)
{
	struct syscall_value *sc = c->sc;
	uint64_t addr = sc->raw[ai], lenp = sc->raw[li];
	struct value kept = sc->args[li];
	int32_t in = (int32_t)kept.u, out;
	sc->args[ai] = value_ptr(addr);
	sc->args[li] = value_ptr(lenp);
	if (!addr || !lenp || kept.kind != V_NONE || !kept.n)
		return;
	if (sc->err || decode_read(c, lenp, &out, sizeof(out)) < 0) {
		sc->args[li] = int_box(c, value_int(in));
		return;
	}
	sc->args[li] = inout_len(c, in, out);
	sc->args[ai] = decode_sockaddr(c, addr, (uint32_t)(in < out ? in : out));
}

/* accept, accept4, getsockname, getpeername */
void sys_accept(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting) {
		sockaddr_out(c, 1, 2);
		sc->args[1].flags |= VF_OUT;
		sc->args[2].flags |= VF_OUT;
		return;
	}
	decode_generic(c);
	keep_len(c, 2, sc->raw[2]);
	if (sc->nargs > 3)
		sc->args[3] = flags_value((uint32_t)sc->raw[3], &xlat_sock_type_flags);
}

/* --- sendto, recvfrom */

void sys_sendto(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	decode_generic(c);
	sc->args[1] = netlink_refine(c, (int32_t)sc->raw[0], sc->raw[1], sc->raw[2], sc->args[1]);
	sc->args[3] = msg_flags_value(sc->raw[3]);
	sc->args[4] = decode_sockaddr(c, sc->raw[4], sc->raw[5]);
}

void sys_recvfrom(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		decode_generic(c);
		sc->args[3] = msg_flags_value(sc->raw[3]);
		keep_len(c, 5, sc->raw[5]);
		return;
	}
	if (sc->err)
		sc->args[1] = value_ptr(sc->raw[1]);
	else /* MSG_TRUNC returns the datagram's length, not what was stored */
		sc->args[1] = decode_sockbuf(c, (int32_t)sc->raw[0], sc->raw[1],
					     (uint64_t)sc->rval < sc->raw[2] ? (uint64_t)sc->rval
									     : sc->raw[2]);
	sockaddr_out(c, 4, 5);
	sc->args[1].flags |= VF_OUT;
	sc->args[4].flags |= VF_OUT;
	sc->args[5].flags |= VF_OUT;
}

/* --- msghdr and control messages */

/* struct msghdr in the tracee's layout: seven words (the ints padded). */
struct msg {
	uint64_t name, iov, iovlen, control, controllen;
	uint32_t namelen, flags;
};

static size_t msghdr_size(const struct dctx *c)
{
	return 7 * word(c);
}

static void unpack_msghdr(const struct dctx *c, const uint8_t *p, struct msg *m)
{
	size_t w = word(c);
	m->name = get_word(c, p);
	m->namelen = get_u32(p + w);
	m->iov = get_word(c, p + 2 * w);
	m->iovlen = get_word(c, p + 3 * w);
	m->control = get_word(c, p + 4 * w);
	m->controllen = get_word(c, p + 5 * w);
	m->flags = get_u32(p + 6 * w);
}

static int read_msghdr(struct dctx *c, uint64_t addr, struct msg *m)
{
	uint8_t buf[56];
	if (decode_read(c, addr, buf, msghdr_size(c)) < 0)
		return -1;
	unpack_msghdr(c, buf, m);
	return 0;
}

/* Elements of a tracee array to show: -s of them, and never more than the
 * kernel takes (UIO_MAXIOV iovecs or messages), whatever -s says. */
#define ARRAY_MAX 1024

static size_t array_cap(const struct dctx *c, uint64_t n)
{
	size_t max = c->opts->strsize < ARRAY_MAX ? c->opts->strsize : ARRAY_MAX;
	return n > max ? max : (size_t)n;
}

/* msg_iov: each buffer up to -s bytes; for received data, only the first
 * `limit` bytes in all (the return value) are shown, the rest as "". A
 * negative limit: data sent, every buffer shown. */
static struct value iovec_value(struct dctx *c, uint64_t addr, uint64_t count, int64_t limit)
{
	struct value v;
	size_t w = word(c), n = array_cap(c, count);
	if (!addr)
		return value_ptr(0);
	uint8_t *raw = arena_alloc(c->arena, n * 2 * w + 1);
	if (n && decode_read(c, addr, raw, n * 2 * w) < 0)
		return value_badaddr(addr);
	struct value *items = value_array(c->arena, &v, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		uint64_t base = get_word(c, raw + 2 * w * i),
			 len = get_word(c, raw + 2 * w * i + w);
		uint64_t shown = len;
		if (limit >= 0) {
			shown = (uint64_t)limit < len ? (uint64_t)limit : len;
			limit -= (int64_t)shown;
		}
		struct value f[2] = {
		    value_named("iov_base", decode_sockbuf(c, (int32_t)c->sc->raw[0], base, shown)),
		    value_named("iov_len", value_uint(len)),
		};
		items[i] = value_struct_of(c->arena, f, 2);
	}
	if (count > n)
		v.flags |= VF_TRUNC;
	return v;
}

static struct value uint_array(struct dctx *c, const uint8_t *p, size_t count, bool sign)
{
	struct value v;
	size_t n = array_cap(c, count);
	struct value *items = value_array(c->arena, &v, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		uint32_t x = get_u32(p + 4 * i);
		items[i] = sign ? value_int((int32_t)x) : value_uint(x);
	}
	if (count > n)
		v.flags |= VF_TRUNC;
	return v;
}

/* Control message payloads.  Each returns V_NONE when strace leaves
 * cmsg_data out (too short for even a first element). */
typedef struct value (*cmsg_fn)(struct dctx *c, const uint8_t *p, size_t len);

static struct value cmsg_rights(struct dctx *c, const uint8_t *p, size_t len)
{
	if (len < 4)
		return (struct value){.kind = V_NONE};
	return uint_array(c, p, len / 4, true);
}

static struct value cmsg_uints(struct dctx *c, const uint8_t *p, size_t len)
{
	if (len < 4)
		return (struct value){.kind = V_NONE};
	return uint_array(c, p, len / 4, false);
}

static struct value cmsg_bytes(struct dctx *c, const uint8_t *p, size_t len)
{
	struct value v;
	size_t n = array_cap(c, len);
	if (!len)
		return (struct value){.kind = V_NONE};
	struct value *items = value_array(c->arena, &v, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		items[i] = value_hex(p[i]);
	if (len > n)
		v.flags |= VF_TRUNC;
	return v;
}

static struct value cmsg_string(struct dctx *c, const uint8_t *p, size_t len)
{
	if (!len)
		return (struct value){.kind = V_NONE};
	return value_str(c->arena, p, (uint32_t)len, 0);
}

static struct value cmsg_creds(struct dctx *c, const uint8_t *p, size_t len)
{
	if (len < 12)
		return (struct value){.kind = V_NONE};
	struct value f[3] = {
	    value_named("pid", value_int((int32_t)get_u32(p))),
	    value_named("uid", value_int((int32_t)get_u32(p + 4))),
	    value_named("gid", value_int((int32_t)get_u32(p + 8))),
	};
	return value_struct_of(c->arena, f, 3);
}

/* count timestamps of two words each (4 or 8 bytes: wide), strace's "???"
 * when the payload is shorter. */
static struct value cmsg_times(struct dctx *c, const uint8_t *p, size_t len, bool wide, bool usec,
			       unsigned count)
{
	size_t w = wide ? 8 : 4;
	struct value v, one[3];
	if (!len)
		return (struct value){.kind = V_NONE};
	if (len < count * 2 * w)
		return value_raw("???");
	for (unsigned i = 0; i < count; i++) {
		struct scry_ts ts;
		const uint8_t *q = p + 2 * w * i;
		if (wide) {
			int64_t s;
			memcpy(&s, q, 8);
			memcpy(&ts.frac, q + 8, 8);
			ts.sec = s;
		} else {
			ts.sec = (int32_t)get_u32(q);
			ts.frac = get_u32(q + 4);
		}
		one[i] = timespec_value(c, &ts, usec);
	}
	if (count == 1)
		return one[0];
	memcpy(value_array(c->arena, &v, count), one, count * sizeof(*one));
	return v;
}

static struct value cmsg_timeval(struct dctx *c, const uint8_t *p, size_t len)
{
	return cmsg_times(c, p, len, is64(c), true, 1);
}

static struct value cmsg_timespec(struct dctx *c, const uint8_t *p, size_t len)
{
	return cmsg_times(c, p, len, is64(c), false, 1);
}

static struct value cmsg_timestamping(struct dctx *c, const uint8_t *p, size_t len)
{
	return cmsg_times(c, p, len, is64(c), false, 3);
}

static struct value cmsg_timeval64(struct dctx *c, const uint8_t *p, size_t len)
{
	return cmsg_times(c, p, len, true, true, 1);
}

static struct value cmsg_timespec64(struct dctx *c, const uint8_t *p, size_t len)
{
	return cmsg_times(c, p, len, true, false, 1);
}

static struct value cmsg_timestamping64(struct dctx *c, const uint8_t *p, size_t len)
{
	return cmsg_times(c, p, len, true, false, 3);
}

static struct value cmsg_pktinfo(struct dctx *c, const uint8_t *p, size_t len)
{
	struct in_pktinfo pi;
	if (len < sizeof(pi))
		return (struct value){.kind = V_NONE};
	memcpy(&pi, p, sizeof(pi));
	struct value f[3] = {
	    value_named("ipi_ifindex", ifindex_value(c, (uint32_t)pi.ipi_ifindex)),
	    value_named("ipi_spec_dst", inet_addr_value(c, &pi.ipi_spec_dst)),
	    value_named("ipi_addr", inet_addr_value(c, &pi.ipi_addr)),
	};
	return value_struct_of(c->arena, f, 3);
}

/* struct sock_extended_err (<linux/errqueue.h>), then the offender's address,
 * which strace shows only when a whole sockaddr_in follows. */
static struct value cmsg_recverr(struct dctx *c, const uint8_t *p, size_t len)
{
	enum { EE_SIZE = 16, OFFENDER_SIZE = sizeof(struct sockaddr_in) };
	if (len < EE_SIZE + OFFENDER_SIZE)
		return (struct value){.kind = V_NONE};
	struct value f[7] = {
	    value_named("ee_errno", value_uint(get_u32(p))),
	    value_named("ee_origin", value_uint(p[4])),
	    value_named("ee_type", value_uint(p[5])),
	    value_named("ee_code", value_uint(p[6])),
	    value_named("ee_info", value_uint(get_u32(p + 8))),
	    value_named("ee_data", value_uint(get_u32(p + 12))),
	    value_named("offender", sockaddr_value(c, p + EE_SIZE, OFFENDER_SIZE)),
	};
	return value_struct_of(c->arena, f, 7);
}

static struct value cmsg_sockaddr(struct dctx *c, const uint8_t *p, size_t len)
{
	if (len < sizeof(struct sockaddr_in))
		return (struct value){.kind = V_NONE};
	return sockaddr_value(c, p, len);
}

/* SCM_SECURITY is 3 at both levels; glibc does not define it. */
enum { SCM_SECURITY_TYPE = 3 };

static const struct cmsg_decoder {
	int level, type;
	cmsg_fn fn;
} cmsg_decoders[] = {
    {SOL_SOCKET, SCM_RIGHTS, cmsg_rights},
    {SOL_SOCKET, SCM_CREDENTIALS, cmsg_creds},
    {SOL_SOCKET, SCM_SECURITY_TYPE, cmsg_string},
    {SOL_SOCKET, SO_TIMESTAMP_OLD, cmsg_timeval},
    {SOL_SOCKET, SO_TIMESTAMPNS_OLD, cmsg_timespec},
    {SOL_SOCKET, SO_TIMESTAMPING_OLD, cmsg_timestamping},
    {SOL_SOCKET, SO_TIMESTAMP_NEW, cmsg_timeval64},
    {SOL_SOCKET, SO_TIMESTAMPNS_NEW, cmsg_timespec64},
    {SOL_SOCKET, SO_TIMESTAMPING_NEW, cmsg_timestamping64},
    {SOL_IP, IP_TOS, cmsg_bytes},
    {SOL_IP, IP_TTL, cmsg_uints},
    {SOL_IP, SCM_SECURITY_TYPE, cmsg_string},
    {SOL_IP, IP_RECVOPTS, cmsg_bytes},
    {SOL_IP, IP_RETOPTS, cmsg_bytes},
    {SOL_IP, IP_PKTINFO, cmsg_pktinfo},
    {SOL_IP, IP_RECVERR, cmsg_recverr},
    {SOL_IP, IP_ORIGDSTADDR, cmsg_sockaddr},
    {SOL_IP, IP_CHECKSUM, cmsg_uints},
};

static cmsg_fn cmsg_decoder(int level, int type)
{
	for (size_t i = 0; i < sizeof(cmsg_decoders) / sizeof(cmsg_decoders[0]); i++)
		if (cmsg_decoders[i].level == level && cmsg_decoders[i].type == type)
			return cmsg_decoders[i].fn;
	return NULL;
}

static struct value cmsg_type_value(int level, int type)
{
	if (level == SOL_SOCKET)
		return value_enum((uint32_t)type, &xlat_scm_types);
	if (level == SOL_IP)
		return value_enum((uint32_t)type, &xlat_ip_cmsg_types);
	return value_hex((uint32_t)type);
}

/* One control message at off; its length in *cmsg_len. */
static struct value cmsg_value(struct dctx *c, const uint8_t *buf, size_t len, size_t off,
			       uint64_t *cmsg_len)
{
	size_t hdr = word(c) + 8;
	uint64_t clen = get_word(c, buf + off);
	int level = (int32_t)get_u32(buf + off + word(c));
	int type = (int32_t)get_u32(buf + off + word(c) + 4);
	struct value f[4] = {
	    value_named("cmsg_len", value_uint(clen)),
	    value_named("cmsg_level", value_enum((uint32_t)level, &xlat_socket_levels)),
	    value_named("cmsg_type", cmsg_type_value(level, type)),
	};
	unsigned n = 3;
	cmsg_fn fn = cmsg_decoder(level, type);
	*cmsg_len = clen;
	if (fn && clen > hdr) {
		size_t dlen = (clen < len - off ? (size_t)clen : len - off) - hdr;
		struct value data = fn(c, buf + off + hdr, dlen);
		if (data.kind != V_NONE)
			f[n++] = value_named("cmsg_data", data);
	}
	return value_struct_of(c->arena, f, n);
}

/* msg_control: the messages while a header fits, then "..." with the address
 * of bytes too few for another header. */
static struct value cmsgs_value(struct dctx *c, uint64_t addr, uint64_t controllen)
{
	size_t hdr = word(c) + 8, w = word(c);
	size_t len = controllen > CMSG_MAX ? CMSG_MAX : (size_t)controllen;
	if (!addr || len < hdr)
		return value_ptr(addr);
	uint8_t *buf = arena_alloc(c->arena, len);
	if (decode_read(c, addr, buf, len) < 0)
		return value_badaddr(addr);
	size_t max = array_cap(c, len / hdr), n = 0, off = 0;
	struct value *items = arena_alloc(c->arena, (max + 1) * sizeof(*items));
	bool trunc = false;
	while (off + hdr <= len) {
		uint64_t clen;
		if (n == max) {
			trunc = true;
			break;
		}
		items[n++] = cmsg_value(c, buf, len, off, &clen);
		if (clen < hdr || clen > len - off)
			break;
		off += (size_t)(clen + w - 1) & ~(w - 1);
	}
	if (!trunc && off < len && off + hdr > len) {
		items[n] = (struct value){.kind = V_ELLIPSIS};
		items[n++].comment =
		    arena_printf(c->arena, "%#llx", (unsigned long long)(addr + off));
	}
	struct value v = {.kind = V_ARRAY, .n = (uint32_t)n, .items = items};
	if (trunc)
		v.flags |= VF_TRUNC;
	return v;
}

/* How the parts of a msghdr that the kernel writes are shown. */
struct msg_out {
	int64_t limit;	  /* bytes of received data to show; -1: sent data */
	bool has_namelen; /* namelen_in is the length offered */
	int32_t namelen_in;
};

static struct value msghdr_value(struct dctx *c, const struct msg *m, const struct msg_out *o)
{
	struct value f[7];
	unsigned n = 0;
	int32_t namelen = (int32_t)m->namelen;
	struct value nl = value_int(namelen);
	if (o->has_namelen && o->namelen_in != namelen) {
		nl = value_changed(c->arena, value_int(o->namelen_in), nl);
		if (o->namelen_in < namelen)
			namelen = o->namelen_in;
	}
	f[n++] = value_named("msg_name", decode_sockaddr(c, m->name, (uint32_t)namelen));
	f[n++] = value_named("msg_namelen", nl);
	f[n++] = value_named("msg_iov", iovec_value(c, m->iov, m->iovlen, o->limit));
	f[n++] = value_named("msg_iovlen", value_uint(m->iovlen));
	if (m->controllen)
		f[n++] = value_named("msg_control", cmsgs_value(c, m->control, m->controllen));
	f[n++] = value_named("msg_controllen", value_uint(m->controllen));
	f[n++] = value_named("msg_flags", msg_flags_value(m->flags));
	return value_struct_of(c->arena, f, n);
}

static struct value decode_msghdr(struct dctx *c, uint64_t addr, const struct msg_out *o)
{
	struct msg m;
	if (!addr)
		return value_ptr(0);
	if (read_msghdr(c, addr, &m) < 0)
		return value_badaddr(addr);
	return msghdr_value(c, &m, o);
}

/* --- sendmsg, recvmsg */

void sys_sendmsg(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	struct msg_out o = {.limit = -1};
	if (c->exiting)
		return;
	decode_generic(c);
	sc->args[1] = decode_msghdr(c, sc->raw[1], &o);
	sc->args[2] = msg_flags_value(sc->raw[2]);
}

void sys_recvmsg(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	struct msg m;
	if (!c->exiting) {
		decode_generic(c);
		sc->args[2] = msg_flags_value(sc->raw[2]);
		/* msg_namelen as offered, kept in the undecoded slot (keep_len) */
		struct value kept = {.kind = V_NONE};
		if (sc->raw[1] && read_msghdr(c, sc->raw[1], &m) == 0) {
			kept.u = m.namelen;
			kept.n = 1;
		}
		sc->args[1] = kept;
		return;
	}
	struct value kept = sc->args[1];
	bool have = kept.kind == V_NONE && kept.n;
	struct msg_out o = {.limit = sc->rval, .has_namelen = have, .namelen_in = (int32_t)kept.u};
	if (!sc->err) {
		sc->args[1] = decode_msghdr(c, sc->raw[1], &o);
	} else if (have) {
		/* strace still shows the length offered */
		struct value f = value_named("msg_namelen", value_int((int32_t)kept.u));
		sc->args[1] = value_struct_of(c->arena, &f, 1);
	} else {
		sc->args[1] = value_ptr(sc->raw[1]);
	}
	sc->args[1].flags |= VF_OUT;
}

/* --- sendmmsg, recvmmsg */

/* The vector of struct mmsghdr (a msghdr and the msg_len the kernel stores):
 * up to -s entries; msg_len is shown for the first `done` ones, and received
 * data only up to each entry's msg_len. */
static struct value mmsghdr_vec(struct dctx *c, uint64_t addr, uint64_t count, uint64_t done,
				bool recv)
{
	struct value v;
	size_t esize = 8 * word(c), n = array_cap(c, count);
	if (!addr)
		return value_ptr(0);
	uint8_t *raw = arena_alloc(c->arena, n * esize + 1);
	if (n && decode_read(c, addr, raw, n * esize) < 0)
		return value_badaddr(addr);
	struct value *items = value_array(c->arena, &v, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		struct msg m;
		unpack_msghdr(c, raw + i * esize, &m);
		uint32_t msg_len = get_u32(raw + i * esize + msghdr_size(c));
		struct msg_out o = {.limit = recv ? (int64_t)msg_len : -1};
		struct value f[2] = {value_named("msg_hdr", msghdr_value(c, &m, &o))};
		unsigned nf = 1;
		if (i < done)
			f[nf++] = value_named("msg_len", value_uint(msg_len));
		items[i] = value_struct_of(c->arena, f, nf);
	}
	if (count > n)
		v.flags |= VF_TRUNC;
	return v;
}

/* strace shows the vector at exit, with the msg_len of the messages sent. */
void sys_sendmmsg(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		decode_generic(c);
		sc->args[1] = (struct value){.kind = V_NONE};
		sc->args[3] = msg_flags_value(sc->raw[3]);
		return;
	}
	uint64_t done = sc->err ? 0 : (uint64_t)sc->rval;
	sc->args[1] = mmsghdr_vec(c, sc->raw[1], (uint32_t)sc->raw[2], done, false);
	sc->args[1].flags |= VF_OUT;
}

/* recvmmsg, recvmmsg_time64: the timeout is shown as given, and what is left
 * of it (the kernel writes it back) after the count. */
void sys_recvmmsg(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	struct scry_ts left;
	if (!c->exiting) {
		decode_generic(c);
		sc->args[3] = msg_flags_value(sc->raw[3]);
		sc->args[4] = decode_timespec(c, sc->raw[4]);
		return;
	}
	if (sc->err) {
		sc->args[1] = value_ptr(sc->raw[1]);
	} else {
		sc->args[1] =
		    mmsghdr_vec(c, sc->raw[1], (uint64_t)sc->rval, (uint64_t)sc->rval, true);
		if (sc->raw[4] && read_timespec(c, sc->raw[4], time_is64(c), &left))
			sc->ret_comment =
			    arena_printf(c->arena, "(left %s)", timespec_text(c, &left, false));
	}
	sc->args[1].flags |= VF_OUT;
}

/* --- setsockopt, getsockopt */

/* Option values strace shows as structures.  Each decoder gets len bytes
 * (len >= the row's size in setsockopt; any length in getsockopt). */
typedef struct value (*optval_fn)(struct dctx *c, const uint8_t *p, size_t len);

/* Consecutive int fields; strace shows a field cut short in hex, and no more. */
static struct value int_fields(struct dctx *c, const uint8_t *p, size_t len,
			       const char *const *names, unsigned count)
{
	struct value f[3];
	unsigned n = 0;
	for (unsigned i = 0; i < count && 4 * i < len; i++) {
		if (len < 4 * i + 4)
			f[n++] = value_named(names[i], hex_bytes(c, p + 4 * i, len - 4 * i));
		else
			f[n++] = value_named(names[i], value_int((int32_t)get_u32(p + 4 * i)));
	}
	return value_struct_of(c->arena, f, n);
}

static struct value opt_linger(struct dctx *c, const uint8_t *p, size_t len)
{
	static const char *const names[] = {"l_onoff", "l_linger"};
	return int_fields(c, p, len, names, 2);
}

static struct value opt_ucred(struct dctx *c, const uint8_t *p, size_t len)
{
	static const char *const names[] = {"pid", "uid", "gid"};
	return int_fields(c, p, len, names, 3);
}

static struct value opt_errno(struct dctx *c, const uint8_t *p, size_t len)
{
	if (len < 4)
		return hex_bytes(c, p, len);
	return int_box(c, value_enum(get_u32(p), &xlat_errnos));
}

/* struct sock_fprog: an unsigned short and a pointer. */
static struct value opt_fprog(struct dctx *c, const uint8_t *p, size_t len)
{
	uint16_t n;
	(void)len;
	memcpy(&n, p, sizeof(n));
	struct value f[2] = {
	    value_named("len", value_uint(n)),
	    value_named("filter", value_ptr(get_word(c, p + word(c)))),
	};
	return value_struct_of(c->arena, f, 2);
}

static struct value opt_ip_mreq(struct dctx *c, const uint8_t *p, size_t len)
{
	(void)len;
	struct value f[2] = {
	    value_named("imr_multiaddr", inet_addr_value(c, p)),
	    value_named("imr_interface", inet_addr_value(c, p + 4)),
	};
	return value_struct_of(c->arena, f, 2);
}

static struct value opt_ipv6_mreq(struct dctx *c, const uint8_t *p, size_t len)
{
	(void)len;
	struct value f[2] = {
	    inet6_addr_value(c, p, "ipv6mr_multiaddr"),
	    value_named("ipv6mr_interface", ifindex_value(c, get_u32(p + 16))),
	};
	return value_struct_of(c->arena, f, 2);
}

/* struct group_req: the interface, then a sockaddr_storage aligned to a word. */
static struct value opt_group_req(struct dctx *c, const uint8_t *p, size_t len)
{
	(void)len;
	struct value f[2] = {
	    value_named("gr_interface", ifindex_value(c, get_u32(p))),
	    value_named("gr_group", sockaddr_value(c, p + word(c), SOCKADDR_MAX)),
	};
	return value_struct_of(c->arena, f, 2);
}

static struct value opt_packet_mreq(struct dctx *c, const uint8_t *p, size_t len)
{
	struct packet_mreq mr;
	(void)len;
	memcpy(&mr, p, sizeof(mr));
	size_t alen = mr.mr_alen < sizeof(mr.mr_address) ? mr.mr_alen : sizeof(mr.mr_address);
	struct value f[4] = {
	    value_named("mr_ifindex", ifindex_value(c, (uint32_t)mr.mr_ifindex)),
	    value_named("mr_type", value_enum(mr.mr_type, &xlat_packet_mr_types)),
	    value_named("mr_alen", value_uint(mr.mr_alen)),
	    value_named("mr_address", mac_value(c, mr.mr_address, alen)),
	};
	return value_struct_of(c->arena, f, 4);
}

static struct value opt_tpacket_req(struct dctx *c, const uint8_t *p, size_t len)
{
	(void)len;
	struct value f[4] = {
	    value_named("tp_block_size", value_uint(get_u32(p))),
	    value_named("tp_block_nr", value_uint(get_u32(p + 4))),
	    value_named("tp_frame_size", value_uint(get_u32(p + 8))),
	    value_named("tp_frame_nr", value_uint(get_u32(p + 12))),
	};
	return value_struct_of(c->arena, f, 4);
}

/* SO_TXREHASH: a named int; strace shows an unnamed one in decimal. */
static struct value opt_txrehash(struct dctx *c, const uint8_t *p, size_t len)
{
	if (len < 4)
		return hex_bytes(c, p, len);
	int32_t v = (int32_t)get_u32(p);
	struct value e = value_enum((uint32_t)v, &xlat_sock_txrehash);
	if (v < 0 || !xlat_name(&xlat_sock_txrehash, (uint32_t)v)) {
		e = value_int(v);
		e.comment = xlat_sock_txrehash.unknown;
	}
	return int_box(c, e);
}

/* ICMP_FILTER: a set of ICMP types, one bit each, shown like a signal set:
 * the types left out, ~[...], when more than half are in.  strace reads a
 * shorter value over all-ones. */
static struct value opt_icmp_filter(struct dctx *c, const uint8_t *p, size_t len)
{
	uint32_t bits = UINT32_MAX;
	struct value v;
	memcpy(&bits, p, len < sizeof(bits) ? len : sizeof(bits));
	bool negate = __builtin_popcount(bits) > 16;
	if (negate)
		bits = ~bits;
	struct value *items = value_array(c->arena, &v, (uint32_t)__builtin_popcount(bits));
	for (unsigned i = 0, n = 0; i < 32; i++)
		if (bits >> i & 1)
			items[n++] = value_enum(i, &xlat_icmp_types);
	v.flags |= VF_SPACED | (negate ? VF_NEGATED : 0);
	return v;
}

enum { OPT_SET = 1, OPT_GET = 2 };

/* size: the struct's size, words tracee words plus bytes; setsockopt shows a
 * shorter value as its address, getsockopt decodes what there is. */
static const struct optval_decoder {
	uint32_t level, name;
	uint8_t dir;	 /* OPT_SET, OPT_GET */
	uint8_t partial; /* setsockopt decodes a shorter value too */
	uint8_t words;
	uint16_t bytes;
	optval_fn fn;
} optval_decoders[] = {
    {SOL_SOCKET, SO_LINGER, OPT_SET | OPT_GET, 0, 0, 8, opt_linger},
    {SOL_SOCKET, SO_PEERCRED, OPT_GET, 0, 0, 12, opt_ucred},
    {SOL_SOCKET, SO_ERROR, OPT_GET, 0, 0, 4, opt_errno},
    {SOL_SOCKET, SO_TXREHASH, OPT_SET | OPT_GET, 0, 0, 4, opt_txrehash},
    {SOL_RAW, ICMP_FILTER, OPT_SET | OPT_GET, 1, 0, 4, opt_icmp_filter},
    {SOL_SOCKET, SO_ATTACH_FILTER, OPT_SET, 0, 2, 0, opt_fprog},
    {SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, OPT_SET, 0, 2, 0, opt_fprog},
    {SOL_IP, IP_ADD_MEMBERSHIP, OPT_SET, 0, 0, 8, opt_ip_mreq},
    {SOL_IP, IP_DROP_MEMBERSHIP, OPT_SET, 0, 0, 8, opt_ip_mreq},
    {SOL_IP, MCAST_JOIN_GROUP, OPT_SET, 0, 1, SOCKADDR_MAX, opt_group_req},
    {SOL_IP, MCAST_LEAVE_GROUP, OPT_SET, 0, 1, SOCKADDR_MAX, opt_group_req},
    {SOL_IPV6, IPV6_ADD_MEMBERSHIP, OPT_SET, 0, 0, 20, opt_ipv6_mreq},
    {SOL_IPV6, IPV6_DROP_MEMBERSHIP, OPT_SET, 0, 0, 20, opt_ipv6_mreq},
    {SOL_IPV6, IPV6_JOIN_ANYCAST, OPT_SET, 0, 0, 20, opt_ipv6_mreq},
    {SOL_IPV6, IPV6_LEAVE_ANYCAST, OPT_SET, 0, 0, 20, opt_ipv6_mreq},
    {SOL_IPV6, MCAST_JOIN_GROUP, OPT_SET, 0, 1, SOCKADDR_MAX, opt_group_req},
    {SOL_IPV6, MCAST_LEAVE_GROUP, OPT_SET, 0, 1, SOCKADDR_MAX, opt_group_req},
    {SOL_PACKET, PACKET_ADD_MEMBERSHIP, OPT_SET, 0, 0, 16, opt_packet_mreq},
    {SOL_PACKET, PACKET_DROP_MEMBERSHIP, OPT_SET, 0, 0, 16, opt_packet_mreq},
    {SOL_PACKET, PACKET_RX_RING, OPT_SET, 0, 0, 16, opt_tpacket_req},
    {SOL_PACKET, PACKET_TX_RING, OPT_SET, 0, 0, 16, opt_tpacket_req},
};

static size_t optval_size(const struct dctx *c, const struct optval_decoder *d)
{
	return d->words * word(c) + d->bytes;
}

/* Option names per level.  get: getsockopt names that differ from the
 * setsockopt ones; ints: options whose value is an int at any length
 * (all_int: every option of the level, named or not). */
static const struct sockopt_level {
	uint32_t level;
	const struct xlat *names, *get, *ints;
	bool all_int;
} sockopt_levels[] = {
    {SOL_SOCKET, &xlat_sockopt_socket, &xlat_sockopt_socket_get, &xlat_sockopt_socket_int},
    {SOL_IP, &xlat_sockopt_ip, &xlat_sockopt_ip_get},
    {SOL_TCP, &xlat_sockopt_tcp},
    {SOL_UDP, &xlat_sockopt_udp},
    {AF_VSOCK, &xlat_sockopt_vsock},
    {SOL_IPV6, &xlat_sockopt_ipv6, &xlat_sockopt_ipv6_get},
    {SOL_CAN_RAW, &xlat_sockopt_can_raw},
    {SOL_SCTP, &xlat_sockopt_sctp},
    {SOL_RAW, &xlat_sockopt_raw},
    {SOL_IPX, &xlat_sockopt_ipx},
    {SOL_AX25, &xlat_sockopt_ax25},
    {SOL_PACKET, &xlat_sockopt_packet},
    {SOL_IRDA, &xlat_sockopt_irda},
    {SOL_LLC, &xlat_sockopt_llc},
    {SOL_DCCP, &xlat_sockopt_dccp},
    {SOL_NETLINK, &xlat_sockopt_netlink, NULL, NULL, true},
    {SOL_TIPC, &xlat_sockopt_tipc},
    {SOL_RXRPC, &xlat_sockopt_rxrpc},
    {SOL_PPPOL2TP, &xlat_sockopt_pppol2tp},
    {SOL_BLUETOOTH, &xlat_sockopt_bluetooth},
    {SOL_PNPIPE, &xlat_sockopt_pnpipe},
    {SOL_RDS, &xlat_sockopt_rds},
    {SOL_IUCV, &xlat_sockopt_iucv},
    {SOL_CAIF, &xlat_sockopt_caif},
    {SOL_ALG, &xlat_sockopt_alg},
    {SOL_NFC, &xlat_sockopt_nfc},
    {SOL_KCM, &xlat_sockopt_kcm},
    {SOL_TLS, &xlat_sockopt_tls},
    {SOL_XDP, &xlat_sockopt_xdp},
};

static const struct sockopt_level *find_level(uint32_t level)
{
	for (size_t i = 0; i < sizeof(sockopt_levels) / sizeof(sockopt_levels[0]); i++)
		if (sockopt_levels[i].level == level)
			return &sockopt_levels[i];
	return NULL;
}

static const struct optval_decoder *find_optval(uint32_t level, uint32_t name, unsigned dir)
{
	for (size_t i = 0; i < sizeof(optval_decoders) / sizeof(optval_decoders[0]); i++) {
		const struct optval_decoder *d = &optval_decoders[i];
		if (d->level == level && d->name == name && (d->dir & dir))
			return d;
	}
	return NULL;
}

static bool int_option(uint32_t level, uint32_t name)
{
	const struct sockopt_level *l = find_level(level);
	return l && (l->all_int || (l->ints && xlat_name(l->ints, name)));
}

/* The level and option name arguments. */
static void sockopt_names(struct dctx *c, bool get)
{
	struct syscall_value *sc = c->sc;
	uint32_t level = (uint32_t)sc->raw[1], name = (uint32_t)sc->raw[2];
	const struct sockopt_level *l = find_level(level);
	sc->args[1] = value_enum(level, &xlat_socket_levels);
	if (!xlat_name(&xlat_socket_levels, level)) {
		/* setsockopt's unknown level has two question marks in strace */
		sc->args[1] = value_hex(level);
		sc->args[1].comment = "SOL_??";
	}
	if (!l) {
		sc->args[2] = value_uint(name);
		return;
	}
	const struct xlat *names = get && l->get && xlat_name(l->get, name) ? l->get : l->names;
	sc->args[2] = value_enum(name, names);
}

/* A value of len bytes at addr: [int] when it is exactly an int, else the
 * bytes (at most -s of them). */
static struct value default_optval(struct dctx *c, uint64_t addr, uint32_t len)
{
	int32_t v;
	if (len != sizeof(v) || !addr)
		return decode_buf(c, addr, len);
	if (decode_read(c, addr, &v, sizeof(v)) < 0)
		return value_badaddr(addr);
	return int_box(c, value_int(v));
}

static struct value set_optval(struct dctx *c, uint32_t level, uint32_t name, uint64_t addr,
			       int32_t len)
{
	const struct optval_decoder *d = find_optval(level, name, OPT_SET);
	size_t size;
	if (d)
		size = optval_size(c, d);
	else if (int_option(level, name))
		size = sizeof(int32_t);
	else
		return default_optval(c, addr, (uint32_t)len);
	if (!addr)
		return value_ptr(0);
	if (d && d->partial && (uint32_t)len < size)
		size = (uint32_t)len;
	else if (len < (int64_t)size)
		return value_ptr(addr);
	uint8_t *buf = arena_alloc(c->arena, size);
	if (decode_read(c, addr, buf, size) < 0)
		return value_badaddr(addr);
	if (d)
		return d->fn(c, buf, size);
	return int_box(c, value_int((int32_t)get_u32(buf)));
}

void sys_setsockopt(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	decode_generic(c);
	sockopt_names(c, false);
	sc->args[3] = set_optval(c, (uint32_t)sc->raw[1], (uint32_t)sc->raw[2], sc->raw[3],
				 (int32_t)sc->raw[4]);
}

/* getsockopt's value, len bytes the kernel wrote. */
static struct value get_optval(struct dctx *c, uint32_t level, uint32_t name, uint64_t addr,
			       size_t len)
{
	const struct optval_decoder *d = find_optval(level, name, OPT_GET);
	if (!d && !int_option(level, name))
		return default_optval(c, addr, (uint32_t)len);
	if (!addr)
		return value_ptr(0);
	if (d && len > optval_size(c, d))
		len = optval_size(c, d);
	else if (!d && len > sizeof(int32_t))
		len = sizeof(int32_t);
	uint8_t *buf = arena_alloc(c->arena, len);
	if (decode_read(c, addr, buf, len) < 0)
		return value_badaddr(addr);
	if (d)
		return d->fn(c, buf, len);
	if (len < sizeof(int32_t))
		return hex_bytes(c, buf, len);
	return int_box(c, value_int((int32_t)get_u32(buf)));
}

/* At exit: the value the kernel wrote and its length, [4] or [16 => 4]. */
static void getsockopt_out(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint64_t addr = sc->raw[3], lenp = sc->raw[4];
	struct value kept = sc->args[4];
	int32_t in = (int32_t)kept.u, out;
	sc->args[3] = value_ptr(addr);
	sc->args[4] = value_ptr(lenp);
	if (!lenp || kept.kind != V_NONE || !kept.n)
		return;
	if (sc->err || decode_read(c, lenp, &out, sizeof(out)) < 0) {
		sc->args[4] = int_box(c, value_int(in));
		return;
	}
	sc->args[4] = inout_len(c, in, out);
	int32_t len = in < out ? in : out;
	if (len > 0)
		sc->args[3] =
		    get_optval(c, (uint32_t)sc->raw[1], (uint32_t)sc->raw[2], addr, (size_t)len);
}

void sys_getsockopt(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		decode_generic(c);
		sockopt_names(c, true);
		keep_len(c, 4, sc->raw[4]);
		return;
	}
	getsockopt_out(c);
	sc->args[3].flags |= VF_OUT;
	sc->args[4].flags |= VF_OUT;
}
