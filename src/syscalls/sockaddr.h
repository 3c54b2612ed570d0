/* Socket addresses as strace prints them, for every family that passes one:
 * bind/connect/sendto and the accept/recvfrom outputs (net.c), msghdr names,
 * IP_ORIGDSTADDR and IP_RECVERR control messages, MCAST_JOIN_GROUP. */
#ifndef SCRY_SOCKADDR_H
#define SCRY_SOCKADDR_H
#include <stddef.h>
#include <stdint.h>

#include "syscalls/decode.h"

/* The kernel copies at most sizeof(struct sockaddr_storage) bytes of an address. */
#define SOCKADDR_MAX 128

/* The address of len bytes at addr, len being the tracee's socklen_t (taken
 * as an int: a negative length prints the address).  NULL prints as NULL; a
 * length below 2 (no room for sa_family) or unreadable memory as the address.
 * At most SOCKADDR_MAX bytes are read, all or nothing, as strace does. */
struct value decode_sockaddr(struct dctx *c, uint64_t addr, uint64_t len);

/* The same for an address already read: len (>= 2) bytes at buf, at most
 * SOCKADDR_MAX of them looked at.  {sa_family=AF_INET, sin_port=htons(80), ...};
 * a length too short for the family's struct prints sa_data="...". */
struct value sockaddr_value(struct dctx *c, const void *buf, size_t len);

/* inet_addr("127.0.0.1") from 4 bytes in network order. */
struct value inet_addr_value(struct dctx *c, const void *in4);
/* inet_pton(AF_INET6, "::1", &FIELD) from 16 bytes: strace prints the field
 * name inside the call, so the value has no name of its own. */
struct value inet6_addr_value(struct dctx *c, const void *in6, const char *field);
/* A link-layer address as strace prints it in packet_mreq and netlink
 * attributes: 00:01:02:03:04:05 (n bytes). */
struct value mac_value(struct dctx *c, const uint8_t *p, size_t n);
/* An interface index: if_nametoindex("lo") when the tracer's host has an
 * interface with that index (strace resolves it the same way), else the number. */
struct value ifindex_value(struct dctx *c, uint32_t index);

#endif
