#include "trace/addrinuse.h"
#include "lib/xalloc.h"
#include "trace/fdinfo.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

struct bind_rec {
	unsigned long ino;
	int tgid, fd;
	struct timespec ts;
};

struct bind_log {
	struct bind_rec *v;
	unsigned n, cap;
};

struct bind_log *bind_log_new(void)
{
	return xcalloc(1, sizeof(struct bind_log));
}

void bind_log_release(struct bind_log *l)
{
	free(l->v);
	free(l);
}

void bind_log_add(struct bind_log *l, unsigned long ino, int tgid, int fd, struct timespec ts)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = (struct bind_rec){ino, tgid, fd, ts};
}

/* Parses "HEX:PORT" of /proc/net/{tcp,udp}{,6} into raw address bytes. */
static int parse_local(const char *s, int v6, unsigned char *addr, unsigned *port)
{
	unsigned words = v6 ? 4 : 1;
	for (unsigned w = 0; w < words; w++) {
		char chunk[9];
		memcpy(chunk, s + w * 8, 8);
		chunk[8] = '\0';
		uint32_t v = (uint32_t)strtoul(chunk, NULL, 16);
		memcpy(addr + w * 4, &v, 4);
	}
	return s[words * 8] == ':' && sscanf(s + words * 8 + 1, "%x", port) == 1 ? 0 : -1;
}

static int all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

/* Inode of a socket in table (e.g. "udp") bound to addr:port, or 0. A
 * wildcard on either side conflicts too. */
static unsigned long find_holder_inode(int tid, const char *table, int v6,
				       const unsigned char *addr, unsigned port, unsigned long self)
{
	char path[64], line[512];
	unsigned long found = 0;
	size_t alen = v6 ? 16 : 4;
	snprintf(path, sizeof(path), "/proc/%d/net/%s", tid, table);
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		char local[64];
		unsigned st, p;
		unsigned long ino;
		unsigned char a[16];
		if (sscanf(line, " %*u: %63s %*s %x %*s %*s %*s %*u %*u %lu", local, &st, &ino) !=
			3 ||
		    ino == self || ino == 0 || parse_local(local, v6, a, &p) < 0 || p != port)
			continue;
		/* TCP: only listeners and connected sockets hold a port. */
		if (table[0] == 't' && st == 7 /* TCP_CLOSE */)
			continue;
		if (!memcmp(a, addr, alen) || all_zero(a, alen) || all_zero(addr, alen))
			found = ino;
	}
	fclose(f);
	return found;
}

/* Which fd of process pid refers to socket inode ino; -1 if none. */
static int fd_of_inode(int pid, unsigned long ino)
{
	char dir[64];
	snprintf(dir, sizeof(dir), "/proc/%d/fd", pid);
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *de;
	int fd = -1;
	while (fd < 0 && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (fdinfo_socket_inode(pid, atoi(de->d_name)) == ino)
			fd = atoi(de->d_name);
	}
	closedir(d);
	return fd;
}

static void format_addr(char *out, size_t n, int v6, const unsigned char *addr, unsigned port)
{
	char a[INET6_ADDRSTRLEN];
	inet_ntop(v6 ? AF_INET6 : AF_INET, addr, a, sizeof(a));
	snprintf(out, n, v6 ? "[%s]:%u" : "%s:%u", a, port);
}

/* The socket's own local address (for listen). */
static int own_address(int tid, const char *table, int v6, unsigned long ino, unsigned char *addr,
		       unsigned *port)
{
	char path[64], line[512];
	int ok = -1;
	snprintf(path, sizeof(path), "/proc/%d/net/%s", tid, table);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	while (ok < 0 && fgets(line, sizeof(line), f)) {
		char local[64];
		unsigned long i;
		if (sscanf(line, " %*u: %63s %*s %*x %*s %*s %*s %*u %*u %lu", local, &i) == 2 &&
		    i == ino)
			ok = parse_local(local, v6, addr, port);
	}
	fclose(f);
	return ok;
}

const char *addrinuse_note(struct arena *a, int tid, int fd, const struct sockaddr_storage *ss,
			   const int *tgids, unsigned ntgids, const struct bind_log *l,
			   struct timespec t0)
{
	char path[64], proto[32];
	unsigned char addr[16] = {0};
	unsigned port;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", tid, fd);
	ssize_t k = getxattr(path, "system.sockprotoname", proto, sizeof(proto) - 1);
	if (k <= 0)
		return NULL;
	proto[k] = '\0';
	int v6 = strstr(proto, "v6") != NULL;
	const char *table = !strncmp(proto, "TCP", 3)	? (v6 ? "tcp6" : "tcp")
			    : !strncmp(proto, "UDP", 3) ? (v6 ? "udp6" : "udp")
							: NULL;
	if (!table)
		return NULL;
	unsigned long self = fdinfo_socket_inode(tid, fd);
	if (ss && ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)ss;
		memcpy(addr, &in->sin_addr, 4);
		port = ntohs(in->sin_port);
		v6 = 0;
		table = table[0] == 't' ? "tcp" : "udp";
	} else if (ss && ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;
		memcpy(addr, &in6->sin6_addr, 16);
		port = ntohs(in6->sin6_port);
	} else if (!ss) {
		if (own_address(tid, table, v6, self, addr, &port) < 0)
			return NULL;
	} else {
		return NULL;
	}
	char where[80];
	format_addr(where, sizeof(where), v6, addr, port);
	unsigned long ino = find_holder_inode(tid, table, v6, addr, port, self);
	if (!ino)
		return arena_printf(a, "%s: no holder found in the socket table", where);

	/* A traced process first: the seed's case is a forgotten child. */
	for (unsigned i = 0; i < ntgids; i++) {
		int hfd = fd_of_inode(tgids[i], ino);
		if (hfd < 0)
			continue;
		for (unsigned j = 0; j < l->n; j++) {
			const struct bind_rec *b = &l->v[j];
			if (b->ino != ino)
				continue;
			double at = (double)(b->ts.tv_sec - t0.tv_sec) +
				    (double)(b->ts.tv_nsec - t0.tv_nsec) / 1e9;
			if (b->tgid == tgids[i] && b->fd == hfd)
				return arena_printf(a,
						    "%s held by pid %d fd %d (bound at +%.4fs, "
						    "not yet closed)",
						    where, tgids[i], hfd, at);
			return arena_printf(a,
					    "%s held by pid %d fd %d (bound at +%.4fs by pid %d fd "
					    "%d, not yet closed)",
					    where, tgids[i], hfd, at, b->tgid, b->fd);
		}
		return arena_printf(a, "%s held by pid %d fd %d (not yet closed)", where, tgids[i],
				    hfd);
	}
	/* Someone else on the system. */
	DIR *d = opendir("/proc");
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		int pid = atoi(de->d_name), hfd = fd_of_inode(pid, ino);
		if (hfd < 0)
			continue;
		char comm[64] = "?", cpath[64];
		snprintf(cpath, sizeof(cpath), "/proc/%d/comm", pid);
		FILE *f = fopen(cpath, "re");
		if (f) {
			if (fgets(comm, sizeof(comm), f))
				comm[strcspn(comm, "\n")] = '\0';
			fclose(f);
		}
		closedir(d);
		return arena_printf(a, "%s held by pid %d (%s, not traced) fd %d", where, pid, comm,
				    hfd);
	}
	if (d)
		closedir(d);
	return arena_printf(a, "%s held by socket inode %lu (owner not readable)", where, ino);
}
