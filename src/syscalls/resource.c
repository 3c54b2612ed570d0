/* Resources and credentials: rlimits, rusage, uname, capabilities,
 * getres[ug]id, groups, robust lists, personality. */
#include "syscalls/process.h"
#include "syscalls/time.h"
#include "xlat/all.h"

#include <inttypes.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>

/* --- rlimits */

/* A limit: RLIM64_INFINITY, N*1024 for whole kibibytes, or the number. */
static struct value rlim_value(struct arena *a, uint64_t v, unsigned word)
{
	if (word == 4 && v == UINT32_MAX)
		return value_raw("RLIM_INFINITY");
	if (v == UINT64_MAX)
		return value_raw("RLIM64_INFINITY");
	if (v && !(v % 1024))
		return value_raw(arena_printf(a, "%" PRIu64 "*1024", v / 1024));
	return value_uint(v);
}

/* {rlim_cur=..., rlim_max=...}, two words of the given size. */
static struct value rlimit_struct(struct dctx *c, uint64_t addr, unsigned word)
{
	uint8_t buf[16];
	uint64_t cur = 0, max = 0;
	struct value f[2];
	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, buf, 2 * word) < 0)
		return value_badaddr(addr);
	memcpy(&cur, buf, word);
	memcpy(&max, buf + word, word);
	f[0] = named("rlim_cur", rlim_value(c->arena, cur, word));
	f[1] = named("rlim_max", rlim_value(c->arena, max, word));
	return value_struct_of(c->arena, f, 2);
}

static struct value rlimit_resource(uint64_t raw)
{
	return value_enum((uint32_t)raw, &xlat_rlimit_resources);
}

/* getrlimit(resource, rlim) and i386's ugetrlimit: struct rlimit of longs. */
void sys_getrlimit(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = rlimit_resource(sc->raw[0]);
		return;
	}
	sc->args[1] =
	    sc->err ? value_ptr(sc->raw[1]) : rlimit_struct(c, sc->raw[1], tracee_word(c));
}

/* setrlimit(resource, rlim) */
void sys_setrlimit(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	sc->args[0] = rlimit_resource(sc->raw[0]);
	sc->args[1] = rlimit_struct(c, sc->raw[1], tracee_word(c));
}

/* prlimit64(pid, resource, new_limit, old_limit): struct rlimit64 always. */
void sys_prlimit64(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = value_int((int32_t)sc->raw[0]);
		sc->args[1] = rlimit_resource(sc->raw[1]);
		sc->args[2] = rlimit_struct(c, sc->raw[2], 8);
		return;
	}
	sc->args[3] = sc->err ? value_ptr(sc->raw[3]) : rlimit_struct(c, sc->raw[3], 8);
}

/* --- rusage */

static struct value timeval_value(struct dctx *c, int64_t sec, int64_t usec)
{
	struct scry_ts ts = {.sec = sec, .frac = usec};
	return timespec_value(c, &ts, true);
}

static const char *const rusage_longs[] = {
    "ru_maxrss",  "ru_ixrss",	"ru_idrss",  "ru_isrss",  "ru_minflt",	 "ru_majflt", "ru_nswap",
    "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw",  "ru_nivcsw",
};
#define RUSAGE_NLONGS (sizeof(rusage_longs) / sizeof(rusage_longs[0]))

/* struct rusage: two timevals and 14 longs, all of the tracee's long size. */
struct value decode_rusage(struct dctx *c, uint64_t addr)
{
	unsigned word = tracee_word(c);
	int64_t w[4 + RUSAGE_NLONGS];
	uint8_t buf[sizeof(w)];
	struct value f[2 + RUSAGE_NLONGS];
	unsigned n = 0;

	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, buf, (4 + RUSAGE_NLONGS) * word) < 0)
		return value_badaddr(addr);
	for (unsigned i = 0; i < 4 + RUSAGE_NLONGS; i++) {
		if (word == 8) {
			memcpy(&w[i], buf + 8 * i, 8);
		} else {
			int32_t v32;
			memcpy(&v32, buf + 4 * i, 4);
			w[i] = v32;
		}
	}
	f[n++] = named("ru_utime", timeval_value(c, w[0], w[1]));
	f[n++] = named("ru_stime", timeval_value(c, w[2], w[3]));
	if (!c->opts->verbose) {
		f[n++] = (struct value){.kind = V_ELLIPSIS};
		return value_struct_of(c->arena, f, n);
	}
	for (unsigned i = 0; i < RUSAGE_NLONGS; i++)
		f[n++] = named(rusage_longs[i], value_int(w[4 + i]));
	return value_struct_of(c->arena, f, n);
}

/* getrusage(who, usage) */
void sys_getrusage(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = value_enum((uint64_t)(int64_t)(int32_t)sc->raw[0], &xlat_rusage_who);
		return;
	}
	sc->args[1] = sc->err ? value_ptr(sc->raw[1]) : decode_rusage(c, sc->raw[1]);
}

/* --- uname */

/* struct utsname: six 65-byte strings, shown whole whatever -s says. */
void sys_uname(struct dctx *c)
{
	static const char *const names[] = {"sysname", "nodename", "release",
					    "version", "machine",  "domainname"};
	enum { LEN = 65 };
	struct syscall_value *sc = c->sc;
	char u[6][LEN];
	struct value f[6];
	unsigned n = 0;

	if (!c->exiting)
		return;
	uint64_t addr = sc->raw[0];
	if (sc->err || !addr) {
		sc->args[0] = value_ptr(addr);
		return;
	}
	if (decode_read(c, addr, u, sizeof(u)) < 0) {
		sc->args[0] = value_badaddr(addr);
		return;
	}
	for (unsigned i = 0; i < 6; i++) {
		if (!c->opts->verbose && i == 2) {
			f[n++] = (struct value){.kind = V_ELLIPSIS};
			break;
		}
		size_t len = strnlen(u[i], LEN);
		f[n++] = named(names[i], value_str(c->arena, u[i], (uint32_t)len, len == LEN));
	}
	sc->args[0] = value_struct_of(c->arena, f, n);
}

/* --- capabilities */

/* A capability set as strace prints it: 1<<CAP_CHOWN|1<<CAP_KILL, bits
 * without a name as a hex number per 32-bit word.  NEEDSWORK: text, until
 * the renderer can print bit-number flags. */
static struct value capset_value(struct arena *a, uint32_t lo, uint32_t hi)
{
	char buf[1536];
	size_t len = 0;
	uint32_t word[2] = {lo, hi};

	if (!lo && !hi)
		return value_uint(0);
	for (unsigned w = 0; w < 2; w++) {
		uint32_t rest = 0;
		for (unsigned b = 0; b < 32; b++) {
			if (!(word[w] & (1u << b)))
				continue;
			const char *name = xlat_name(&xlat_capabilities, 32 * w + b);
			if (!name) {
				rest |= 1u << b;
				continue;
			}
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s1<<%s",
						len ? "|" : "", name);
			if (len >= sizeof(buf))
				len = sizeof(buf) - 1;
		}
		if (rest)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%#x",
						len ? "|" : "", rest);
		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
	}
	return value_raw(arena_memdup(a, buf, len + 1));
}

static struct value cap_header(struct dctx *c, uint64_t addr, uint32_t *version)
{
	struct __user_cap_header_struct h;
	*version = 0;
	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, &h, sizeof(h)) < 0)
		return value_badaddr(addr);
	*version = h.version;
	struct value f[2] = {named("version", value_enum(h.version, &xlat_cap_versions)),
			     named("pid", value_int(h.pid))};
	return value_struct_of(c->arena, f, 2);
}

/* The data array: one struct for version 1, two (the 64-bit sets) after. */
static struct value cap_data(struct dctx *c, uint64_t addr, uint32_t version)
{
	struct __user_cap_data_struct d[2];
	unsigned n = version == _LINUX_CAPABILITY_VERSION_1 ? 1 : 2;
	if (!addr)
		return value_ptr(0);
	if (version != _LINUX_CAPABILITY_VERSION_1 && version != _LINUX_CAPABILITY_VERSION_2 &&
	    version != _LINUX_CAPABILITY_VERSION_3)
		return value_ptr(addr);
	memset(d, 0, sizeof(d));
	if (decode_read(c, addr, d, n * sizeof(d[0])) < 0)
		return value_badaddr(addr);
	struct value f[3] = {
	    named("effective", capset_value(c->arena, d[0].effective, d[1].effective)),
	    named("permitted", capset_value(c->arena, d[0].permitted, d[1].permitted)),
	    named("inheritable", capset_value(c->arena, d[0].inheritable, d[1].inheritable)),
	};
	return value_struct_of(c->arena, f, 3);
}

/* capget(hdrp, datap): the header at entry (the kernel may rewrite its
 * version), the sets at exit. */
void sys_capget(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint32_t version;
	if (!c->exiting) {
		sc->args[0] = cap_header(c, sc->raw[0], &version);
		return;
	}
	if (sc->err) {
		sc->args[1] = value_ptr(sc->raw[1]);
		return;
	}
	/* Read the version again: only the one the kernel accepted matters. */
	struct value ignored = cap_header(c, sc->raw[0], &version);
	(void)ignored;
	sc->args[1] = cap_data(c, sc->raw[1], version);
}

/* capset(hdrp, datap) */
void sys_capset(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint32_t version;
	if (c->exiting)
		return;
	sc->args[0] = cap_header(c, sc->raw[0], &version);
	sc->args[1] = cap_data(c, sc->raw[1], version);
}

/* --- ids and groups */

/* getresuid(ruid, euid, suid), getresgid and the i386 *32 forms: [0] each. */
void sys_getresuid(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting)
		return;
	for (unsigned i = 0; i < 3; i++) {
		uint64_t w;
		struct value v;
		if (out_word(c, sc->raw[i], 4, &w, &v))
			v = boxed(c->arena, value_int((int32_t)w));
		sc->args[i] = v;
	}
}

/* i386's getgroups/setgroups take 16-bit gids; every other form 32-bit. */
static unsigned gid_size(const struct dctx *c)
{
	const char *name = c->sc->se->name;
	return c->sc->arch == ARCH_I386 && name && !strchr(name, '3') ? 2 : 4;
}

/* The gid list: [0, 5, -1], at most -s elements. */
static struct value gid_list(struct dctx *c, uint64_t addr, uint64_t count)
{
	unsigned size = gid_size(c);
	uint64_t want = count;
	uint8_t buf[PROC_ARRAY_CAP * 4];
	struct value *items;
	struct value v;

	if (!addr)
		return value_ptr(0);
	if (want > c->opts->strsize)
		want = c->opts->strsize;
	if (want > PROC_ARRAY_CAP)
		want = PROC_ARRAY_CAP;
	if (want && decode_read(c, addr, buf, (size_t)want * size) < 0)
		return value_badaddr(addr);
	items = value_array(c->arena, &v, (uint32_t)want);
	for (uint64_t i = 0; i < want; i++) {
		if (size == 2) {
			int16_t g;
			memcpy(&g, buf + 2 * i, 2);
			items[i] = value_int(g);
		} else {
			int32_t g;
			memcpy(&g, buf + 4 * i, 4);
			items[i] = value_int(g);
		}
	}
	if (count > want)
		v.flags |= VF_TRUNC;
	return v;
}

/* NGROUPS_MAX: longer lists are refused, and printed as an address. */
#define GROUPS_MAX 65536

/* getgroups(size, list): the list holds as many gids as returned. */
void sys_getgroups(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = value_int((int32_t)sc->raw[0]);
		return;
	}
	if (sc->err || !(int32_t)sc->raw[0])
		sc->args[1] = value_ptr(sc->raw[1]);
	else
		sc->args[1] = gid_list(c, sc->raw[1], (uint64_t)sc->rval);
}

/* setgroups(size, list) */
void sys_setgroups(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	int32_t size = (int32_t)sc->raw[0];
	if (c->exiting)
		return;
	sc->args[0] = value_int(size);
	if (size < 0 || size > GROUPS_MAX)
		sc->args[1] = value_ptr(sc->raw[1]);
	else
		sc->args[1] = gid_list(c, sc->raw[1], (uint64_t)size);
}

/* --- robust futex list, personality */

/* get_robust_list(pid, head_ptr, len_ptr): [0x7f...], [24] */
void sys_get_robust_list(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	unsigned word = tracee_word(c);
	uint64_t w;
	struct value v;
	if (!c->exiting) {
		sc->args[0] = value_int((int32_t)sc->raw[0]);
		return;
	}
	if (out_word(c, sc->raw[1], word, &w, &v))
		v = boxed(c->arena, value_ptr(w));
	sc->args[1] = v;
	if (out_word(c, sc->raw[2], word, &w, &v))
		v = boxed(c->arena, value_uint(w));
	sc->args[2] = v;
}

/* personality(persona): 0xffffffff only queries.  The previous persona is
 * returned; strace shows it in hex with its decoding. */
void sys_personality(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint32_t p = (uint32_t)sc->raw[0];
	if (!c->exiting) {
		sc->args[0] = p == UINT32_MAX ? value_hex(p)
					      : flagset_value(c->arena, p, &xlat_personality_flags);
		return;
	}
	if (sc->err)
		return;
	sc->ret = value_hex((uint64_t)sc->rval);
	sc->ret_comment = arena_printf(
	    c->arena, "(%s)", flagset_text(c->arena, (uint32_t)sc->rval, &xlat_personality_flags));
}
