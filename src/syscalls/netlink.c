/* Netlink messages (netlink(7), rtnetlink(7)) as strace 6.1 shows them.
 *
 * A buffer holds messages one after another, each aligned to 4 bytes; one
 * message prints as its header {nlmsg_len=...}, or as [header, payload...]
 * when it has a payload; several (or one followed by bytes too few for
 * another header) as an array of those, -s of them at most.  Payloads and
 * attributes that have no decoder, or are too short for theirs, print as
 * hex strings.  Attributes follow the same rules as messages: {nla_len=...}
 * alone, or [header, value], in an array when there are several.
 *
 * The whole buffer is read once (up to NL_READ_MAX bytes) and decoded from
 * the copy; lengths inside it are never trusted beyond what was read. */
#include "syscalls/netlink.h"
#include "syscalls/errno_names.h"
#include "syscalls/sockaddr.h"
#include "xlat/all.h"

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* Data read from the tracee for one buffer: an rtnetlink dump fills 32 KiB. */
#define NL_READ_MAX (256 * 1024)
/* struct nlmsgerr: the error and the header of the message it answers. */
#define NLMSGERR_SIZE (4 + NLMSG_HDRLEN)

struct nl {
	struct dctx *c;
	int proto; /* NETLINK_*, or -1 when not known */
};

/* NLMSG_ALIGN in 64 bits: the kernel's macro masks with an unsigned int,
 * which turns a length near 4 GiB into 0 (and the walk would never end). */
static size_t align4(uint32_t len)
{
	return ((size_t)len + 3) & ~(size_t)3;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* Bytes no decoder claims: every one as \xNN, at most -s of them. */
static struct value hex_str(struct dctx *c, const uint8_t *p, size_t n)
{
	size_t max = c->opts->strsize;
	struct value v = value_str(c->arena, p, (uint32_t)(n > max ? max : n), n > max);
	v.flags |= VF_HEX;
	return v;
}

/* A string attribute meant to end in NUL: shown without it when the NUL is
 * the last byte and within -s; otherwise what fits, followed by "...". */
static struct value nul_str(struct dctx *c, const uint8_t *p, size_t n)
{
	size_t max = c->opts->strsize;
	if (n <= max && p[n - 1] == '\0')
		return value_str(c->arena, p, (uint32_t)(n - 1), 0);
	return value_str(c->arena, p, (uint32_t)(n > max ? max : n), 1);
}

/* An array of the n items at v, or the item alone when it is the only one
 * and nothing was left out; "..." alone when -s is 0. */
static struct value list_value(struct dctx *c, const struct value *v, size_t n, bool trunc)
{
	if (n == 1 && !trunc)
		return v[0];
	if (n == 0 && trunc)
		return (struct value){.kind = V_ELLIPSIS};
	struct value a = value_array_of(c->arena, v, (uint32_t)n);
	if (trunc)
		a.flags |= VF_TRUNC;
	return a;
}

/* --- attributes */

enum attr_kind {
	NA_HEX, /* no decoder */
	NA_STR,
	NA_U8,
	NA_U32,
	NA_S32,
	NA_ADDR,   /* an address of the message's family */
	NA_HWADDR, /* 00:11:22:33:44:55 */
	NA_IFA_FLAGS,
	NA_CACHEINFO,
	NA_EXT_MASK,
	NA_EVENT,
	NA_STATS,
	NA_STATS64,
	NA_MAP,
};

struct attr_table {
	const struct xlat *names;
	const uint8_t *kinds; /* enum attr_kind by attribute type */
	size_t n;
};

static const uint8_t ifa_kinds[] = {
    [IFA_ADDRESS] = NA_ADDR,	   [IFA_LOCAL] = NA_ADDR,      [IFA_LABEL] = NA_STR,
    [IFA_BROADCAST] = NA_ADDR,	   [IFA_ANYCAST] = NA_ADDR,    [IFA_CACHEINFO] = NA_CACHEINFO,
    [IFA_MULTICAST] = NA_ADDR,	   [IFA_FLAGS] = NA_IFA_FLAGS, [IFA_RT_PRIORITY] = NA_U32,
    [IFA_TARGET_NETNSID] = NA_S32,
};

/* Nested attributes (IFLA_LINKINFO, IFLA_AF_SPEC, IFLA_PROP_LIST, ...)
 * and IFLA_VFINFO_LIST print as hex: strace 6.1 decodes them further. */
static const uint8_t ifla_kinds[] = {
    [IFLA_ADDRESS] = NA_HWADDR,
    [IFLA_BROADCAST] = NA_HWADDR,
    [IFLA_IFNAME] = NA_STR,
    [IFLA_MTU] = NA_U32,
    [IFLA_LINK] = NA_U32,
    [IFLA_QDISC] = NA_STR,
    [IFLA_STATS] = NA_STATS,
    [IFLA_MASTER] = NA_U32,
    [IFLA_TXQLEN] = NA_U32,
    [IFLA_MAP] = NA_MAP,
    [IFLA_WEIGHT] = NA_U32,
    [IFLA_OPERSTATE] = NA_U8,
    [IFLA_LINKMODE] = NA_U8,
    [IFLA_NET_NS_PID] = NA_U32,
    [IFLA_IFALIAS] = NA_STR,
    [IFLA_NUM_VF] = NA_U32,
    [IFLA_STATS64] = NA_STATS64,
    [IFLA_GROUP] = NA_U32,
    [IFLA_NET_NS_FD] = NA_U32,
    [IFLA_EXT_MASK] = NA_EXT_MASK,
    [IFLA_PROMISCUITY] = NA_U32,
    [IFLA_NUM_TX_QUEUES] = NA_U32,
    [IFLA_NUM_RX_QUEUES] = NA_U32,
    [IFLA_CARRIER] = NA_U8,
    [IFLA_CARRIER_CHANGES] = NA_U32,
    [IFLA_LINK_NETNSID] = NA_S32,
    [IFLA_PHYS_PORT_NAME] = NA_STR,
    [IFLA_PROTO_DOWN] = NA_U8,
    [IFLA_GSO_MAX_SEGS] = NA_U32,
    [IFLA_GSO_MAX_SIZE] = NA_U32,
    [IFLA_EVENT] = NA_EVENT,
    [IFLA_NEW_NETNSID] = NA_S32,
    [IFLA_IF_NETNSID] = NA_S32,
    [IFLA_CARRIER_UP_COUNT] = NA_U32,
    [IFLA_CARRIER_DOWN_COUNT] = NA_U32,
    [IFLA_NEW_IFINDEX] = NA_S32,
    [IFLA_MIN_MTU] = NA_U32,
    [IFLA_MAX_MTU] = NA_U32,
    [IFLA_ALT_IFNAME] = NA_STR,
    [IFLA_PERM_ADDRESS] = NA_HWADDR,
    [IFLA_PARENT_DEV_NAME] = NA_STR,
    [IFLA_PARENT_DEV_BUS_NAME] = NA_STR,
    [IFLA_GRO_MAX_SIZE] = NA_U32,
    [IFLA_TSO_MAX_SIZE] = NA_U32,
    [IFLA_TSO_MAX_SEGS] = NA_U32,
    [IFLA_ALLMULTI] = NA_U32,
};

static const struct attr_table ifa_attrs = {&xlat_ifa_attrs, ifa_kinds, sizeof(ifa_kinds)};
static const struct attr_table ifla_attrs = {&xlat_ifla_attrs, ifla_kinds, sizeof(ifla_kinds)};

/* struct rtnl_link_stats(64): the fields in order; the 32-bit one ends
 * before rx_otherhost_dropped.  Older kernels send fewer fields (no
 * rx_nohandler before 4.6): strace shows any length from 23 fields up. */
static const char *const stats_names[] = {
    "rx_packets",
    "tx_packets",
    "rx_bytes",
    "tx_bytes",
    "rx_errors",
    "tx_errors",
    "rx_dropped",
    "tx_dropped",
    "multicast",
    "collisions",
    "rx_length_errors",
    "rx_over_errors",
    "rx_crc_errors",
    "rx_frame_errors",
    "rx_fifo_errors",
    "rx_missed_errors",
    "tx_aborted_errors",
    "tx_carrier_errors",
    "tx_fifo_errors",
    "tx_heartbeat_errors",
    "tx_window_errors",
    "rx_compressed",
    "tx_compressed",
    "rx_nohandler",
    "rx_otherhost_dropped",
};
enum { STATS_MIN_FIELDS = 23, STATS32_FIELDS = 24, STATS64_FIELDS = 25 };

static struct value stats_value(struct dctx *c, const uint8_t *p, size_t len, size_t width)
{
	size_t max = width == 8 ? STATS64_FIELDS : STATS32_FIELDS, n = len / width;
	if (n < STATS_MIN_FIELDS)
		return hex_str(c, p, len);
	if (n > max)
		n = max;
	struct value f[STATS64_FIELDS];
	for (size_t i = 0; i < n; i++) {
		uint64_t v = get32(p + i * width);
		if (width == 8)
			memcpy(&v, p + i * width, 8);
		f[i] = value_named(stats_names[i], value_uint(v));
	}
	return value_struct_of(c->arena, f, (uint32_t)n);
}

static struct value map_value(struct dctx *c, const uint8_t *p, size_t len)
{
	struct rtnl_link_ifmap m;
	if (len < sizeof(m))
		return hex_str(c, p, len);
	memcpy(&m, p, sizeof(m));
	struct value f[6] = {
	    value_named("mem_start", value_hex(m.mem_start)),
	    value_named("mem_end", value_hex(m.mem_end)),
	    value_named("base_addr", value_hex(m.base_addr)),
	    value_named("irq", value_uint(m.irq)),
	    value_named("dma", value_uint(m.dma)),
	    value_named("port", value_uint(m.port)),
	};
	return value_struct_of(c->arena, f, 6);
}

static struct value cacheinfo_value(struct dctx *c, const uint8_t *p, size_t len)
{
	struct ifa_cacheinfo ci;
	if (len < sizeof(ci))
		return hex_str(c, p, len);
	memcpy(&ci, p, sizeof(ci));
	struct value f[4] = {
	    value_named("ifa_prefered", value_uint(ci.ifa_prefered)),
	    value_named("ifa_valid", value_uint(ci.ifa_valid)),
	    value_named("cstamp", value_uint(ci.cstamp)),
	    value_named("tstamp", value_uint(ci.tstamp)),
	};
	return value_struct_of(c->arena, f, 4);
}

/* IFA_ADDRESS and the like: an address of the message's family, from its
 * first bytes. */
static struct value addr_value(struct dctx *c, const uint8_t *p, size_t len, int family)
{
	char text[INET6_ADDRSTRLEN];
	if (family == AF_INET && len >= 4)
		return inet_addr_value(c, p);
	if (family != AF_INET6 || len < 16)
		return hex_str(c, p, len);
	inet_ntop(AF_INET6, p, text, sizeof(text));
	return value_raw(arena_printf(c->arena, "inet_pton(AF_INET6, \"%s\")", text));
}

/* The value of one attribute, len (> 0) bytes at p. */
static struct value attr_data(struct dctx *c, const struct attr_table *t, uint16_t type,
			      const uint8_t *p, size_t len, int family)
{
	enum attr_kind k = type < t->n ? (enum attr_kind)t->kinds[type] : NA_HEX;
	switch (k) {
	case NA_STR:
		return nul_str(c, p, len);
	case NA_U8:
		return value_uint(p[0]);
	case NA_ADDR:
		return addr_value(c, p, len, family);
	case NA_HWADDR:
		return mac_value(c, p, len);
	case NA_CACHEINFO:
		return cacheinfo_value(c, p, len);
	case NA_STATS:
		return stats_value(c, p, len, 4);
	case NA_STATS64:
		return stats_value(c, p, len, 8);
	case NA_MAP:
		return map_value(c, p, len);
	case NA_HEX:
		return hex_str(c, p, len);
	default:
		break;
	}
	if (len < 4)
		return hex_str(c, p, len);
	uint32_t v = get32(p);
	switch (k) {
	case NA_S32:
		return value_int((int32_t)v);
	case NA_IFA_FLAGS:
		return value_flags(v, &xlat_ifa_flags);
	case NA_EXT_MASK:
		return value_flags(v, &xlat_rtext_filters);
	case NA_EVENT:
		return value_enum(v, &xlat_ifla_events);
	default:
		return value_uint(v);
	}
}

/* nla_type: the type named by the table, after the NLA_F_* bits it carries. */
static struct value attr_type_value(struct dctx *c, const struct attr_table *t, uint16_t raw)
{
	uint16_t type = raw & NLA_TYPE_MASK;
	if (type == raw)
		return value_enum(type, t->names);
	const char *name = xlat_name(t->names, type);
	char num[32];
	if (!name)
		snprintf(num, sizeof(num), "%#x /* %s */", type, t->names->unknown);
	return value_raw(arena_printf(
	    c->arena, "%s%s%s", (raw & NLA_F_NESTED) ? "NLA_F_NESTED|" : "",
	    (raw & NLA_F_NET_BYTEORDER) ? "NLA_F_NET_BYTEORDER|" : "", name ? name : num));
}

/* One attribute at p, rem bytes left (>= NLA_HDRLEN). */
static struct value attr_value(struct dctx *c, const struct attr_table *t, const uint8_t *p,
			       size_t rem, int family)
{
	uint16_t len = get16(p), type = get16(p + 2);
	struct value f[2] = {
	    value_named("nla_len", value_uint(len)),
	    value_named("nla_type", attr_type_value(c, t, type)),
	};
	struct value hdr = value_struct_of(c->arena, f, 2);
	if (len <= NLA_HDRLEN)
		return hdr;
	size_t dlen = (len < rem ? len : rem) - NLA_HDRLEN;
	if (!dlen)
		return hdr;
	struct value v[2] = {hdr,
			     attr_data(c, t, type & NLA_TYPE_MASK, p + NLA_HDRLEN, dlen, family)};
	return value_array_of(c->arena, v, 2);
}

/*
 * A run of records that each start with their own length (hdrlen bytes at
 * least; the length is the first 16 or 32 bits), 4-byte aligned, filling len
 * bytes at p: attributes, or messages. At most -s records, as strace; a tail
 * too short for a header is shown in hex.
 */
typedef struct value record_fn(const void *arg, const uint8_t *p, size_t rem);

static struct value records_value(struct dctx *c, const uint8_t *p, size_t len, size_t hdrlen,
				  bool len32, record_fn *item, const void *arg)
{
	if (len < hdrlen)
		return hex_str(c, p, len);
	size_t max = c->opts->strsize, cap = len / hdrlen + 1, n = 0, off = 0;
	struct value *items = arena_alloc(c->arena, ((cap < max ? cap : max) + 1) * sizeof(*items));
	bool trunc = false;
	for (;;) {
		size_t rem = len - off;
		if (rem < hdrlen) {
			items[n++] = hex_str(c, p + off, rem);
			break;
		}
		if (n == max) {
			trunc = true;
			break;
		}
		uint32_t rlen = len32 ? get32(p + off) : get16(p + off);
		items[n++] = item(arg, p + off, rem);
		if (rlen < hdrlen || rem <= align4(rlen))
			break;
		off += align4(rlen);
	}
	return list_value(c, items, n, trunc);
}

struct attrs_arg {
	struct dctx *c;
	const struct attr_table *t;
	int family;
};

static struct value one_attr(const void *arg, const uint8_t *p, size_t rem)
{
	const struct attrs_arg *a = arg;
	return attr_value(a->c, a->t, p, rem, a->family);
}

/* The attributes filling len bytes at p. */
static struct value attrs_value(struct dctx *c, const struct attr_table *t, const uint8_t *p,
				size_t len, int family)
{
	struct attrs_arg a = {c, t, family};
	return records_value(c, p, len, NLA_HDRLEN, false, one_attr, &a);
}

/* --- NETLINK_ROUTE payloads */

/* A struct shorter than its size: strace shows the family and "...". */
static struct value family_only(struct dctx *c, const char *name, uint8_t family)
{
	struct value f[2] = {
	    value_named(name, value_enum(family, &xlat_address_families)),
	    {.kind = V_ELLIPSIS},
	};
	return value_struct_of(c->arena, f, 2);
}

static struct value scope_value(uint8_t scope)
{
	if (xlat_name(&xlat_rt_scopes, scope))
		return value_enum(scope, &xlat_rt_scopes);
	return value_hex(scope);
}

/* RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR: struct ifaddrmsg and attributes. */
static unsigned ifaddrmsg_parts(struct dctx *c, const uint8_t *p, size_t len, struct value *out)
{
	struct ifaddrmsg ifa;
	if (len < sizeof(ifa)) {
		out[0] = family_only(c, "ifa_family", p[0]);
		return 1;
	}
	memcpy(&ifa, p, sizeof(ifa));
	struct value f[5] = {
	    value_named("ifa_family", value_enum(ifa.ifa_family, &xlat_address_families)),
	    value_named("ifa_prefixlen", value_uint(ifa.ifa_prefixlen)),
	    value_named("ifa_flags", value_flags(ifa.ifa_flags, &xlat_ifa_flags)),
	    value_named("ifa_scope", scope_value(ifa.ifa_scope)),
	    value_named("ifa_index", ifindex_value(c, ifa.ifa_index)),
	};
	out[0] = value_struct_of(c->arena, f, 5);
	size_t off = NLMSG_ALIGN(sizeof(ifa));
	if (len <= off)
		return 1;
	out[1] = attrs_value(c, &ifa_attrs, p + off, len - off, ifa.ifa_family);
	return 2;
}

/* RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK: struct ifinfomsg. */
static unsigned ifinfomsg_parts(struct dctx *c, const uint8_t *p, size_t len, struct value *out)
{
	struct ifinfomsg ifi;
	if (len < sizeof(ifi)) {
		out[0] = family_only(c, "ifi_family", p[0]);
		return 1;
	}
	memcpy(&ifi, p, sizeof(ifi));
	struct value f[5] = {
	    value_named("ifi_family", value_enum(ifi.ifi_family, &xlat_address_families)),
	    value_named("ifi_type", value_enum(ifi.ifi_type, &xlat_arp_hardware_types)),
	    value_named("ifi_index", ifindex_value(c, (uint32_t)ifi.ifi_index)),
	    value_named("ifi_flags", value_flags(ifi.ifi_flags, &xlat_iff_flags)),
	    value_named("ifi_change", value_hex(ifi.ifi_change)),
	};
	out[0] = value_struct_of(c->arena, f, 5);
	size_t off = NLMSG_ALIGN(sizeof(ifi));
	if (len <= off)
		return 1;
	out[1] = attrs_value(c, &ifla_attrs, p + off, len - off, ifi.ifi_family);
	return 2;
}

/* The other message types: the family their payloads start with, then the
 * bytes.  strace 6.1 has decoders for the route, neighbour, rule, qdisc ...
 * messages too: scry shows them in this form. */
static unsigned rtgen_parts(struct dctx *c, const uint8_t *p, size_t len, struct value *out)
{
	struct value f[2] = {
	    value_named("family", value_enum(p[0], &xlat_address_families)),
	};
	if (len > 1)
		f[1] = value_named("data", hex_str(c, p + 1, len - 1));
	out[0] = value_struct_of(c->arena, f, len > 1 ? 2 : 1);
	return 1;
}

static unsigned route_parts(struct dctx *c, uint16_t type, const uint8_t *p, size_t len,
			    struct value *out)
{
	switch (type) {
	case RTM_NEWADDR:
	case RTM_DELADDR:
	case RTM_GETADDR:
		return ifaddrmsg_parts(c, p, len, out);
	case RTM_NEWLINK:
	case RTM_DELLINK:
	case RTM_GETLINK:
	case RTM_SETLINK:
		return ifinfomsg_parts(c, p, len, out);
	default:
		return rtgen_parts(c, p, len, out);
	}
}

/* --- messages */

static const struct xlat *flags_xlat(const struct nl *n, uint16_t type)
{
	if (type == NLMSG_ERROR)
		return &xlat_nlm_flags_ack;
	if (type < NLMSG_MIN_TYPE || n->proto != NETLINK_ROUTE)
		return &xlat_nlm_flags;
	if (type == RTM_DELACTION) /* strace reads it as a request like GET */
		return &xlat_nlm_flags_get;
	/* RTM_NEW*, RTM_DEL*, RTM_GET*, RTM_SET* come in fours from 16 */
	static const struct xlat *const by_kind[4] = {&xlat_nlm_flags_new, &xlat_nlm_flags_del,
						      &xlat_nlm_flags_get, &xlat_nlm_flags};
	return by_kind[type & 3];
}

static struct value nlmsghdr_value(const struct nl *n, const struct nlmsghdr *h)
{
	const struct xlat *types = h->nlmsg_type >= NLMSG_MIN_TYPE && n->proto == NETLINK_ROUTE
				       ? &xlat_rtm_types
				       : &xlat_nlmsg_types;
	struct value f[5] = {
	    value_named("nlmsg_len", value_uint(h->nlmsg_len)),
	    value_named("nlmsg_type", value_enum(h->nlmsg_type, types)),
	    value_named("nlmsg_flags", value_flags(h->nlmsg_flags, flags_xlat(n, h->nlmsg_type))),
	    value_named("nlmsg_seq", value_uint(h->nlmsg_seq)),
	    value_named("nlmsg_pid", value_int((int32_t)h->nlmsg_pid)),
	};
	return value_struct_of(n->c->arena, f, 5);
}

static struct value message_value(const struct nl *n, const uint8_t *p, size_t rem);

/* -EINVAL by name; 0, positive and unnamed values as numbers. */
static struct value error_value(struct dctx *c, int32_t err)
{
	const char *name = err < 0 && err > -4096 ? errno_name(-err) : NULL;
	if (!name)
		return value_int(err);
	return value_raw(arena_printf(c->arena, "-%s", name));
}

/* NLMSG_ERROR: struct nlmsgerr, the error and the message it answers (its
 * header, or all of it without NETLINK_CAP_ACK); what follows that message
 * (extended ACK attributes) in hex makes it [{error=..., msg=...}, "..."]. */
static unsigned nlmsgerr_parts(const struct nl *n, const uint8_t *p, size_t len, struct value *out)
{
	struct dctx *c = n->c;
	if (len < NLMSGERR_SIZE) {
		out[0] = hex_str(c, p, len);
		return 1;
	}
	int32_t err = (int32_t)get32(p);
	struct value f[2] = {
	    value_named("error", error_value(c, err)),
	    value_named("msg", message_value(n, p + 4, len - 4)),
	};
	out[0] = value_struct_of(c->arena, f, 2);
	uint32_t inner = get32(p + 4);
	size_t used = align4(inner);
	if (inner < NLMSG_HDRLEN || len - 4 <= used)
		return 1;
	struct value both[2] = {out[0], hex_str(c, p + 4 + used, len - 4 - used)};
	out[0] = value_array_of(c->arena, both, 2);
	return 1;
}

/* The payload of a message: len (> 0) bytes at p. */
static unsigned payload_parts(const struct nl *n, uint16_t type, const uint8_t *p, size_t len,
			      struct value *out)
{
	if (type == NLMSG_DONE && len == sizeof(int32_t)) {
		out[0] = value_int((int32_t)get32(p));
		return 1;
	}
	if (type == NLMSG_ERROR)
		return nlmsgerr_parts(n, p, len, out);
	if (type >= NLMSG_MIN_TYPE && n->proto == NETLINK_ROUTE)
		return route_parts(n->c, type, p, len, out);
	out[0] = hex_str(n->c, p, len);
	return 1;
}

/* One message at p, rem (>= NLMSG_HDRLEN) bytes left in the buffer. */
static struct value message_value(const struct nl *n, const uint8_t *p, size_t rem)
{
	struct nlmsghdr h;
	memcpy(&h, p, sizeof(h));
	struct value parts[4] = {nlmsghdr_value(n, &h)};
	if (h.nlmsg_len <= NLMSG_HDRLEN)
		return parts[0];
	size_t len = (h.nlmsg_len < rem ? h.nlmsg_len : rem) - NLMSG_HDRLEN;
	if (!len)
		return parts[0];
	unsigned k = 1 + payload_parts(n, h.nlmsg_type, p + NLMSG_HDRLEN, len, parts + 1);
	return value_array_of(n->c->arena, parts, k);
}

static struct value one_message(const void *arg, const uint8_t *p, size_t rem)
{
	return message_value(arg, p, rem);
}

static struct value messages_value(const struct nl *n, const uint8_t *p, size_t len)
{
	return records_value(n->c, p, len, NLMSG_HDRLEN, true, one_message, n);
}

/* --- the socket */

static int netlink_proto(struct dctx *c, int64_t fd)
{
	if (!c->sock_netlink) {
		int p = -2;
		if (c->opts->netlink_protocol && fd >= 0 && fd <= INT32_MAX)
			p = c->opts->netlink_protocol(c->tid, (int)fd);
		c->sock_netlink = p < -1 ? 1 : p + 3;
	}
	return c->sock_netlink - 3;
}

/* Could these bytes start a netlink message?  Asking /proc what the socket
 * is costs two syscalls, too much for every send and receive on a busy
 * TCP or UDP socket; text never passes (its bytes 4-5 make a type of 0x2020
 * or more, while netlink types stay below 0x2000: RTM_* < 0x100, generic
 * netlink families and audit's 1000-2999 below that), nor most binary
 * data, whose first word is seldom a length this buffer could hold. */
static bool could_be_netlink(const struct nlmsghdr *h, uint64_t len)
{
	return h->nlmsg_type < 0x2000 && (h->nlmsg_len <= len || h->nlmsg_len < 0x10000);
}

struct value netlink_refine(struct dctx *c, int64_t fd, uint64_t addr, uint64_t len,
			    struct value plain)
{
	struct nlmsghdr h;
	if (!addr || len < NLMSG_HDRLEN || !c->opts->netlink_protocol || plain.kind != V_STR)
		return plain;
	if (plain.n >= sizeof(h))
		memcpy(&h, plain.s, sizeof(h)); /* the bytes decode_buf read (-s >= 16) */
	else if (decode_read(c, addr, &h, sizeof(h)) < 0)
		return plain;
	if (!could_be_netlink(&h, len))
		return plain;
	int proto = netlink_proto(c, fd);
	if (proto < -1)
		return plain;
	size_t want = len > NL_READ_MAX ? NL_READ_MAX : (size_t)len;
	uint8_t *buf = arena_alloc(c->arena, want);
	size_t got = decode_read_partial(c, addr, buf, want);
	if (!got)
		return value_badaddr(addr);
	struct nl n = {c, proto};
	return messages_value(&n, buf, got);
}

struct value decode_sockbuf(struct dctx *c, int64_t fd, uint64_t addr, uint64_t len)
{
	return netlink_refine(c, fd, addr, len, decode_buf(c, addr, len));
}
