/* Beyond strace: when bind/connect/listen fails with EADDRINUSE (under -yy),
 * name the process and fd that hold the address. */
#ifndef SCRY_ADDRINUSE_H
#define SCRY_ADDRINUSE_H
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/arena.h"

struct bind_log;

struct bind_log *bind_log_new(void);
void bind_log_release(struct bind_log *l);
/* A successful bind: socket inode ino, bound by tgid on fd at ts. */
void bind_log_add(struct bind_log *l, unsigned long ino, int tgid, int fd, struct timespec ts);

/* The note for a failed bind/connect/listen on fd of tid wanting addr (NULL
 * for listen: the socket's own address). tgids are the traced processes; t0
 * is when tracing started. Returns text in a, or NULL if nothing is known. */
const char *addrinuse_note(struct arena *a, int tid, int fd, const struct sockaddr_storage *addr,
			   const int *tgids, unsigned ntgids, const struct bind_log *l,
			   struct timespec t0);

#endif
