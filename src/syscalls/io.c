/* Descriptor I/O: the vectored reads and writes, sendfile, copy_file_range,
 * splice, pipe, _llseek. read, write, pread64, pwrite64, lseek, dup, dup2
 * and tee need no code: their signatures.in argument kinds say it all. */
#include "syscalls/fileio.h"

#include <string.h>

/* An unsigned long argument: 32 bits in the i386 ABI. */
static uint64_t ulong_arg(const struct dctx *c, unsigned i)
{
	return fio_compat(c) ? (uint32_t)c->sc->raw[i] : c->sc->raw[i];
}

/* One struct iovec: two words, 8 bytes each, 4 in the i386 ABI. */
static bool read_iovec(struct dctx *c, uint64_t addr, uint64_t *base, uint64_t *len)
{
	unsigned word = fio_compat(c) ? 4 : 8;
	unsigned char buf[16];
	if (decode_read(c, addr, buf, 2 * word) < 0)
		return false;
	*base = fio_word(buf, word, false);
	*len = fio_word(buf + word, word, false);
	return true;
}

/* An iovec array, [{iov_base="...", iov_len=5}, ...]: at most -s elements.
 * With data, each buffer shows its bytes, the first `total` of them all
 * told (readv: the return value; writev: no limit); else its address.
 * An element that cannot be read ends the array: an ellipsis commented
 * with its address. */
static struct value iov_value(struct dctx *c, uint64_t addr, uint64_t count, bool data,
			      uint64_t total)
{
	uint64_t esize = fio_compat(c) ? 8 : 16;
	if (!addr)
		return value_ptr(0);
	if (!count)
		return (struct value){.kind = V_ARRAY};
	if (count > UINT64_MAX / esize || addr + count * esize < addr)
		return value_ptr(addr);
	uint64_t n = count > c->opts->strsize ? c->opts->strsize : count;
	uint64_t base, len;
	if (!n && !read_iovec(c, addr, &base, &len))
		return value_badaddr(addr); /* strace reads the first one even under -s 0 */
	struct value v, *items = value_array(c->arena, &v, (uint32_t)n);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t at = addr + i * esize;
		if (!read_iovec(c, at, &base, &len)) {
			if (!i)
				return value_badaddr(addr);
			items[i] = (struct value){.kind = V_ELLIPSIS};
			items[i].comment = arena_printf(c->arena, "%#llx", (unsigned long long)at);
			v.n = (uint32_t)i + 1;
			return v;
		}
		struct value f[2];
		uint64_t shown = len < total ? len : total;
		f[0] = fio_named("iov_base", data ? decode_buf(c, base, shown) : value_ptr(base));
		f[1] = fio_named("iov_len", value_uint(len));
		if (data)
			total -= shown;
		items[i] = fio_struct(c->arena, f, 2, false);
	}
	if (n < count)
		v.flags |= VF_TRUNC;
	return v;
}

/* readv(2) family: the buffers are filled by the call, shown at exit. */
static void readv_common(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	decode_generic(c);
	if (!c->exiting)
		return;
	bool ok = fio_out_ok(c);
	sc->args[1] = iov_value(c, sc->raw[1], ulong_arg(c, 2), ok, ok ? (uint64_t)sc->rval : 0);
}

/* writev(2) family: everything is known at entry. */
static void writev_common(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	decode_generic(c);
	sc->args[1] = iov_value(c, sc->raw[1], ulong_arg(c, 2), true, UINT64_MAX);
}

/* The iovec count: unsigned long for the kernel and strace. */
static void iovcnt(struct dctx *c)
{
	if (!c->exiting)
		c->sc->args[2] = value_uint(ulong_arg(c, 2));
}

/* preadv/pwritev: the offset comes in two words (low, high); only the
 * i386 ABI needs the high one. preadv2/pwritev2 add flags after them. */
static void vec_offset(struct dctx *c, bool v2)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	iovcnt(c);
	int64_t off = (int64_t)sc->raw[3];
	if (fio_compat(c))
		off = (int64_t)((uint32_t)sc->raw[3] | sc->raw[4] << 32);
	sc->args[3] = value_int(off);
	if (v2)
		sc->args[4] = value_flags((uint32_t)sc->raw[5], &xlat_rwf_flags);
	sc->nargs = v2 ? 5 : 4;
}

void sys_readv(struct dctx *c)
{
	readv_common(c);
	iovcnt(c);
}

void sys_writev(struct dctx *c)
{
	writev_common(c);
	iovcnt(c);
}

void sys_preadv(struct dctx *c)
{
	readv_common(c);
	vec_offset(c, false);
}

void sys_pwritev(struct dctx *c)
{
	writev_common(c);
	vec_offset(c, false);
}

void sys_preadv2(struct dctx *c)
{
	readv_common(c);
	vec_offset(c, true);
}

void sys_pwritev2(struct dctx *c)
{
	writev_common(c);
	vec_offset(c, true);
}

/* vmsplice(2): fd, iovec array (shown at entry, like writev), count, flags. */
void sys_vmsplice(struct dctx *c)
{
	writev_common(c);
}

/* sendfile(2): the offset is read and updated by the kernel, "[0] => [5]".
 * The value read at entry waits in args[5], which sendfile does not use. */
void sys_sendfile(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	unsigned size = fio_compat(c) && strcmp(sc->se->name, "sendfile64") ? 4 : 8;
	if (!c->exiting) {
		decode_generic(c);
		struct value in = fio_num_at(c, sc->raw[2], size, false);
		sc->args[2] = in.kind == V_ARRAY ? (struct value){.kind = V_NONE} : in;
		sc->args[5] = in;
		return;
	}
	if (sc->args[2].kind != V_NONE)
		return;
	struct value in = sc->args[5];
	struct value out = fio_out_ok(c) ? fio_num_at(c, sc->raw[2], size, false) : in;
	if (!fio_out_ok(c) || out.kind != V_ARRAY) {
		sc->args[2] = in;
		return;
	}
	sc->args[2] = value_changed(c->arena, in, out);
}

/* copy_file_range(2) and splice(2): two optional loff_t offsets, read at
 * entry only. */
static void offsets_in(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	decode_generic(c);
	sc->args[1] = fio_num_at(c, sc->raw[1], 8, true);
	sc->args[3] = fio_num_at(c, sc->raw[3], 8, true);
}

void sys_copy_file_range(struct dctx *c)
{
	if (c->exiting)
		return;
	offsets_in(c);
	c->sc->args[5] = value_uint((uint32_t)c->sc->raw[5]);
}

void sys_splice(struct dctx *c)
{
	if (c->exiting)
		return;
	offsets_in(c);
	c->sc->args[5] = value_flags((uint32_t)c->sc->raw[5], &xlat_splice_flags);
}

/* pipe(2) and pipe2(2): the two new descriptors, [3, 4]. */
void sys_pipe(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		decode_generic(c);
		if (sc->nargs > 1)
			sc->args[1] = value_flags((uint32_t)sc->raw[1], &xlat_open_flag_bits);
		return;
	}
	int32_t fds[2];
	if (!fio_out_ok(c) || decode_read(c, sc->raw[0], fds, sizeof(fds)) < 0) {
		sc->args[0] = value_ptr(sc->raw[0]);
		return;
	}
	/* An array like any other: -s caps it, "[...]" under -s 0. */
	unsigned n = c->opts->strsize < 2 ? c->opts->strsize : 2;
	struct value *items = value_array(c->arena, &sc->args[0], n);
	for (unsigned i = 0; i < n; i++)
		items[i] = value_fd(fds[i]);
	if (n < 2)
		sc->args[0].flags |= VF_TRUNC;
}

/* _llseek(2) (i386): the offset comes high word first and prints as one
 * number; the result is a loff_t the kernel writes, [0]. */
void sys_llseek(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		decode_generic(c);
		sc->args[1] = value_int((int64_t)((uint32_t)sc->raw[2] | sc->raw[1] << 32));
		sc->args[2] = (struct value){.kind = V_NONE};
		sc->args[3] = value_enum((uint32_t)sc->raw[4], &xlat_whence);
		sc->nargs = 4;
		return;
	}
	sc->args[2] = fio_out_ok(c) ? fio_num_at(c, sc->raw[3], 8, true) : value_ptr(sc->raw[3]);
}
