/* Paths and file names: open family, mknod, utime family, getcwd,
 * memfd_create. The simple
 * path syscalls (mkdir, unlink, rename, link, chmod, chown, truncate ...)
 * need no code: their signatures.in argument kinds say it all. */
#include "syscalls/fileio.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>

/* The kernel's single O_TMPFILE bit: glibc's O_TMPFILE includes O_DIRECTORY. */
#define KERNEL_O_TMPFILE 020000000

/* open(2) and openat(2): the mode is shown only when the kernel reads it. */
static void open_common(struct dctx *c, unsigned path)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	decode_generic(c);
	uint32_t flags = (uint32_t)sc->raw[path + 1];
	sc->args[path + 1] = value_flags(flags, &xlat_open_flags);
	if (!(flags & (O_CREAT | KERNEL_O_TMPFILE)))
		sc->nargs = (uint8_t)(path + 2);
}

void sys_open(struct dctx *c)
{
	open_common(c, 0);
}

void sys_openat(struct dctx *c)
{
	open_common(c, 1);
}

/* Bytes past the struct open_how the kernel knows: strace shows them when
 * any is not zero (the kernel then fails with E2BIG). */
static bool open_how_tail(struct dctx *c, uint64_t addr, uint64_t size, struct value *out)
{
	size_t known = sizeof(struct open_how);
	size_t end = size > 4096 ? 4096 : (size_t)size; /* the kernel's limit: a page */
	if (end <= known)
		return false;
	unsigned char *tail = arena_alloc(c->arena, end - known);
	size_t got = decode_read_partial(c, addr + known, tail, end - known);
	size_t i = 0;
	while (i < got && !tail[i])
		i++;
	if (got < end - known || i == got)
		return false;
	struct value hex = fio_hex_str(c, tail, got);
	*out = value_raw(arena_printf(c->arena, "/* bytes %zu..%zu */ %s", known, end - 1, hex.s));
	return true;
}

static struct value open_how_value(struct dctx *c, uint64_t addr, uint64_t size)
{
	struct open_how how;
	if (!addr)
		return value_ptr(0);
	if (size < sizeof(how))
		return value_ptr(addr);
	if (decode_read(c, addr, &how, sizeof(how)) < 0)
		return value_badaddr(addr);
	struct value f[4];
	unsigned n = 0;
	f[n++] = fio_named("flags", value_flags(how.flags, &xlat_open_flags));
	if ((how.flags & (O_CREAT | KERNEL_O_TMPFILE)) || how.mode)
		f[n++] = fio_named("mode", (struct value){.kind = V_OCT, .u = how.mode});
	f[n++] = fio_named("resolve", value_flags(how.resolve, &xlat_resolve_flags));
	if (open_how_tail(c, addr, size, &f[n]))
		n++;
	return fio_struct(c->arena, f, n, false);
}

void sys_openat2(struct dctx *c)
{
	if (c->exiting)
		return;
	decode_generic(c);
	c->sc->args[2] = open_how_value(c, c->sc->raw[2], c->sc->raw[3]);
}

/* mknod(2) and mknodat(2): the device number only for device files. */
static void mknod_common(struct dctx *c, unsigned path)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	decode_generic(c);
	uint32_t mode = (uint32_t)sc->raw[path + 1];
	sc->args[path + 1] = fio_mode(c->arena, mode);
	if (S_ISCHR(mode) || S_ISBLK(mode))
		sc->args[path + 2] = fio_dev(c->arena, (uint32_t)sc->raw[path + 2]);
	else
		sc->nargs = (uint8_t)(path + 2);
}

void sys_mknod(struct dctx *c)
{
	mknod_common(c, 0);
}

void sys_mknodat(struct dctx *c)
{
	mknod_common(c, 1);
}

void sys_getcwd(struct dctx *c)
{
	decode_generic(c);
	if (c->exiting && fio_out_ok(c))
		c->sc->args[0] = decode_path(c, c->sc->raw[0]);
}

/* MFD_HUGE_* sizes are log2 values in the top six bits: MFD_HUGE_2MB
 * prints as 21<<MFD_HUGE_SHIFT. */
#define MFD_HUGE_SHIFT_ 26

void sys_memfd_create(struct dctx *c)
{
	if (c->exiting)
		return;
	decode_generic(c);
	uint32_t flags = (uint32_t)c->sc->raw[1];
	uint32_t huge = flags >> MFD_HUGE_SHIFT_;
	uint32_t rest = flags & ~(0x3fu << MFD_HUGE_SHIFT_);
	if (!huge) {
		c->sc->args[1] = value_flags(flags, &xlat_memfd_flags);
		return;
	}
	const char *low = rest ? fio_flags_text(c->arena, rest, &xlat_memfd_flags) : NULL;
	c->sc->args[1] = value_raw(
	    arena_printf(c->arena, "%s%s%u<<MFD_HUGE_SHIFT", low ? low : "", low ? "|" : "", huge));
}

/* Two times of a utime-family call: timespec (utimensat) or timeval
 * (utimes, futimesat); word is 4 for the i386 layouts. */
static struct value time_pair(struct dctx *c, uint64_t addr, unsigned word, bool usec)
{
	unsigned char buf[32];
	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, buf, 4 * word) < 0)
		return value_badaddr(addr);
	struct value v, *item = value_array(c->arena, &v, 2);
	for (unsigned i = 0; i < 2; i++) {
		int64_t sec = (int64_t)fio_word(buf + 2 * i * word, word, true);
		int64_t frac = (int64_t)fio_word(buf + (2 * i + 1) * word, word, true);
		if (!usec && (frac == UTIME_NOW || frac == UTIME_OMIT)) {
			item[i] = value_enum((uint64_t)frac, &xlat_utime_nsec);
			continue;
		}
		item[i] = fio_timespec(c->arena, sec, frac);
		if (usec) {
			item[i].items[1].name = "tv_usec";
			item[i].comment = fio_date(c->arena, sec, (uint64_t)frac, 6);
		}
	}
	return v;
}

static unsigned time_word(const struct dctx *c)
{
	return fio_compat(c) && !strstr(c->sc->se->name, "time64") ? 4 : 8;
}

void sys_utimensat(struct dctx *c)
{
	if (c->exiting)
		return;
	decode_generic(c);
	c->sc->args[2] = time_pair(c, c->sc->raw[2], time_word(c), false);
}

/* utimes(2) and futimesat(2): the times are the last argument. */
void sys_utimes(struct dctx *c)
{
	if (c->exiting)
		return;
	decode_generic(c);
	unsigned last = c->sc->nargs - 1u;
	c->sc->args[last] = time_pair(c, c->sc->raw[last], time_word(c), true);
}

void sys_utime(struct dctx *c)
{
	if (c->exiting)
		return;
	decode_generic(c);
	uint64_t addr = c->sc->raw[1];
	unsigned word = time_word(c);
	unsigned char buf[16];
	if (!addr || decode_read(c, addr, buf, 2 * word) < 0)
		return;
	struct value f[2];
	for (unsigned i = 0; i < 2; i++) {
		int64_t t = (int64_t)fio_word(buf + i * word, word, true);
		f[i] = fio_named(i ? "modtime" : "actime", value_int(t));
		f[i].comment = fio_date(c->arena, t, 0, 0);
	}
	c->sc->args[1] = fio_struct(c->arena, f, 2, false);
}
