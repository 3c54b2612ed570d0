/* Helpers shared by the file and descriptor decoders: file.c, io.c,
 * stat.c, fcntl.c and ioctl.c. */
#ifndef SCRY_FILEIO_H
#define SCRY_FILEIO_H
#include <stdbool.h>
#include <stdint.h>

#include "syscalls/decode.h"
#include "xlat/all.h"

static inline struct value fio_named(const char *name, struct value v)
{
	v.name = name;
	return v;
}

/* The tracee runs the i386 ABI: 32-bit longs and pointers. */
static inline bool fio_compat(const struct dctx *c)
{
	return c->sc->arch == ARCH_I386;
}

/* An output argument can be read: the syscall succeeded. */
static inline bool fio_out_ok(const struct dctx *c)
{
	return !c->sc->err && c->sc->rval >= 0;
}

/* A little-endian word of len (1..8) bytes at p, sign-extended if sign. */
uint64_t fio_word(const void *p, unsigned len, bool sign);

/* A struct of n fields (copied into the arena); trunc adds strace's "...". */
struct value fio_struct(struct arena *a, const struct value *f, unsigned n, bool trunc);

/* A flag set as text, for return-value comments ("O_RDWR|O_LARGEFILE"). */
const char *fio_flags_text(struct arena *a, uint64_t raw, const struct xlat *x);

/* A number in hex, 0 as "0" (makedev(0x1, 0), _IOC(...)). */
const char *fio_hex0(struct arena *a, uint64_t n);

/* A file mode with its type: S_IFREG|S_ISUID|0644, S_IFIFO|000, 0170644. */
struct value fio_mode(struct arena *a, uint32_t mode);
/* A device number: makedev(0x1, 0x3). */
struct value fio_dev(struct arena *a, uint64_t dev);
/* The local date strace puts after an absolute time
 * ("1970-01-01T00:00:05.000000002+0000"), digits being the width of frac
 * (9: nanoseconds, 6: microseconds, 0: none); NULL when strace prints none:
 * the epoch itself, a fraction out of range, a year out of reach. */
const char *fio_date(struct arena *a, int64_t sec, uint64_t frac, int digits);
/* {tv_sec=1, tv_nsec=2} from two words, with the date comment. */
struct value fio_timespec(struct arena *a, int64_t sec, int64_t nsec);

/* A number the tracee passes by pointer: [5], or the address if unreadable.
 * size is 4 or 8 bytes. */
struct value fio_num_at(struct dctx *c, uint64_t addr, unsigned size, bool is_signed);
/* Bytes as a string of \x escapes, as strace prints binary tails
 * ("\x00\x01"...), at most -s of them. */
struct value fio_hex_str(struct dctx *c, const unsigned char *p, size_t n);

#endif
