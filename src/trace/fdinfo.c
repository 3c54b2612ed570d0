#include "trace/fdinfo.h"
#include "lib/xalloc.h"
#include "xlat/all.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/xattr.h>
#include <unistd.h>

#define NBUCKETS 4096

struct fd_entry {
	int tgid, fd;
	char *desc;
	struct fd_entry *next;
};

struct fdinfo {
	unsigned level;
	bool cache; /* false: every syscall is not seen, so look every fd up */
	struct fd_entry *buckets[NBUCKETS];
};

struct fdinfo *fdinfo_new(unsigned level, bool cache)
{
	struct fdinfo *fi = xcalloc(1, sizeof(*fi));
	fi->level = level;
	fi->cache = cache;
	return fi;
}

static unsigned bucket(int tgid, int fd)
{
	return ((unsigned)tgid * 2654435761u ^ (unsigned)fd * 40503u) % NBUCKETS;
}

void fdinfo_forget(struct fdinfo *fi, int tgid, int fd)
{
	unsigned from = fd >= 0 ? bucket(tgid, fd) : 0, to = fd >= 0 ? from + 1 : NBUCKETS;
	for (unsigned b = from; b < to; b++) {
		struct fd_entry **pp = &fi->buckets[b];
		while (*pp) {
			struct fd_entry *e = *pp;
			if (e->tgid == tgid && (fd < 0 || e->fd == fd)) {
				*pp = e->next;
				free(e->desc);
				free(e);
			} else {
				pp = &e->next;
			}
		}
	}
}

void fdinfo_release(struct fdinfo *fi)
{
	for (unsigned b = 0; b < NBUCKETS; b++)
		while (fi->buckets[b]) {
			struct fd_entry *e = fi->buckets[b];
			fi->buckets[b] = e->next;
			free(e->desc);
			free(e);
		}
	free(fi);
}

/* strace's endpoint forms: "TCP:[local]" alone, "TCP:[local->remote]". */
static void put_endpoints(char *out, size_t n, const char *proto, const char *l, const char *r)
{
	if (r)
		snprintf(out, n, "%s:[%s->%s]", proto, l, r);
	else
		snprintf(out, n, "%s:[%s]", proto, l);
}

/* /proc/net/{tcp,udp}{,6}: "sl local rem st ... inode". Addresses are the
 * kernel's in-memory words printed as hex, ports host-order hex. */
static int parse_inet_addr(const char *hex, int v6, char *out, size_t n)
{
	unsigned char addr[16];
	unsigned port;
	char a[INET6_ADDRSTRLEN];
	unsigned words = v6 ? 4 : 1;
	for (unsigned w = 0; w < words; w++) {
		char chunk[9];
		memcpy(chunk, hex + w * 8, 8);
		chunk[8] = '\0';
		uint32_t v = (uint32_t)strtoul(chunk, NULL, 16);
		memcpy(addr + w * 4, &v, 4);
	}
	if (hex[words * 8] != ':' || sscanf(hex + words * 8 + 1, "%x", &port) != 1)
		return -1;
	inet_ntop(v6 ? AF_INET6 : AF_INET, addr, a, sizeof(a));
	snprintf(out, n, v6 ? "[%s]:%u" : "%s:%u", a, port);
	return (int)port;
}

static int is_zero_addr(const char *hex)
{
	for (; *hex && *hex != ':'; hex++)
		if (*hex != '0')
			return 0;
	return 1;
}

static int inet_describe(int tid, const char *proto, unsigned long ino, char *out, size_t n)
{
	static const struct {
		const char *proto, *file;
		int v6;
	} tables[] = {
	    {"TCP", "tcp", 0},	  {"UDP", "udp", 0},	     {"TCPv6", "tcp6", 1},
	    {"UDPv6", "udp6", 1}, {"UDPLITE", "udplite", 0}, {"UDPLITEv6", "udplite6", 1},
	};
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		if (strcmp(proto, tables[i].proto))
			continue;
		char path[64], line[512];
		snprintf(path, sizeof(path), "/proc/%d/net/%s", tid, tables[i].file);
		FILE *f = fopen(path, "re");
		if (!f)
			return -1;
		int found = -1;
		while (fgets(line, sizeof(line), f)) {
			char local[64], rem[64];
			unsigned st;
			unsigned long inode;
			if (sscanf(line, " %*u: %63s %63s %x %*s %*s %*s %*u %*u %lu", local, rem,
				   &st, &inode) != 4 ||
			    inode != ino)
				continue;
			char l[80], r[80];
			int lport = parse_inet_addr(local, tables[i].v6, l, sizeof(l));
			int rport = parse_inet_addr(rem, tables[i].v6, r, sizeof(r));
			/* TCP_LISTEN is 10; a listener's remote end is meaningless. */
			if ((rport == 0 && is_zero_addr(rem)) || (st == 10 && proto[0] == 'T')) {
				if (lport == 0 && is_zero_addr(local))
					snprintf(out, n, "%s:[%lu]", proto, ino);
				else
					put_endpoints(out, n, proto, l, NULL);
			} else {
				put_endpoints(out, n, proto, l, r);
			}
			found = 0;
			break;
		}
		fclose(f);
		return found;
	}
	return -1;
}

/* Opens a sock_diag socket and sends msg, a request after its nlmsghdr,
 * which this fills in. Returns the socket, or -1. */
static int diag_send(void *msg, size_t len, uint16_t flags)
{
	struct nlmsghdr *nlh = msg;
	*nlh = (struct nlmsghdr){.nlmsg_len = (uint32_t)len,
				 .nlmsg_type = SOCK_DIAG_BY_FAMILY,
				 .nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags)};
	int s = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (s >= 0 && send(s, msg, len, 0) != (ssize_t)len) {
		close(s);
		s = -1;
	}
	return s;
}

/* A TCP socket that is bound but neither listening nor connected is in no
 * /proc/net table; sock_diag dumps it when asked for every state (kernel
 * 6.5+ calls that state TCP_BOUND_INACTIVE). Scry's own network namespace:
 * the fallback for what the tracee's /proc/PID/net did not show. */
static int inet_diag_describe(const char *proto, unsigned long ino, char *out, size_t n)
{
	int v6 = strstr(proto, "v6") != NULL;
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg = {
	    .req = {.sdiag_family = (uint8_t)(v6 ? AF_INET6 : AF_INET),
		    .sdiag_protocol = (uint8_t)(proto[0] == 'T' ? IPPROTO_TCP : IPPROTO_UDP),
		    .idiag_states = ~0u},
	};
	int s = diag_send(&msg, sizeof(msg), NLM_F_DUMP);
	if (s < 0)
		return -1;
	int found = -1, done = 0;
	long buf[2048];
	while (!done) {
		ssize_t len = recv(s, buf, sizeof(buf), 0);
		if (len <= 0)
			break;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
				done = 1;
				break;
			}
			const struct inet_diag_msg *m = NLMSG_DATA(h);
			if (found == 0 || h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)) ||
			    m->idiag_inode != ino)
				continue;
			char a[INET6_ADDRSTRLEN], l[80], r[80];
			inet_ntop(m->idiag_family, m->id.idiag_src, a, sizeof(a));
			snprintf(l, sizeof(l), v6 ? "[%s]:%u" : "%s:%u", a,
				 ntohs(m->id.idiag_sport));
			inet_ntop(m->idiag_family, m->id.idiag_dst, a, sizeof(a));
			snprintf(r, sizeof(r), v6 ? "[%s]:%u" : "%s:%u", a,
				 ntohs(m->id.idiag_dport));
			put_endpoints(out, n, proto, l, m->id.idiag_dport ? r : NULL);
			found = 0;
		}
	}
	close(s);
	return found;
}

/* The protocol ("Eth") and port id of netlink socket ino in a
 * /proc/net/netlink table; -1 when the socket is not in it (not bound). */
static int netlink_lookup(const char *path, unsigned long ino, unsigned *proto,
			  unsigned long *portid)
{
	FILE *f = fopen(path, "re");
	char line[256];
	int found = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long inode;
		int got =
		    sscanf(line, "%*s %u %lu %*s %*s %*s %*s %*s %*s %lu", proto, portid, &inode);
		if (got == 3 && inode == ino) {
			found = 0;
			break;
		}
	}
	fclose(f);
	return found;
}

static int netlink_describe(unsigned long ino, char *out, size_t n)
{
	unsigned proto;
	unsigned long portid;
	if (netlink_lookup("/proc/net/netlink", ino, &proto, &portid) < 0)
		return -1;
	const char *name = xlat_name(&xlat_netlink_protocols, proto);
	if (!portid)
		snprintf(out, n, "NETLINK:[%lu]", ino);
	else if (name)
		snprintf(out, n, "NETLINK:[%s:%lu]", name + strlen("NETLINK_"), portid);
	else
		snprintf(out, n, "NETLINK:[%u:%lu]", proto, portid);
	return 0;
}

/* UNIX sockets: the peer's inode and the bound name come from sock_diag. */
static int unix_describe(const char *proto, unsigned long ino, char *out, size_t n)
{
	struct {
		struct nlmsghdr nlh;
		struct unix_diag_req req;
	} msg = {
	    .req = {.sdiag_family = AF_UNIX,
		    .udiag_states = ~0u,
		    .udiag_ino = (unsigned)ino,
		    .udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER,
		    .udiag_cookie = {~0u, ~0u}},
	};
	int s = diag_send(&msg, sizeof(msg), 0);
	if (s < 0)
		return -1;
	long buf[1024];
	ssize_t len = recv(s, buf, sizeof(buf), 0);
	close(s);
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	if (len < (ssize_t)sizeof(*h) || !NLMSG_OK(h, (unsigned)len) ||
	    h->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return -1;
	struct unix_diag_msg *m = NLMSG_DATA(h);
	unsigned peer = 0;
	char name[256] = "";
	int rlen = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
	for (struct rtattr *a = (struct rtattr *)(m + 1); RTA_OK(a, rlen); a = RTA_NEXT(a, rlen)) {
		size_t plen = RTA_PAYLOAD(a);
		if (a->rta_type == UNIX_DIAG_PEER && plen >= 4)
			memcpy(&peer, RTA_DATA(a), 4);
		if (a->rta_type == UNIX_DIAG_NAME && plen > 0 && plen < sizeof(name) - 1) {
			const char *p = RTA_DATA(a);
			/* An abstract name starts with NUL: strace shows it as @name. */
			if (p[0] == '\0')
				snprintf(name, sizeof(name), "@%.*s", (int)plen - 1, p + 1);
			else
				snprintf(name, sizeof(name), "%.*s", (int)strnlen(p, plen), p);
		}
	}
	int k = snprintf(out, n, "%s:[%lu", proto, ino);
	if (peer && k > 0 && (size_t)k < n)
		k += snprintf(out + k, n - (size_t)k, "->%u", peer);
	if (name[0] && k > 0 && (size_t)k < n)
		k += snprintf(out + k, n - (size_t)k, ",\"%s\"", name);
	if (k > 0 && (size_t)k < n)
		snprintf(out + k, n - (size_t)k, "]");
	return 0;
}

static void socket_describe(int tid, int fd, unsigned long ino, char *out, size_t n)
{
	char path[64], proto[32];
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", tid, fd);
	ssize_t k = getxattr(path, "system.sockprotoname", proto, sizeof(proto) - 1);
	if (k <= 0)
		return;
	proto[k] = '\0';
	if (!strncmp(proto, "UNIX", 4)) {
		if (unix_describe(proto, ino, out, n) == 0)
			return;
	} else if (!strcmp(proto, "NETLINK")) {
		if (netlink_describe(ino, out, n) == 0)
			return;
	} else if (inet_describe(tid, proto, ino, out, n) == 0 ||
		   (!strncmp(proto, "TCP", 3) && inet_diag_describe(proto, ino, out, n) == 0)) {
		return;
	}
	snprintf(out, n, "%s:[%lu]", proto, ino);
}

unsigned long fdinfo_socket_inode(int tid, int fd)
{
	char path[64], link[128];
	unsigned long ino = 0;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", tid, fd);
	ssize_t k = readlink(path, link, sizeof(link) - 1);
	if (k <= 0)
		return 0;
	link[k] = '\0';
	if (sscanf(link, "socket:[%lu]", &ino) != 1)
		return 0;
	return ino;
}

int fdinfo_netlink_protocol(int tid, int fd)
{
	char path[64], kind[16];
	unsigned long ino = fdinfo_socket_inode(tid, fd), portid;
	unsigned proto;
	if (!ino)
		return -2;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", tid, fd);
	ssize_t k = getxattr(path, "system.sockprotoname", kind, sizeof(kind) - 1);
	if (k <= 0)
		return -2;
	kind[k] = '\0';
	if (strcmp(kind, "NETLINK"))
		return -2;
	/* The tracee's network namespace, which need not be ours. */
	snprintf(path, sizeof(path), "/proc/%d/net/netlink", tid);
	if (netlink_lookup(path, ino, &proto, &portid) < 0)
		return -1;
	return (int)proto;
}

const char *fdinfo_describe(struct fdinfo *fi, int tgid, int tid, int fd, struct arena *a)
{
	if (fd < 0)
		return NULL;
	unsigned b = bucket(tgid, fd);
	for (struct fd_entry *e = fi->buckets[b]; e; e = e->next)
		if (e->tgid == tgid && e->fd == fd)
			return arena_strdup(a, e->desc);

	char path[64], link[4096];
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", tid, fd);
	ssize_t k = readlink(path, link, sizeof(link) - 1);
	if (k <= 0)
		return NULL;
	link[k] = '\0';
	unsigned long ino;
	if (fi->level >= 2 && sscanf(link, "socket:[%lu]", &ino) == 1) {
		/* Endpoints change with bind/connect: never cached. */
		socket_describe(tid, fd, ino, link, sizeof(link));
		return arena_strdup(a, link);
	}
	if (!fi->cache)
		return arena_strdup(a, link);
	struct fd_entry *e = xmalloc(sizeof(*e));
	e->tgid = tgid;
	e->fd = fd;
	e->desc = xstrdup(link);
	e->next = fi->buckets[b];
	fi->buckets[b] = e;
	return arena_strdup(a, link);
}
