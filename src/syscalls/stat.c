/* File status: the stat family, statx, statfs and getdents. Each struct
 * whose layout differs between x86_64 and i386 is read through a table of
 * field offsets, one per layout. */
#include "syscalls/fileio.h"

#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#ifndef STATX_DIOALIGN
#define STATX_DIOALIGN 0x2000U /* Linux 6.1, <linux/stat.h>; newer than glibc 2.36 */
#endif

/* ---- struct stat ---------------------------------------------------- */

/* clang-format off */
enum { ST_DEV, ST_INO, ST_MODE, ST_NLINK, ST_UID, ST_GID, ST_RDEV, ST_SIZE, ST_BLKSIZE,
       ST_BLOCKS, ST_ATIME, ST_ATIME_NS, ST_MTIME, ST_MTIME_NS, ST_CTIME, ST_CTIME_NS, ST_NF };

struct layout {
	uint8_t size;
	struct {
		uint8_t off, len;
	} f[ST_NF]; /* in ST_* order */
};

/* <asm/stat.h>: x86_64's struct stat, i386's struct stat64 (its 64-bit
 * fields only 4-byte aligned; st_ino is the one at the end) and the i386
 * struct stat of stat(2), lstat(2), fstat(2) there. */
static const struct layout stat_x86_64 = {144, {
	{0, 8}, {8, 8}, {24, 4}, {16, 8}, {28, 4}, {32, 4}, {40, 8}, {48, 8},
	{56, 8}, {64, 8}, {72, 8}, {80, 8}, {88, 8}, {96, 8}, {104, 8}, {112, 8}}};
static const struct layout stat64_i386 = {96, {
	{0, 8}, {88, 8}, {16, 4}, {20, 4}, {24, 4}, {28, 4}, {32, 8}, {44, 8},
	{52, 4}, {56, 8}, {64, 4}, {68, 4}, {72, 4}, {76, 4}, {80, 4}, {84, 4}}};
static const struct layout stat_i386 = {64, {
	{0, 4}, {4, 4}, {8, 2}, {10, 2}, {12, 2}, {14, 2}, {16, 4}, {20, 4},
	{24, 4}, {28, 4}, {32, 4}, {36, 4}, {40, 4}, {44, 4}, {48, 4}, {52, 4}}};
/* clang-format on */

/* Field i of a struct read with layout l; times and sizes are signed. */
static uint64_t get_field(const unsigned char *p, const struct layout *l, unsigned i, bool sign)
{
	return fio_word(p + l->f[i].off, l->f[i].len, sign);
}

static const struct layout *stat_layout(const struct dctx *c)
{
	const char *name = c->sc->se->name;
	size_t n = strlen(name);
	if (n > 2 && !strcmp(name + n - 2, "64"))
		return &stat64_i386;
	return fio_compat(c) ? &stat_i386 : &stat_x86_64;
}

/* st_atime=1 / * date * /, st_atime_nsec=2 */
static unsigned put_time(struct dctx *c, struct value *f, const char *const names[2], int64_t sec,
			 uint64_t nsec)
{
	f[0] = fio_named(names[0], value_int(sec));
	f[0].comment = fio_date(c->arena, sec, nsec, 9);
	f[1] = fio_named(names[1], value_uint(nsec));
	return 2;
}

static struct value stat_value(struct dctx *c, const unsigned char *p, const struct layout *l)
{
	static const char *const times[3][2] = {{"st_atime", "st_atime_nsec"},
						{"st_mtime", "st_mtime_nsec"},
						{"st_ctime", "st_ctime_nsec"}};
	bool v = c->opts->verbose;
	uint32_t mode = (uint32_t)get_field(p, l, ST_MODE, false);
	struct value f[16];
	unsigned n = 0;
	if (v) {
		f[n++] = fio_named("st_dev", fio_dev(c->arena, get_field(p, l, ST_DEV, false)));
		f[n++] = fio_named("st_ino", value_uint(get_field(p, l, ST_INO, false)));
	}
	f[n++] = fio_named("st_mode", fio_mode(c->arena, mode));
	if (v) {
		f[n++] = fio_named("st_nlink", value_uint(get_field(p, l, ST_NLINK, false)));
		f[n++] = fio_named("st_uid", value_uint(get_field(p, l, ST_UID, false)));
		f[n++] = fio_named("st_gid", value_uint(get_field(p, l, ST_GID, false)));
		f[n++] = fio_named("st_blksize", value_uint(get_field(p, l, ST_BLKSIZE, false)));
		f[n++] = fio_named("st_blocks", value_uint(get_field(p, l, ST_BLOCKS, false)));
	}
	if (S_ISCHR(mode) || S_ISBLK(mode))
		f[n++] = fio_named("st_rdev", fio_dev(c->arena, get_field(p, l, ST_RDEV, false)));
	else
		f[n++] = fio_named("st_size", value_int((int64_t)get_field(p, l, ST_SIZE, true)));
	for (unsigned i = 0; v && i < 3; i++)
		n += put_time(c, f + n, times[i], (int64_t)get_field(p, l, ST_ATIME + 2 * i, true),
			      get_field(p, l, ST_ATIME_NS + 2 * i, false));
	return fio_struct(c->arena, f, n, !v);
}

/* The struct at addr, or its address when the call failed or it cannot be read. */
static struct value stat_at(struct dctx *c, uint64_t addr)
{
	const struct layout *l = stat_layout(c);
	unsigned char buf[160];
	if (!fio_out_ok(c) || decode_read(c, addr, buf, l->size) < 0)
		return value_ptr(addr);
	return stat_value(c, buf, l);
}

/* stat, lstat, fstat and their i386 *64 forms: the struct is argument 1. */
void sys_stat(struct dctx *c)
{
	decode_generic(c);
	if (c->exiting)
		c->sc->args[1] = stat_at(c, c->sc->raw[1]);
}

/* newfstatat(2), fstatat64(2): dirfd, path, struct, flags. */
void sys_newfstatat(struct dctx *c)
{
	decode_generic(c);
	if (c->exiting)
		c->sc->args[2] = stat_at(c, c->sc->raw[2]);
}

/* ---- statx ---------------------------------------------------------- */

/* struct statx of <linux/stat.h>: the same on every ABI. */
struct kstatx_ts {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};
struct kstatx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct kstatx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t mnt_id;
	uint32_t dio_mem_align, dio_offset_align;
	uint64_t spare3[12];
};
_Static_assert(sizeof(struct kstatx) == 256, "struct statx is 256 bytes");
_Static_assert(offsetof(struct kstatx, mnt_id) == 144, "stx_mnt_id is at 144");

/* The statx flags: the sync type field by name, unless both of its bits
 * are set, which has no name. */
static struct value statx_flags_value(uint32_t flags)
{
	if ((flags & xlat_statx_flags.mask) == xlat_statx_flags.mask)
		return value_flags(flags, &xlat_statx_flags_bits);
	return value_flags(flags, &xlat_statx_flags);
}

static struct value statx_time(struct dctx *c, const char *name, const struct kstatx_ts *t)
{
	return fio_named(name, fio_timespec(c->arena, t->tv_sec, t->tv_nsec));
}

/* Fields a verbose statx shows only when stx_mask says they were filled. */
static unsigned statx_tail(struct dctx *c, const struct kstatx *s, struct value *f)
{
	unsigned n = 0;
	if (s->mask & STATX_ATIME)
		f[n++] = statx_time(c, "stx_atime", &s->atime);
	if (s->mask & STATX_BTIME)
		f[n++] = statx_time(c, "stx_btime", &s->btime);
	if (s->mask & STATX_CTIME)
		f[n++] = statx_time(c, "stx_ctime", &s->ctime);
	if (s->mask & STATX_MTIME)
		f[n++] = statx_time(c, "stx_mtime", &s->mtime);
	f[n++] = fio_named("stx_rdev_major", value_uint(s->rdev_major));
	f[n++] = fio_named("stx_rdev_minor", value_uint(s->rdev_minor));
	f[n++] = fio_named("stx_dev_major", value_uint(s->dev_major));
	f[n++] = fio_named("stx_dev_minor", value_uint(s->dev_minor));
	if (s->mask & STATX_MNT_ID)
		f[n++] = fio_named("stx_mnt_id", value_hex(s->mnt_id));
	if (s->mask & STATX_DIOALIGN) {
		f[n++] = fio_named("stx_dio_mem_align", value_uint(s->dio_mem_align));
		f[n++] = fio_named("stx_dio_offset_align", value_uint(s->dio_offset_align));
	}
	return n;
}

static struct value statx_value(struct dctx *c, const struct kstatx *s)
{
	bool v = c->opts->verbose;
	struct value f[24];
	unsigned n = 0;
	f[n++] = fio_named("stx_mask", value_flags(s->mask, &xlat_statx_mask));
	if (v)
		f[n++] = fio_named("stx_blksize", value_uint(s->blksize));
	f[n++] = fio_named("stx_attributes", value_flags(s->attributes, &xlat_statx_attrs));
	if (v) {
		f[n++] = fio_named("stx_nlink", value_uint(s->nlink));
		f[n++] = fio_named("stx_uid", value_uint(s->uid));
		f[n++] = fio_named("stx_gid", value_uint(s->gid));
	}
	f[n++] = fio_named("stx_mode", fio_mode(c->arena, s->mode));
	if (v)
		f[n++] = fio_named("stx_ino", value_uint(s->ino));
	f[n++] = fio_named("stx_size", value_uint(s->size));
	if (v) {
		f[n++] = fio_named("stx_blocks", value_uint(s->blocks));
		f[n++] = fio_named("stx_attributes_mask",
				   value_flags(s->attributes_mask, &xlat_statx_attrs));
		n += statx_tail(c, s, f + n);
	}
	return fio_struct(c->arena, f, n, !v);
}

/* statx(2): dirfd, path, flags, mask, struct. */
void sys_statx(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	decode_generic(c);
	if (!c->exiting) {
		sc->args[2] = statx_flags_value((uint32_t)sc->raw[2]);
		sc->args[3] = value_flags((uint32_t)sc->raw[3], &xlat_statx_mask);
		return;
	}
	struct kstatx s;
	if (fio_out_ok(c) && decode_read(c, sc->raw[4], &s, sizeof(s)) == 0)
		sc->args[4] = statx_value(c, &s);
}

/* ---- statfs --------------------------------------------------------- */

/* clang-format off */
enum { SF_TYPE, SF_BSIZE, SF_BLOCKS, SF_BFREE, SF_BAVAIL, SF_FILES, SF_FFREE, SF_FSID0,
       SF_FSID1, SF_NAMELEN, SF_FRSIZE, SF_FLAGS, SF_NF };

struct statfs_layout {
	uint8_t size;
	struct {
		uint8_t off, len;
	} f[SF_NF]; /* in SF_* order */
};

/* <asm-generic/statfs.h>: x86_64's struct statfs (= statfs64), i386's
 * struct statfs (all 32-bit) and struct statfs64 (packed to 4 bytes). */
static const struct statfs_layout statfs_x86_64 = {120, {
	{0, 8}, {8, 8}, {16, 8}, {24, 8}, {32, 8}, {40, 8}, {48, 8}, {56, 4}, {60, 4},
	{64, 8}, {72, 8}, {80, 8}}};
static const struct statfs_layout statfs_i386 = {64, {
	{0, 4}, {4, 4}, {8, 4}, {12, 4}, {16, 4}, {20, 4}, {24, 4}, {28, 4}, {32, 4},
	{36, 4}, {40, 4}, {44, 4}}};
static const struct statfs_layout statfs64_i386 = {84, {
	{0, 4}, {4, 4}, {8, 8}, {16, 8}, {24, 8}, {32, 8}, {40, 8}, {48, 4}, {52, 4},
	{56, 4}, {60, 4}, {64, 4}}};
/* clang-format on */

static uint64_t sf_get(const unsigned char *p, const struct statfs_layout *l, unsigned i)
{
	return fio_word(p + l->f[i].off, l->f[i].len, false);
}

static struct value statfs_value(struct dctx *c, const unsigned char *p,
				 const struct statfs_layout *l)
{
	static const char *const counts[] = {"f_bsize",	 "f_blocks", "f_bfree",
					     "f_bavail", "f_files",  "f_ffree"};
	struct value f[11], fsid, *val;
	unsigned n = 0;
	uint64_t type = sf_get(p, l, SF_TYPE);
	struct value tv = value_enum(type, &xlat_fs_magic);
	f[n++] = fio_named("f_type", xlat_name(&xlat_fs_magic, type) ? tv : value_hex(type));
	for (unsigned i = 0; i < 6; i++)
		f[n++] = fio_named(counts[i], value_uint(sf_get(p, l, SF_BSIZE + i)));
	val = value_array(c->arena, &fsid, 2);
	val[0] = value_hex(sf_get(p, l, SF_FSID0));
	val[1] = value_hex(sf_get(p, l, SF_FSID1));
	fsid.name = "val";
	f[n++] = fio_named("f_fsid", fio_struct(c->arena, &fsid, 1, false));
	f[n++] = fio_named("f_namelen", value_uint(sf_get(p, l, SF_NAMELEN)));
	f[n++] = fio_named("f_frsize", value_uint(sf_get(p, l, SF_FRSIZE)));
	f[n++] = fio_named("f_flags", value_flags(sf_get(p, l, SF_FLAGS), &xlat_statfs_flags));
	return fio_struct(c->arena, f, n, false);
}

static struct value statfs_at(struct dctx *c, uint64_t addr, const struct statfs_layout *l)
{
	unsigned char buf[128];
	if (!fio_out_ok(c) || decode_read(c, addr, buf, l->size) < 0)
		return value_ptr(addr);
	return statfs_value(c, buf, l);
}

/* statfs(2), fstatfs(2): the struct is argument 1. */
void sys_statfs(struct dctx *c)
{
	decode_generic(c);
	if (c->exiting)
		c->sc->args[1] =
		    statfs_at(c, c->sc->raw[1], fio_compat(c) ? &statfs_i386 : &statfs_x86_64);
}

/* statfs64(2), fstatfs64(2) (i386): path or fd, struct size, struct. */
void sys_statfs64(struct dctx *c)
{
	decode_generic(c);
	if (c->exiting)
		c->sc->args[2] = statfs_at(c, c->sc->raw[2], &statfs64_i386);
}

/* ---- getdents ------------------------------------------------------- */

/* How much of a directory buffer is read: glibc asks for 32 KiB at most. */
#define DENTS_MAX (256 * 1024)

struct dirent_layout {
	uint8_t ino, off, word, reclen, name; /* offsets; word: d_ino/d_off size */
	bool type_last;			      /* linux_dirent: d_type is the record's last byte */
};

static const struct dirent_layout dirent64 = {0, 8, 8, 16, 19, false};
static const struct dirent_layout dirent_x86_64 = {0, 8, 8, 16, 18, true};
static const struct dirent_layout dirent_i386 = {0, 4, 4, 8, 10, true};

/* One record at p (len bytes left); 0 if it is not a whole record. */
static unsigned dirent_reclen(const unsigned char *p, size_t len, const struct dirent_layout *l)
{
	if (len < (size_t)l->name + 1u)
		return 0;
	unsigned reclen = (unsigned)fio_word(p + l->reclen, 2, false);
	return reclen > l->name && reclen <= len ? reclen : 0;
}

static struct value dirent_value(struct dctx *c, const unsigned char *p, unsigned reclen,
				 const struct dirent_layout *l)
{
	uint64_t ino = fio_word(p + l->ino, l->word, false);
	uint64_t off = fio_word(p + l->off, l->word, l->word == 8);
	unsigned type = l->type_last ? p[reclen - 1] : p[l->name - 1];
	const char *name = (const char *)p + l->name;
	struct value f[5];
	unsigned n = 0;
	f[n++] = fio_named("d_ino", value_uint(ino));
	f[n++] = fio_named("d_off", l->word == 8 ? value_int((int64_t)off) : value_uint(off));
	f[n++] = fio_named("d_reclen", value_uint(reclen));
	struct value vt = fio_named("d_type", value_enum(type, &xlat_dirent_types));
	if (!l->type_last)
		f[n++] = vt;
	f[n++] = fio_named("d_name",
			   value_str(c->arena, name, (uint32_t)strnlen(name, reclen - l->name), 0));
	if (l->type_last)
		f[n++] = vt;
	return fio_struct(c->arena, f, n, false);
}

/* The records: all of them with -v, else only their number. */
static struct value dirents_value(struct dctx *c, uint64_t addr, const unsigned char *buf,
				  size_t len, bool cut, const struct dirent_layout *l)
{
	unsigned count = 0;
	for (size_t at = 0, r; at < len && (r = dirent_reclen(buf + at, len - at, l)); at += r)
		count++;
	if (!c->opts->verbose) {
		struct value v = value_ptr(addr);
		v.comment = arena_printf(c->arena, "%u entries", count);
		return v;
	}
	struct value v, *items = value_array(c->arena, &v, count);
	size_t at = 0;
	for (unsigned i = 0; i < count; i++) {
		unsigned r = dirent_reclen(buf + at, len - at, l);
		items[i] = dirent_value(c, buf + at, r, l);
		at += r;
	}
	if (cut)
		v.flags |= VF_TRUNC;
	return v;
}

/* getdents64(2), getdents(2): the records the kernel wrote, at exit. */
void sys_getdents(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	decode_generic(c);
	if (!c->exiting || !fio_out_ok(c))
		return;
	const struct dirent_layout *l = !strcmp(sc->se->name, "getdents64") ? &dirent64
					: fio_compat(c)			    ? &dirent_i386
									    : &dirent_x86_64;
	size_t len = (uint64_t)sc->rval > DENTS_MAX ? DENTS_MAX : (size_t)sc->rval;
	unsigned char *buf = arena_alloc(c->arena, len ? len : 1);
	if (len && decode_read(c, sc->raw[1], buf, len) < 0)
		return;
	sc->args[1] = dirents_value(c, sc->raw[1], buf, len, len < (uint64_t)sc->rval, l);
}
