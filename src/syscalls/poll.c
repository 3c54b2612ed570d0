/* Waiting on descriptors: poll, ppoll, select, pselect6, epoll_*.
 *
 * What the kernel reports back (revents, the ready sets, the time left)
 * strace prints after the return value, "= 1 ([{fd=3, revents=POLLIN}])";
 * scry keeps that text in ret_comment. */
#include "syscalls/time.h"
#include "xlat/all.h"

#include <inttypes.h>
#include <linux/eventpoll.h>
#include <string.h>

/* Reading caps: strace shows at most -s pollfds or events, but scans every
 * pollfd for revents; fd sets are read up to nfds bits.  The kernel limits
 * both by RLIMIT_NOFILE, so these only bound a bogus count. */
enum {
	POLL_SCAN_MAX = 1 << 16,
	FDSET_BITS_MAX = 1 << 20,
	POLLFD_SIZE = 8,
	EPOLL_EVENT_SIZE = 12, /* packed on x86_64; u64 is 4-aligned on i386 */
	SIGSET_SIZE = 8,
};

static bool is64(const struct dctx *c)
{
	return c->sc->arch != ARCH_I386;
}

/* The element at which an array read stopped: strace prints "..." with
 * its address in a comment. */
static struct value cut_marker(struct dctx *c, uint64_t addr)
{
	struct value v = {.kind = V_ELLIPSIS};
	v.comment = arena_printf(c->arena, "%#" PRIx64, addr);
	return v;
}

/* Text of a flag set, as the renderer would print flags_value(raw, x). */
static const char *flags_text(struct dctx *c, uint64_t raw, const struct xlat *x)
{
	char *s = arena_printf(c->arena, "%s", "");
	uint64_t rem = raw;
	if (!raw)
		return "0";
	for (uint32_t i = 0; i < x->n; i++) {
		uint64_t v = x->e[i].val;
		if (x->e[i].name && v && (rem & v) == v) {
			s = arena_printf(c->arena, "%s%s%s", s, *s ? "|" : "", x->e[i].name);
			rem &= ~v;
		}
	}
	if (!*s)
		return arena_printf(c->arena, "%#" PRIx64 " /* %s */", raw, x->unknown);
	if (rem)
		s = arena_printf(c->arena, "%s|%#" PRIx64, s, rem);
	return s;
}

/* NEEDSWORK: the signals family has this as decode_sigset_sized(); use it
 * once signal.h exports it.  A set of exactly the kernel's 8 bytes, else
 * the address; "~[...]" from 42 bits up, as strace 6.1 chooses. */
static struct value sigmask_value(struct dctx *c, uint64_t addr, uint64_t size)
{
	uint64_t bits;
	if (!addr || size != SIGSET_SIZE)
		return value_ptr(addr);
	if (decode_read(c, addr, &bits, sizeof(bits)) < 0)
		return value_badaddr(addr);
	struct value v;
	int negated = __builtin_popcountll(bits) >= 42;
	if (negated)
		bits = ~bits;
	struct value *items = value_array(c->arena, &v, (uint32_t)__builtin_popcountll(bits));
	for (unsigned i = 0, k = 0; i < 64; i++)
		if ((bits >> i) & 1)
			items[k++] = value_enum(i + 1, &xlat_sigset_names);
	v.flags |= VF_SPACED | (negated ? VF_NEGATED : 0);
	return v;
}

/* --- poll, ppoll */

struct pollfd_raw {
	int32_t fd;
	int16_t events, revents;
};

static struct value pollfd_value(struct dctx *c, const struct pollfd_raw *p)
{
	struct value f[2] = {
	    value_named("fd", value_int(p->fd)),
	    value_named("events", flags_value((uint16_t)p->events, &xlat_poll_events)),
	};
	/* The kernel ignores the events of a negative fd, and so does strace. */
	return value_struct_of(c->arena, f, p->fd < 0 ? 1 : 2);
}

static struct value decode_pollfds(struct dctx *c, uint64_t addr, uint32_t nfds)
{
	if (!addr)
		return value_ptr(0);
	uint32_t shown = nfds > c->opts->strsize ? c->opts->strsize : nfds;
	struct pollfd_raw *buf = arena_alloc(c->arena, (size_t)shown * POLLFD_SIZE + 1);
	size_t got = decode_read_partial(c, addr, buf, (size_t)shown * POLLFD_SIZE) / POLLFD_SIZE;
	if (shown && !got)
		return value_badaddr(addr);
	struct value arr;
	bool cut = got < shown;
	struct value *items = value_array(c->arena, &arr, (uint32_t)got + cut);
	for (size_t i = 0; i < got; i++)
		items[i] = pollfd_value(c, &buf[i]);
	if (cut)
		items[got] = cut_marker(c, addr + got * POLLFD_SIZE);
	else if (shown < nfds)
		arr.flags |= VF_TRUNC;
	return arr;
}

/* "[{fd=3, revents=POLLIN}, ...]": the pollfds the kernel marked, scanned
 * in chunks until ret of them are found. */
static const char *revents_text(struct dctx *c, uint64_t addr, uint32_t nfds, int64_t ret)
{
	struct pollfd_raw chunk[256];
	const char *s = "[";
	int64_t found = 0;
	uint32_t limit = nfds > POLL_SCAN_MAX ? POLL_SCAN_MAX : nfds;
	for (uint32_t i = 0; i < limit && found < ret;) {
		uint32_t n = limit - i < 256 ? limit - i : 256;
		size_t got = decode_read_partial(c, addr + (uint64_t)i * POLLFD_SIZE, chunk,
						 (size_t)n * POLLFD_SIZE) /
			     POLLFD_SIZE;
		for (size_t k = 0; k < got && found < ret; k++) {
			if (!chunk[k].revents)
				continue;
			if (found >= c->opts->strsize) {
				s = arena_printf(c->arena, "%s, ...", s);
				found = ret;
				break;
			}
			s = arena_printf(
			    c->arena, "%s%s{fd=%d, revents=%s}", s, found ? ", " : "", chunk[k].fd,
			    flags_text(c, (uint16_t)chunk[k].revents, &xlat_poll_events));
			found++;
		}
		if (got < n)
			break;
		i += n;
	}
	return arena_printf(c->arena, "%s]", s);
}

/* The return comment of poll-like calls: "(Timeout)" or "(WHAT, left T)". */
static void ready_comment(struct dctx *c, const char *what, uint64_t timeout, bool time64,
			  bool usec)
{
	struct syscall_value *sc = c->sc;
	struct scry_ts left;
	if (sc->err)
		return;
	if (sc->rval == 0) {
		sc->ret_comment = "(Timeout)";
		return;
	}
	bool have_left = timeout && (usec ? read_timeval(c, timeout, &left)
					  : read_timespec(c, timeout, time64, &left));
	if (!have_left)
		sc->ret_comment = arena_printf(c->arena, "(%s)", what);
	else if (*what)
		sc->ret_comment =
		    arena_printf(c->arena, "(%s, left %s)", what, timespec_text(c, &left, usec));
	else
		sc->ret_comment =
		    arena_printf(c->arena, "(left %s)", timespec_text(c, &left, usec));
}

void sys_poll(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint32_t nfds = (uint32_t)sc->raw[1];
	if (!c->exiting) {
		decode_generic(c);
		sc->args[0] = decode_pollfds(c, sc->raw[0], nfds);
		return;
	}
	if (!sc->err && sc->rval > 0)
		sc->ret_comment =
		    arena_printf(c->arena, "(%s)", revents_text(c, sc->raw[0], nfds, sc->rval));
	else if (!sc->err)
		sc->ret_comment = "(Timeout)";
}

/* ppoll, ppoll_time64 */
void sys_ppoll(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint32_t nfds = (uint32_t)sc->raw[1];
	if (!c->exiting) {
		decode_generic(c);
		sc->args[0] = decode_pollfds(c, sc->raw[0], nfds);
		sc->args[2] = decode_timespec(c, sc->raw[2]);
		sc->args[3] = sigmask_value(c, sc->raw[3], sc->raw[4]);
		return;
	}
	if (sc->err || sc->rval <= 0) {
		ready_comment(c, "", 0, false, false);
		return;
	}
	ready_comment(c, revents_text(c, sc->raw[0], nfds, sc->rval), sc->raw[2], time_is64(c),
		      false);
}

/* --- select, pselect6 */

/* Bytes the kernel reads for a set of nfds bits: whole longs. */
static size_t fdset_bytes(const struct dctx *c, int32_t nfds)
{
	size_t w = is64(c) ? 8 : 4;
	size_t bits = (uint32_t)nfds > FDSET_BITS_MAX ? FDSET_BITS_MAX : (size_t)nfds;
	return (bits + 8 * w - 1) / (8 * w) * w;
}

/* The fds set in the set at addr below nfds, or NULL if unreadable. */
static const uint8_t *read_fdset(struct dctx *c, uint64_t addr, int32_t nfds, uint32_t *count)
{
	size_t len = fdset_bytes(c, nfds);
	uint8_t *buf = arena_alloc(c->arena, len + 1);
	if (decode_read(c, addr, buf, len) < 0)
		return NULL;
	uint32_t limit = (uint32_t)nfds > FDSET_BITS_MAX ? FDSET_BITS_MAX : (uint32_t)nfds;
	uint32_t n = 0;
	for (uint32_t i = 0; i < limit; i++)
		n += (buf[i / 8] >> (i % 8)) & 1;
	*count = n;
	return buf;
}

static struct value decode_fdset(struct dctx *c, uint64_t addr, int32_t nfds)
{
	uint32_t n;
	const uint8_t *bits;
	if (!addr)
		return value_ptr(0);
	if (nfds <= 0 || !(bits = read_fdset(c, addr, nfds, &n)))
		return value_badaddr(addr);
	struct value v;
	struct value *items = value_array(c->arena, &v, n);
	uint32_t limit = (uint32_t)nfds > FDSET_BITS_MAX ? FDSET_BITS_MAX : (uint32_t)nfds;
	for (uint32_t i = 0, k = 0; i < limit; i++)
		if ((bits[i / 8] >> (i % 8)) & 1)
			items[k++] = value_int(i);
	v.flags |= VF_SPACED;
	return v;
}

/* "in [3], out [4]": the sets the kernel left non-empty. */
static const char *ready_sets_text(struct dctx *c, int32_t nfds, const uint64_t addr[3])
{
	static const char *const names[] = {"in", "out", "except"};
	const char *s = "";
	uint32_t limit = (uint32_t)nfds > FDSET_BITS_MAX ? FDSET_BITS_MAX : (uint32_t)nfds;
	for (unsigned k = 0; k < 3; k++) {
		uint32_t n;
		const uint8_t *bits;
		if (!addr[k] || nfds <= 0 || !(bits = read_fdset(c, addr[k], nfds, &n)) || !n)
			continue;
		s = arena_printf(c->arena, "%s%s%s [", s, *s ? ", " : "", names[k]);
		for (uint32_t i = 0, first = 1; i < limit; i++) {
			if (!((bits[i / 8] >> (i % 8)) & 1))
				continue;
			s = arena_printf(c->arena, "%s%s%u", s, first ? "" : " ", i);
			first = 0;
		}
		s = arena_printf(c->arena, "%s]", s);
	}
	return s;
}

/* select(nfds, in, out, except, timeout) with the arguments in a[]; usec:
 * a timeval timeout (select), else a timespec (pselect6). */
static void select_common(struct dctx *c, const uint64_t a[5], bool usec)
{
	struct syscall_value *sc = c->sc;
	int32_t nfds = (int32_t)a[0];
	if (!c->exiting) {
		sc->args[0] = value_int(nfds);
		for (unsigned i = 1; i <= 3; i++)
			sc->args[i] = decode_fdset(c, a[i], nfds);
		sc->args[4] = usec ? decode_timeval(c, a[4]) : decode_timespec(c, a[4]);
		return;
	}
	if (sc->err || sc->rval <= 0) {
		ready_comment(c, "", 0, false, usec);
		return;
	}
	ready_comment(c, ready_sets_text(c, nfds, a + 1), a[4], time_is64(c), usec);
}

/* select, _newselect */
void sys_select(struct dctx *c)
{
	select_common(c, c->sc->raw, true);
}

/* i386's old select(82) takes one pointer to the five arguments. */
void sys_oldselect(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint32_t w[5];
	uint64_t a[5];
	if (decode_read(c, sc->raw[0], w, sizeof(w)) < 0) {
		if (!c->exiting)
			sc->args[0] = value_ptr(sc->raw[0]);
		return;
	}
	for (unsigned i = 0; i < 5; i++)
		a[i] = i ? w[i] : (uint64_t)(int64_t)(int32_t)w[i];
	if (!c->exiting)
		sc->nargs = 5;
	select_common(c, a, true);
}

/* pselect6's sixth argument: {const sigset_t *ss; size_t ss_len;}. */
static struct value decode_sigmask_pack(struct dctx *c, uint64_t addr)
{
	uint64_t w[2] = {0, 0};
	if (!addr)
		return value_ptr(0);
	if (is64(c)) {
		if (decode_read(c, addr, w, 16) < 0)
			return value_badaddr(addr);
	} else {
		uint32_t w32[2];
		if (decode_read(c, addr, w32, 8) < 0)
			return value_badaddr(addr);
		w[0] = w32[0];
		w[1] = w32[1];
	}
	struct value f[2] = {
	    value_named("sigmask", sigmask_value(c, w[0], w[1])),
	    value_named("sigsetsize", value_uint(w[1])),
	};
	return value_struct_of(c->arena, f, 2);
}

/* pselect6, pselect6_time64 */
void sys_pselect6(struct dctx *c)
{
	select_common(c, c->sc->raw, false);
	if (!c->exiting)
		c->sc->args[5] = decode_sigmask_pack(c, c->sc->raw[5]);
}

/* --- epoll */

void sys_epoll_create1(struct dctx *c)
{
	decode_generic(c);
	if (!c->exiting)
		c->sc->args[0] = flags_value((uint32_t)c->sc->raw[0], &xlat_epoll_create_flags);
}

static struct value epoll_event_value(struct dctx *c, const uint8_t *p)
{
	uint32_t events;
	uint64_t data;
	memcpy(&events, p, 4);
	memcpy(&data, p + 4, 8);
	struct value d[2] = {
	    value_named("u32", value_uint((uint32_t)data)),
	    value_named("u64", value_uint(data)),
	};
	struct value f[2] = {
	    value_named("events", flags_value(events, &xlat_epoll_events)),
	    value_named("data", value_struct_of(c->arena, d, 2)),
	};
	return value_struct_of(c->arena, f, 2);
}

void sys_epoll_ctl(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint8_t ev[EPOLL_EVENT_SIZE];
	if (c->exiting)
		return;
	decode_generic(c);
	sc->args[1] = value_enum((uint32_t)sc->raw[1], &xlat_epoll_ctl_ops);
	/* The kernel ignores the event of EPOLL_CTL_DEL, and strace shows
	 * only its address. */
	if (!sc->raw[3] || (uint32_t)sc->raw[1] == EPOLL_CTL_DEL)
		sc->args[3] = value_ptr(sc->raw[3]);
	else if (decode_read(c, sc->raw[3], ev, sizeof(ev)) < 0)
		sc->args[3] = value_badaddr(sc->raw[3]);
	else
		sc->args[3] = epoll_event_value(c, ev);
}

/* The events the kernel wrote: as many as the return value. */
static struct value decode_epoll_events(struct dctx *c, uint64_t addr)
{
	struct syscall_value *sc = c->sc;
	if (sc->err || sc->rval < 0)
		return value_ptr(addr);
	uint64_t ret = (uint64_t)sc->rval;
	uint32_t shown = ret > c->opts->strsize ? c->opts->strsize : (uint32_t)ret;
	uint8_t *buf = arena_alloc(c->arena, (size_t)shown * EPOLL_EVENT_SIZE + 1);
	size_t got =
	    decode_read_partial(c, addr, buf, (size_t)shown * EPOLL_EVENT_SIZE) / EPOLL_EVENT_SIZE;
	if (shown && !got)
		return value_badaddr(addr);
	struct value arr;
	bool cut = got < shown;
	struct value *items = value_array(c->arena, &arr, (uint32_t)got + cut);
	for (size_t i = 0; i < got; i++)
		items[i] = epoll_event_value(c, buf + i * EPOLL_EVENT_SIZE);
	if (cut)
		items[got] = cut_marker(c, addr + got * EPOLL_EVENT_SIZE);
	else if (shown < ret)
		arr.flags |= VF_TRUNC;
	arr.flags |= VF_OUT;
	return arr;
}

/* epoll_wait(epfd, events, maxevents, timeout) */
void sys_epoll_wait(struct dctx *c)
{
	decode_generic(c);
	if (c->exiting)
		c->sc->args[1] = decode_epoll_events(c, c->sc->raw[1]);
}

/* epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize) */
void sys_epoll_pwait(struct dctx *c)
{
	sys_epoll_wait(c);
	if (!c->exiting)
		c->sc->args[4] = sigmask_value(c, c->sc->raw[4], c->sc->raw[5]);
}

/* epoll_pwait2: as epoll_pwait with a __kernel_timespec timeout (5.11). */
void sys_epoll_pwait2(struct dctx *c)
{
	sys_epoll_pwait(c);
	if (!c->exiting)
		c->sc->args[3] = decode_timespec64(c, c->sc->raw[3]);
}
