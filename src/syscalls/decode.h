/* What a syscall decoder sees, and the helpers decoders share. Decoders fill
 * ctx->sc->args[] (and ret) with values; they never print. */
#ifndef SCRY_DECODE_H
#define SCRY_DECODE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "syscalls/sysent.h"
#include "value/value.h"

struct backend;

/* Options that change what decoders read (not how renderers print). */
struct decode_opts {
	unsigned strsize; /* -s: bytes of a string or buffer to keep (default 32) */
	bool verbose;	  /* -v: unabbreviated structs, argv/envp arrays */
	/* The netlink protocol (NETLINK_ROUTE ...) of socket fd in thread tid;
	 * -1: a netlink socket whose protocol is not known (not bound yet),
	 * -2: not a netlink socket.  NULL: never asked, data on sockets is
	 * never decoded as netlink messages. */
	int (*netlink_protocol)(int tid, int fd);
};

/* One syscall from entry to exit: the decoded form all renderers share. */
struct syscall_value {
	const struct sysent *se; /* never NULL: unknown numbers get a synthetic row */
	uint64_t nr;
	uint32_t arch; /* enum sys_arch */
	uint8_t nargs;
	uint8_t entry_done; /* entry decoding finished */
	uint8_t exit_done;  /* exit decoding finished: ret is valid */
	uint64_t raw[6];
	uint64_t ip, sp; /* user registers at entry (rt_sigreturn reads its frame at sp) */
	struct timespec ts_entry, ts_exit; /* CLOCK_REALTIME at the entry and exit stops */
	/* --cpu and -c: the thread's on-CPU time from entry to exit; while it
	 * is in the syscall it runs only in the kernel, so this is system time. */
	uint64_t oncpu_ns;
	uint8_t oncpu_valid;
	uint64_t stime_ns; /* -c: the process's system time from entry to exit (wait4 rusage) */
	struct value args[6];
	int64_t rval;		 /* raw return value */
	int err;		 /* errno (positive) when the syscall failed, else 0 */
	struct value ret;	 /* decoded return value when not an error; V_NONE: "?" */
	const char *ret_comment; /* e.g. "(flags O_RDWR)"; NULL mostly */
};

struct dctx {
	struct backend *be;
	int tid;
	bool exiting;
	struct arena *arena;
	const struct decode_opts *opts;
	struct syscall_value *sc;
	/* decode_sockbuf's answer for raw[0] in this call: 0 not asked yet,
	 * 1 not netlink, 2 netlink of unknown protocol, 3 + protocol. */
	int sock_netlink;
};

/* Reads exactly len bytes; returns 0, or -1 if any byte is unreadable. */
int decode_read(struct dctx *c, uint64_t addr, void *buf, size_t len);
/* Reads up to len bytes; returns the number read (0 if none). */
size_t decode_read_partial(struct dctx *c, uint64_t addr, void *buf, size_t len);

/* NUL-terminated string at addr, at most max bytes kept (VF_TRUNC past that).
 * NULL prints as NULL, unreadable as its address. */
struct value decode_cstr(struct dctx *c, uint64_t addr, size_t max);
/* Path: like decode_cstr with PATH_MAX, as strace never truncates file names. */
struct value decode_path(struct dctx *c, uint64_t addr);
/* Buffer of len bytes, at most -s of them kept. */
struct value decode_buf(struct dctx *c, uint64_t addr, uint64_t len);

/* One argument by kind (used by the generic decoder and by custom ones). */
struct value decode_arg(struct dctx *c, const struct argspec *spec, uint64_t raw);

/* Entry or exit of one syscall: runs the row's decoder, or the generic one. */
void decode_syscall(struct dctx *c);
/* Generic decoding driven by se->args; custom decoders may call it first. */
void decode_generic(struct dctx *c);
/* Sets c->sc->ret from rval/err per the row's SF_RET_* flags. */
void decode_retval(struct dctx *c);

#endif
