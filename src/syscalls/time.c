/* Clocks, sleeps, timers, eventfd, getrandom, adjtimex; and the timespec,
 * timeval and sigevent helpers other families share (time.h). */
#include "syscalls/time.h"
#include "syscalls/errno_names.h"
#include "xlat/all.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <string.h>
#include <time.h>

/* Kernel restart codes (include/linux/errno.h): never seen by user space,
 * but ptrace shows them at syscall exit. */
enum { ERESTARTSYS = 512, ERESTART_RESTARTBLOCK = 516 };

bool time_is64(const struct dctx *c)
{
	const char *name = c->sc->se->name;
	return c->sc->arch != ARCH_I386 || (name && strstr(name, "time64"));
}

static bool long_is64(const struct dctx *c)
{
	return c->sc->arch != ARCH_I386;
}

/* Two words of 4 or 8 bytes, the first signed, the second zero-extended. */
static void unpack_pair(const unsigned char *p, bool is64, struct scry_ts *out)
{
	if (is64) {
		int64_t s;
		uint64_t f;
		memcpy(&s, p, 8);
		memcpy(&f, p + 8, 8);
		out->sec = s;
		out->frac = f;
	} else {
		int32_t s;
		uint32_t f;
		memcpy(&s, p, 4);
		memcpy(&f, p + 4, 4);
		out->sec = s;
		out->frac = f;
	}
}

bool read_timespec(struct dctx *c, uint64_t addr, bool time64, struct scry_ts *out)
{
	unsigned char buf[16];
	size_t len = time64 ? 16 : 8;
	if (decode_read(c, addr, buf, len) < 0)
		return false;
	unpack_pair(buf, time64, out);
	return true;
}

bool read_timeval(struct dctx *c, uint64_t addr, struct scry_ts *out)
{
	return read_timespec(c, addr, long_is64(c), out);
}

struct value timespec_value(struct dctx *c, const struct scry_ts *ts, bool usec)
{
	struct value f[2] = {
	    value_named("tv_sec", value_int(ts->sec)),
	    value_named(usec ? "tv_usec" : "tv_nsec", value_uint(ts->frac)),
	};
	return value_struct_of(c->arena, f, 2);
}

const char *timespec_text(struct dctx *c, const struct scry_ts *ts, bool usec)
{
	return arena_printf(c->arena, "{tv_sec=%" PRId64 ", %s=%" PRIu64 "}", ts->sec,
			    usec ? "tv_usec" : "tv_nsec", ts->frac);
}

static struct value decode_pair(struct dctx *c, uint64_t addr, bool is64, bool usec)
{
	struct scry_ts ts;
	if (!addr)
		return value_ptr(0);
	if (!read_timespec(c, addr, is64, &ts))
		return value_badaddr(addr);
	return timespec_value(c, &ts, usec);
}

struct value decode_timespec(struct dctx *c, uint64_t addr)
{
	return decode_pair(c, addr, time_is64(c), false);
}

struct value decode_timespec64(struct dctx *c, uint64_t addr)
{
	return decode_pair(c, addr, true, false);
}

struct value decode_timeval(struct dctx *c, uint64_t addr)
{
	return decode_pair(c, addr, long_is64(c), true);
}

/* it_interval then it_value, each a timespec or timeval pair. */
static struct value decode_itimer(struct dctx *c, uint64_t addr, bool is64, bool usec)
{
	unsigned char buf[32];
	size_t half = is64 ? 16 : 8;
	struct scry_ts interval, value;
	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, buf, 2 * half) < 0)
		return value_badaddr(addr);
	unpack_pair(buf, is64, &interval);
	unpack_pair(buf + half, is64, &value);
	struct value f[2] = {
	    value_named("it_interval", timespec_value(c, &interval, usec)),
	    value_named("it_value", timespec_value(c, &value, usec)),
	};
	return value_struct_of(c->arena, f, 2);
}

struct value decode_itimerspec(struct dctx *c, uint64_t addr)
{
	return decode_itimer(c, addr, time_is64(c), false);
}

struct value decode_itimerval(struct dctx *c, uint64_t addr)
{
	return decode_itimer(c, addr, long_is64(c), true);
}

bool syscall_interrupted(const struct dctx *c)
{
	int err = c->sc->err;
	return err == EINTR || (err >= ERESTARTSYS && err <= ERESTART_RESTARTBLOCK);
}

static struct value signo_value(int sig)
{
	const char *name = signal_name(sig);
	return name ? value_raw(name) : value_int(sig);
}

struct value decode_sigevent(struct dctx *c, uint64_t addr)
{
	/* sigev_value (a pointer-sized union), signo, notify, then a union of
	 * the thread id or the SIGEV_THREAD function and attributes. */
	unsigned char buf[32];
	bool is64 = long_is64(c);
	size_t w = is64 ? 8 : 4;
	uint64_t sival = 0, fn = 0, attr = 0;
	int32_t signo, notify, tid;
	struct value f[6];
	unsigned n = 0;

	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, buf, 4 * w) < 0)
		return value_badaddr(addr);
	memcpy(&sival, buf, w);
	memcpy(&signo, buf + w, 4);
	memcpy(&notify, buf + w + 4, 4);
	memcpy(&tid, buf + w + 8, 4);
	memcpy(&fn, buf + w + 8, w);
	memcpy(&attr, buf + 2 * w + 8, w);

	if (sival) {
		struct value sv[2] = {
		    value_named("sival_int", value_int((int32_t)sival)),
		    value_named("sival_ptr", value_ptr(sival)),
		};
		f[n++] = value_named("sigev_value", value_struct_of(c->arena, sv, 2));
	}
	/* strace names the signal only when one is delivered. */
	bool signals =
	    notify == SIGEV_SIGNAL || notify == SIGEV_THREAD || notify == SIGEV_THREAD_ID;
	f[n++] = value_named("sigev_signo", signals ? signo_value(signo) : value_int(signo));
	f[n++] = value_named("sigev_notify", value_enum((uint32_t)notify, &xlat_sigev_notify));
	if (notify == SIGEV_THREAD_ID) {
		f[n++] = value_named("sigev_notify_thread_id", value_int(tid));
	} else if (notify == SIGEV_THREAD) {
		f[n++] = value_named("sigev_notify_function", value_ptr(fn));
		f[n++] = value_named("sigev_notify_attributes", value_ptr(attr));
	}
	return value_struct_of(c->arena, f, n);
}

/* An output struct: its address when the call failed, else decoded. */
#define OUT_OR_ADDR(c, i, expr) ((c)->sc->err ? value_ptr((c)->sc->raw[i]) : (expr))

void sys_nanosleep(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = decode_timespec(c, sc->raw[0]);
		return;
	}
	/* The remaining time is only written when a signal cut the sleep. */
	sc->args[1] =
	    syscall_interrupted(c) ? decode_timespec(c, sc->raw[1]) : value_ptr(sc->raw[1]);
}

void sys_clock_nanosleep(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		decode_generic(c);
		sc->args[1] = flags_value(sc->raw[1] & 0xffffffff, &xlat_timer_flags);
		sc->args[2] = decode_timespec(c, sc->raw[2]);
		return;
	}
	bool abs = sc->raw[1] & TIMER_ABSTIME;
	sc->args[3] =
	    syscall_interrupted(c) && !abs ? decode_timespec(c, sc->raw[3]) : value_ptr(sc->raw[3]);
}

/* clock_gettime, clock_getres (+ time64) */
void sys_clock_gettime(struct dctx *c)
{
	decode_generic(c);
	if (c->exiting)
		c->sc->args[1] = OUT_OR_ADDR(c, 1, decode_timespec(c, c->sc->raw[1]));
}

/* clock_settime (+ time64) */
void sys_clock_settime(struct dctx *c)
{
	decode_generic(c);
	if (!c->exiting)
		c->sc->args[1] = decode_timespec(c, c->sc->raw[1]);
}

static struct value decode_timezone(struct dctx *c, uint64_t addr)
{
	int32_t tz[2];
	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, tz, sizeof(tz)) < 0)
		return value_badaddr(addr);
	struct value f[2] = {
	    value_named("tz_minuteswest", value_int(tz[0])),
	    value_named("tz_dsttime", value_int(tz[1])),
	};
	return value_struct_of(c->arena, f, 2);
}

void sys_gettimeofday(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting)
		return;
	sc->args[0] = OUT_OR_ADDR(c, 0, decode_timeval(c, sc->raw[0]));
	sc->args[1] = OUT_OR_ADDR(c, 1, decode_timezone(c, sc->raw[1]));
}

void sys_settimeofday(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	sc->args[0] = decode_timeval(c, sc->raw[0]);
	sc->args[1] = decode_timezone(c, sc->raw[1]);
}

/* strace's date form of a time_t, in the local time zone. */
static const char *date_text(struct dctx *c, int64_t t)
{
	struct tm tm;
	char buf[64];
	time_t tt = (time_t)t;
	if (!localtime_r(&tt, &tm) || !strftime(buf, sizeof(buf), "%FT%T%z", &tm))
		return NULL;
	return arena_strdup(c->arena, buf);
}

void sys_time(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting)
		return;
	if (!sc->err) {
		int64_t ret = long_is64(c) ? sc->rval : (int32_t)sc->rval;
		const char *date = date_text(c, ret);
		if (date)
			sc->ret_comment = arena_printf(c->arena, "(%s)", date);
	}
	uint64_t addr = sc->raw[0];
	if (sc->err || !addr) {
		sc->args[0] = value_ptr(addr);
		return;
	}
	int64_t t;
	if (long_is64(c)) {
		if (decode_read(c, addr, &t, 8) < 0)
			t = INT64_MIN;
	} else {
		int32_t t32;
		t = decode_read(c, addr, &t32, 4) < 0 ? INT64_MIN : t32;
	}
	if (t == INT64_MIN) {
		sc->args[0] = value_badaddr(addr);
		return;
	}
	struct value *item = value_array(c->arena, &sc->args[0], 1);
	*item = value_int(t);
	item->comment = date_text(c, t);
}

void sys_timerfd_create(struct dctx *c)
{
	decode_generic(c);
	if (!c->exiting)
		c->sc->args[1] = flags_value((uint32_t)c->sc->raw[1], &xlat_tfd_flags);
}

/* timerfd_settime, timer_settime (+ time64): the new value at entry, the
 * old one at exit. */
static void settime(struct dctx *c, const struct xlat *flags)
{
	struct syscall_value *sc = c->sc;
	decode_generic(c);
	if (!c->exiting) {
		sc->args[1] = flags_value((uint32_t)sc->raw[1], flags);
		sc->args[2] = decode_itimerspec(c, sc->raw[2]);
		return;
	}
	sc->args[3] = OUT_OR_ADDR(c, 3, decode_itimerspec(c, sc->raw[3]));
}

void sys_timerfd_settime(struct dctx *c)
{
	settime(c, &xlat_tfd_settime_flags);
}

void sys_timer_settime(struct dctx *c)
{
	settime(c, &xlat_timer_flags);
}

/* timerfd_gettime, timer_gettime (+ time64) */
void sys_timer_gettime(struct dctx *c)
{
	decode_generic(c);
	if (c->exiting)
		c->sc->args[1] = OUT_OR_ADDR(c, 1, decode_itimerspec(c, c->sc->raw[1]));
}

void sys_timer_create(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	decode_generic(c);
	if (!c->exiting) {
		sc->args[1] = decode_sigevent(c, sc->raw[1]);
		return;
	}
	int32_t id;
	if (sc->err || decode_read(c, sc->raw[2], &id, sizeof(id)) < 0) {
		sc->args[2] = value_ptr(sc->raw[2]);
		return;
	}
	*value_array(c->arena, &sc->args[2], 1) = value_int(id);
}

void sys_getitimer(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	decode_generic(c);
	sc->args[0] = value_enum((uint32_t)sc->raw[0], &xlat_itimer_which);
	if (c->exiting)
		sc->args[1] = OUT_OR_ADDR(c, 1, decode_itimerval(c, sc->raw[1]));
}

void sys_setitimer(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	decode_generic(c);
	if (!c->exiting) {
		sc->args[0] = value_enum((uint32_t)sc->raw[0], &xlat_itimer_which);
		sc->args[1] = decode_itimerval(c, sc->raw[1]);
		return;
	}
	sc->args[2] = OUT_OR_ADDR(c, 2, decode_itimerval(c, sc->raw[2]));
}

/* Reads n longs of the tracee's size at addr into out (signed or not). */
static bool read_longs(struct dctx *c, uint64_t addr, uint64_t *out, unsigned n, bool sign)
{
	uint64_t buf[32];
	size_t w = long_is64(c) ? 8 : 4;
	if (n > 32 || decode_read(c, addr, buf, n * w) < 0)
		return false;
	for (unsigned i = 0; i < n; i++) {
		if (w == 8) {
			out[i] = buf[i];
		} else {
			uint32_t u;
			memcpy(&u, (char *)buf + 4 * i, 4);
			out[i] = sign ? (uint64_t)(int64_t)(int32_t)u : u;
		}
	}
	return true;
}

void sys_times(struct dctx *c)
{
	static const char *const names[] = {"tms_utime", "tms_stime", "tms_cutime", "tms_cstime"};
	struct syscall_value *sc = c->sc;
	uint64_t t[4];
	struct value f[4];
	if (!c->exiting)
		return;
	if (sc->err || !sc->raw[0]) {
		sc->args[0] = value_ptr(sc->raw[0]);
		return;
	}
	if (!read_longs(c, sc->raw[0], t, 4, true)) {
		sc->args[0] = value_badaddr(sc->raw[0]);
		return;
	}
	for (unsigned i = 0; i < 4; i++)
		f[i] = value_named(names[i], value_int((int64_t)t[i]));
	sc->args[0] = value_struct_of(c->arena, f, 4);
}

void sys_sysinfo(struct dctx *c)
{
	/* uptime, loads[3], totalram ... freeswap (6), then procs (u16),
	 * padding to a long, totalhigh, freehigh, mem_unit (u32). */
	static const char *const ram[] = {"totalram",  "freeram",   "sharedram",
					  "bufferram", "totalswap", "freeswap"};
	struct syscall_value *sc = c->sc;
	uint64_t w[14];
	struct value f[12];
	unsigned n = 0;
	if (!c->exiting)
		return;
	if (sc->err || !read_longs(c, sc->raw[0], w, 14, false)) {
		sc->args[0] = value_ptr(sc->raw[0]);
		return;
	}
	/* procs is the low half of long 10 (little endian); mem_unit of 13. */
	uint16_t procs = (uint16_t)w[10];
	uint32_t mem_unit = (uint32_t)w[13];
	f[n++] = value_named("uptime", value_int(long_is64(c) ? (int64_t)w[0] : (int32_t)w[0]));
	struct value loads;
	struct value *l = value_array(c->arena, &loads, 3);
	for (unsigned i = 0; i < 3; i++)
		l[i] = value_uint(w[1 + i]);
	f[n++] = value_named("loads", loads);
	for (unsigned i = 0; i < 6; i++)
		f[n++] = value_named(ram[i], value_uint(w[4 + i]));
	f[n++] = value_named("procs", value_uint(procs));
	f[n++] = value_named("totalhigh", value_uint(w[11]));
	f[n++] = value_named("freehigh", value_uint(w[12]));
	f[n++] = value_named("mem_unit", value_uint(mem_unit));
	sc->args[0] = value_struct_of(c->arena, f, n);
}

/* strace prints the random bytes all in hex, "\x1f\x8b...".
 * NEEDSWORK: a V_STR flag for forced hex would keep this typed. */
static struct value hex_bytes(struct dctx *c, uint64_t addr, uint64_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t want = len > c->opts->strsize ? c->opts->strsize : (size_t)len;
	unsigned char *buf = arena_alloc(c->arena, want ? want : 1);
	if (want && decode_read(c, addr, buf, want) < 0)
		return value_badaddr(addr);
	char *s = arena_alloc(c->arena, want * 4 + 6);
	char *p = s;
	*p++ = '"';
	for (size_t i = 0; i < want; i++) {
		*p++ = '\\';
		*p++ = 'x';
		*p++ = digits[buf[i] >> 4];
		*p++ = digits[buf[i] & 15];
	}
	*p++ = '"';
	if (len > want)
		for (int i = 0; i < 3; i++)
			*p++ = '.';
	*p = '\0';
	return value_raw(s);
}

void sys_getrandom(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	decode_generic(c);
	if (!c->exiting) {
		sc->args[2] = flags_value((uint32_t)sc->raw[2], &xlat_grnd_flags);
		return;
	}
	sc->args[0] =
	    sc->err ? value_ptr(sc->raw[0]) : hex_bytes(c, sc->raw[0], (uint64_t)sc->rval);
	sc->args[0].flags |= VF_OUT;
}

void sys_eventfd2(struct dctx *c)
{
	decode_generic(c);
	if (!c->exiting)
		c->sc->args[1] = flags_value((uint32_t)c->sc->raw[1], &xlat_efd_flags);
}

/* struct timex: int modes, then longs and ints in this order; the long
 * size is the tracee's (__kernel_timex, 64-bit, for clock_adjtime64). */
enum { TX_INT, TX_LONG, TX_TIMEVAL };
static const struct {
	const char *name;
	unsigned char type;
} timex_fields[] = {
    {"modes", TX_INT},	    {"offset", TX_LONG},  {"freq", TX_LONG},	 {"maxerror", TX_LONG},
    {"esterror", TX_LONG},  {"status", TX_INT},	  {"constant", TX_LONG}, {"precision", TX_LONG},
    {"tolerance", TX_LONG}, {"time", TX_TIMEVAL}, {"tick", TX_LONG},	 {"ppsfreq", TX_LONG},
    {"jitter", TX_LONG},    {"shift", TX_INT},	  {"stabil", TX_LONG},	 {"jitcnt", TX_LONG},
    {"calcnt", TX_LONG},    {"errcnt", TX_LONG},  {"stbcnt", TX_LONG},	 {"tai", TX_INT},
};
#define NTIMEX (sizeof(timex_fields) / sizeof(timex_fields[0]))

static struct value decode_timex(struct dctx *c, uint64_t addr)
{
	unsigned char buf[208]; /* sizeof(struct timex) on x86_64, with padding */
	bool is64 = time_is64(c);
	size_t w = is64 ? 8 : 4, off = 0;
	struct value f[NTIMEX];
	if (decode_read(c, addr, buf, is64 ? 208 : 128) < 0)
		return value_badaddr(addr);
	for (unsigned i = 0; i < NTIMEX; i++) {
		unsigned type = timex_fields[i].type;
		struct value v;
		if (type == TX_INT) {
			int32_t x;
			memcpy(&x, buf + off, 4);
			off += 4;
			v = value_int(x);
		} else {
			off = (off + w - 1) & ~(w - 1);
			struct scry_ts ts;
			unpack_pair(buf + off, is64, &ts);
			v = type == TX_LONG ? value_int(ts.sec) : timespec_value(c, &ts, true);
			off += type == TX_LONG ? w : 2 * w;
		}
		if (i == 0)
			v = flags_value((uint32_t)v.i, &xlat_adjtimex_modes);
		else if (i == 5)
			v = flags_value((uint32_t)v.i, &xlat_adjtimex_status);
		f[i] = value_named(timex_fields[i].name, v);
	}
	return value_struct_of(c->arena, f, NTIMEX);
}

/* adjtimex(tx), clock_adjtime(clk, tx) (+ time64): the struct is read and
 * written, and strace prints it once, after the call. */
static void adjtime_common(struct dctx *c, unsigned i)
{
	struct syscall_value *sc = c->sc;
	decode_generic(c);
	if (!c->exiting) {
		sc->args[i] = (struct value){.kind = V_NONE};
		return;
	}
	sc->args[i] = sc->err || !sc->raw[i] ? value_ptr(sc->raw[i]) : decode_timex(c, sc->raw[i]);
	const char *state = sc->err ? NULL : xlat_name(&xlat_adjtimex_state, (uint64_t)sc->rval);
	if (state)
		sc->ret_comment = arena_printf(c->arena, "(%s)", state);
}

void sys_adjtimex(struct dctx *c)
{
	adjtime_common(c, 0);
}

void sys_clock_adjtime(struct dctx *c)
{
	adjtime_common(c, 1);
}
