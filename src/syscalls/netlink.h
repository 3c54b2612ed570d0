/* Netlink messages in the data of sendto, recvfrom, sendmsg, recvmsg (and the
 * mmsg calls): strace decodes the data of a netlink socket as messages, and
 * NETLINK_ROUTE's address and link messages down to their attributes. */
#ifndef SCRY_NETLINK_H
#define SCRY_NETLINK_H
#include <stdint.h>

#include "syscalls/decode.h"

/* len bytes at addr that socket fd sends or receives: netlink messages when
 * fd is a netlink socket, else what decode_buf() makes of them.  The socket
 * is looked up (c->opts->netlink_protocol) only for data whose first bytes
 * could be a message header, at most once per decoding pass. */
struct value decode_sockbuf(struct dctx *c, int64_t fd, uint64_t addr, uint64_t len);
/* The same, given what decode_buf() made of them (plain), which is returned
 * unless they are netlink messages: most data is decided without reading
 * the tracee again. */
struct value netlink_refine(struct dctx *c, int64_t fd, uint64_t addr, uint64_t len,
			    struct value plain);

#endif
