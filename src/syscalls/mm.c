/* Memory: mmap, mprotect, mremap, madvise, mlock2, mlockall, msync, mincore. */
#include "syscalls/process.h"
#include "xlat/all.h"

#include <inttypes.h>
#include <linux/mman.h>
#include <string.h>

/* Bits 26..31 of mmap's flags hold log2 of the huge page size. */
#define HUGE_SHIFT 26
#define HUGE_MASK  0x3fu

/* mmap flags: strace reads an int, and prints the huge page size field
 * last, as "21<<MAP_HUGE_SHIFT". */
static struct value mmap_flags_value(struct arena *a, uint32_t flags)
{
	uint32_t huge = (flags >> HUGE_SHIFT) & HUGE_MASK;
	uint32_t rest = flags & ~(HUGE_MASK << HUGE_SHIFT);
	if (!huge)
		return flagset_value(a, rest, &xlat_mmap_flags);
	return value_raw(arena_printf(a, "%s|%u<<MAP_HUGE_SHIFT",
				      flagset_text(a, rest, &xlat_mmap_flags), huge));
}

/* mmap(addr, length, prot, flags, fd, offset); i386's mmap2 takes the
 * offset in 4096-byte units and strace prints it in bytes. */
void sys_mmap(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	decode_generic(c);
	sc->args[2] = flagset_value(c->arena, sc->raw[2], &xlat_mmap_prot);
	sc->args[3] = mmap_flags_value(c->arena, (uint32_t)sc->raw[3]);
	sc->args[4] = value_fd((int32_t)sc->raw[4]);
	if (sc->se->name && !strcmp(sc->se->name, "mmap2"))
		sc->args[5] = value_hex(sc->raw[5] * 4096);
}

/* mprotect(addr, len, prot) and pkey_mprotect(addr, len, prot, pkey). */
void sys_mprotect(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	decode_generic(c);
	sc->args[2] = flagset_value(c->arena, sc->raw[2], &xlat_mmap_prot);
}

/* mremap(old, old_size, new_size, flags, new_address): the last only with
 * MREMAP_FIXED. */
void sys_mremap(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	decode_generic(c);
	sc->args[3] = flagset_value(c->arena, sc->raw[3], &xlat_mremap_flags);
	sc->nargs = (sc->raw[3] & MREMAP_FIXED) ? 5 : 4;
}

/* madvise(addr, len, advice): advice is an int. */
void sys_madvise(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	decode_generic(c);
	sc->args[2] = value_enum((uint32_t)sc->raw[2], &xlat_madvise_advice);
}

/* The last argument is an int of flags named by the row's xlat. */
static void int_flags_last(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	decode_generic(c);
	unsigned last = sc->nargs - 1u;
	sc->args[last] = flagset_value(c->arena, (uint32_t)sc->raw[last], sc->se->args[last].x);
}

/* mlock2(addr, len, flags) */
void sys_mlock2(struct dctx *c)
{
	int_flags_last(c);
}

/* mlockall(flags) */
void sys_mlockall(struct dctx *c)
{
	int_flags_last(c);
}

/* msync(addr, len, flags) */
void sys_msync(struct dctx *c)
{
	int_flags_last(c);
}

/* mincore(addr, length, vec): one byte per page, shown at exit as [1, 0, ...]. */
void sys_mincore(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint8_t bytes[PROC_ARRAY_CAP];
	struct value *items;
	struct value v;

	if (!c->exiting) {
		decode_generic(c);
		return;
	}
	uint64_t addr = sc->raw[2], len = sc->raw[1];
	if (sc->err || !addr) {
		sc->args[2] = value_ptr(addr);
		return;
	}
	uint64_t pages = len / 4096 + (len % 4096 != 0);
	uint64_t want = pages;
	if (want > c->opts->strsize)
		want = c->opts->strsize;
	if (want > PROC_ARRAY_CAP)
		want = PROC_ARRAY_CAP;
	if (want && decode_read(c, addr, bytes, (size_t)want) < 0) {
		sc->args[2] = value_badaddr(addr);
		return;
	}
	items = value_array(c->arena, &v, (uint32_t)want);
	for (uint64_t i = 0; i < want; i++)
		items[i] = value_uint(bytes[i] & 1);
	if (pages > want)
		v.flags |= VF_TRUNC;
	sc->args[2] = v;
}
