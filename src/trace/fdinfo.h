/* What an fd refers to, for -y (paths) and -yy (socket endpoints). Read from
 * /proc and sock_diag at decode time; renderers only see the strings. */
#ifndef SCRY_FDINFO_H
#define SCRY_FDINFO_H
#include <stdbool.h>

#include "lib/arena.h"

struct fdinfo;

/* level 1: -y, 2: -yy */
struct fdinfo *fdinfo_new(unsigned level, bool cache);
void fdinfo_release(struct fdinfo *fi);
/* Description of fd in thread tid of process tgid, in a; NULL if none. */
const char *fdinfo_describe(struct fdinfo *fi, int tgid, int tid, int fd, struct arena *a);
/* Drops cached descriptions: one fd, or all of a process (fd < 0). */
void fdinfo_forget(struct fdinfo *fi, int tgid, int fd);

/* Socket inode of fd in tid, or 0. */
unsigned long fdinfo_socket_inode(int tid, int fd);
/* The protocol of netlink socket fd in tid (NETLINK_ROUTE ...); -1 for a
 * netlink socket not bound yet (no table lists it), -2 for anything else.
 * The shape of decode_opts.netlink_protocol. */
int fdinfo_netlink_protocol(int tid, int fd);

#endif
