/* Shared decoding helpers and the generic, table-driven decoder. */
#include "syscalls/decode.h"
#include "engine/backend.h"
#include "syscalls/signal.h"

#include <fcntl.h>
#include <limits.h>
#include <string.h>

int decode_read(struct dctx *c, uint64_t addr, void *buf, size_t len)
{
	if (!addr)
		return -1;
	long n = backend_read_mem(c->be, c->tid, addr, buf, len);
	return n == (long)len ? 0 : -1;
}

size_t decode_read_partial(struct dctx *c, uint64_t addr, void *buf, size_t len)
{
	if (!addr)
		return 0;
	long n = backend_read_mem(c->be, c->tid, addr, buf, len);
	return n > 0 ? (size_t)n : 0;
}

/* Reads a NUL-terminated string page by page, so a string that ends just
 * before an unmapped page is still read whole. */
struct value decode_cstr(struct dctx *c, uint64_t addr, size_t max)
{
	if (!addr)
		return value_ptr(0);
	char *buf = arena_alloc(c->arena, max + 1);
	size_t got = 0;
	while (got < max + 1) {
		size_t chunk = 4096 - (size_t)((addr + got) & 4095);
		if (chunk > max + 1 - got)
			chunk = max + 1 - got;
		size_t n = decode_read_partial(c, addr + got, buf + got, chunk);
		void *nul = memchr(buf + got, '\0', n);
		if (nul)
			return value_str(c->arena, buf, (uint32_t)((char *)nul - buf), 0);
		got += n;
		if (n < chunk)
			break;
	}
	if (got > max)
		return value_str(c->arena, buf, (uint32_t)max, 1);
	/* No terminator before unreadable memory: strace shows the address. */
	return value_badaddr(addr);
}

struct value decode_path(struct dctx *c, uint64_t addr)
{
	return decode_cstr(c, addr, PATH_MAX);
}

struct value decode_buf(struct dctx *c, uint64_t addr, uint64_t len)
{
	if (!addr)
		return value_ptr(0);
	size_t want = len > c->opts->strsize ? c->opts->strsize : (size_t)len;
	char *buf = arena_alloc(c->arena, want ? want : 1);
	/* With -s 0 strace still shows an unreadable buffer as its address. */
	if ((want || len) && decode_read(c, addr, buf, want ? want : 1) < 0)
		return value_badaddr(addr);
	return value_str(c->arena, buf, (uint32_t)want, len > want);
}

struct value decode_arg(struct dctx *c, const struct argspec *spec, uint64_t raw)
{
	struct syscall_value *sc = c->sc;
	switch (spec->kind) {
	case AK_INT:
		return value_int((int32_t)raw);
	case AK_UINT:
		return value_uint((uint32_t)raw);
	case AK_LONG:
		return value_int((int64_t)raw);
	case AK_ULONG:
		return value_uint(raw);
	case AK_PTR:
	case AK_OUT_PTR:
		return value_ptr(raw);
	case AK_FD:
		return value_fd((int32_t)raw);
	case AK_DIRFD:
		if ((int32_t)raw == AT_FDCWD)
			return value_raw("AT_FDCWD");
		return value_fd((int32_t)raw);
	case AK_PATH:
		return decode_path(c, raw);
	case AK_STR:
		return decode_cstr(c, raw, c->opts->strsize);
	case AK_BUF_IN:
		return decode_buf(c, raw, spec->aux < 6 ? sc->raw[spec->aux] : 0);
	case AK_BUF_OUT:
		if (sc->err || sc->rval < 0)
			return value_ptr(raw);
		return decode_buf(c, raw, (uint64_t)sc->rval);
	case AK_OCT: {
		struct value v = {.kind = V_OCT, .u = (uint32_t)raw};
		return v;
	}
	case AK_FLAGS:
		return value_flags(raw, spec->x);
	case AK_ENUM:
		return value_enum(raw, spec->x);
	case AK_SIGNAL:
		return signal_value((int32_t)raw);
	default:
		return value_hex(raw);
	}
}

static int decoded_at_exit(uint8_t kind)
{
	return kind == AK_BUF_OUT || kind == AK_OUT_PTR;
}

void decode_generic(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	const struct sysent *se = sc->se;
	for (unsigned i = 0; i < sc->nargs; i++) {
		struct argspec hex = {.kind = AK_HEX};
		const struct argspec *spec = se->args ? &se->args[i] : &hex;
		if (decoded_at_exit(spec->kind) != c->exiting)
			continue;
		sc->args[i] = decode_arg(c, spec, sc->raw[i]);
		if (decoded_at_exit(spec->kind))
			sc->args[i].flags |= VF_OUT;
	}
}

void decode_retval(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	unsigned f = sc->se->flags;
	if (sc->err)
		return;
	if (f & SF_RET_HEX)
		sc->ret = value_hex((uint64_t)sc->rval);
	else if (f & SF_RET_FD)
		sc->ret = value_fd(sc->rval);
	else if (f & SF_RET_UINT)
		sc->ret = value_uint((uint64_t)sc->rval);
	else if (f & SF_RET_OCT)
		sc->ret = (struct value){.kind = V_OCT, .u = (uint64_t)sc->rval};
	else
		sc->ret = value_int(sc->rval);
}

void decode_syscall(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		decode_retval(c);
	if (sc->se->decode)
		sc->se->decode(c);
	else
		decode_generic(c);
	if (c->exiting)
		sc->exit_done = 1;
	else
		sc->entry_done = 1;
}
