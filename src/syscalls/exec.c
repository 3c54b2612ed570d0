/* execve and execveat: the path, argv as an array of strings, envp as a
 * count (the address, then "20 vars" in a comment) or, with -v, in full. */
#include "syscalls/process.h"
#include "xlat/all.h"

#include <inttypes.h>

/* Elements of argv/envp kept with -v, when strace prints them all. */
#define EXEC_VERBOSE_CAP PROC_ARRAY_CAP
/* Pointers counted for the "N vars" comment before giving up. */
#define EXEC_COUNT_CAP (1u << 20)
/* Pointers read at a time. */
#define CHUNK 64

/* Reads the pointer array at addr from element i on, a chunk at a time. */
struct ptr_reader {
	struct dctx *c;
	uint64_t addr;
	unsigned word;
	uint64_t base; /* index of buf[0] */
	unsigned have; /* pointers in buf */
	uint64_t buf[CHUNK];
};

/* Element i, or false if its slot cannot be read. */
static bool ptr_at(struct ptr_reader *r, uint64_t i, uint64_t *p)
{
	if (i < r->base || i >= r->base + r->have) {
		uint8_t raw[CHUNK * 8];
		size_t got = decode_read_partial(r->c, r->addr + i * r->word, raw, CHUNK * r->word);
		r->base = i;
		r->have = (unsigned)(got / r->word);
		for (unsigned k = 0; k < r->have; k++) {
			uint64_t v = 0;
			for (unsigned b = 0; b < r->word; b++)
				v |= (uint64_t)raw[k * r->word + b] << (8 * b);
			r->buf[k] = v;
		}
		if (!r->have)
			return false;
	}
	*p = r->buf[i - r->base];
	return true;
}

/*
 * ["ls", "-la"]: each string obeys -s; without -v at most -s elements are
 * shown, then "...".  A slot that cannot be read ends the list with
 * "..." commented with the address of that slot, as strace does.
 */
static struct value string_array(struct dctx *c, uint64_t addr)
{
	struct ptr_reader r = {.c = c, .addr = addr, .word = tracee_word(c)};
	unsigned limit = c->opts->verbose ? EXEC_VERBOSE_CAP : c->opts->strsize;
	struct value *items;
	struct value v;
	uint64_t p;
	unsigned n = 0;

	if (!addr)
		return value_ptr(0);
	if (limit > EXEC_VERBOSE_CAP)
		limit = EXEC_VERBOSE_CAP;
	items = arena_alloc(c->arena, sizeof(*items) * (limit + 1));
	for (;; n++) {
		if (!ptr_at(&r, n, &p)) {
			if (!n)
				return value_badaddr(addr);
			items[n] = (struct value){.kind = V_ELLIPSIS};
			items[n].comment =
			    arena_printf(c->arena, "%#" PRIx64, addr + (uint64_t)n * r.word);
			n++;
			break;
		}
		if (!p)
			break;
		if (n == limit) {
			v = array_of(c->arena, items, n, true);
			return v;
		}
		items[n] = decode_cstr(c, p, c->opts->strsize);
	}
	return array_of(c->arena, items, n, false);
}

/* envp without -v: the address and how many variables it holds. */
static struct value string_count(struct dctx *c, uint64_t addr)
{
	struct ptr_reader r = {.c = c, .addr = addr, .word = tracee_word(c)};
	struct value v = value_ptr(addr);
	uint64_t p = 1, n = 0;

	if (!addr)
		return v;
	while (n < EXEC_COUNT_CAP && ptr_at(&r, n, &p) && p)
		n++;
	if (!n && p)
		return v; /* not even the first slot could be read */
	v.comment = arena_printf(c->arena, "%" PRIu64 " var%s%s", n, n == 1 ? "" : "s",
				 p ? ", unterminated" : "");
	return v;
}

static struct value envp_value(struct dctx *c, uint64_t addr)
{
	return c->opts->verbose ? string_array(c, addr) : string_count(c, addr);
}

/* execve(path, argv, envp) */
void sys_execve(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	sc->args[0] = decode_path(c, sc->raw[0]);
	sc->args[1] = string_array(c, sc->raw[1]);
	sc->args[2] = envp_value(c, sc->raw[2]);
}

/* execveat(dirfd, path, argv, envp, flags) */
void sys_execveat(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	decode_generic(c);
	sc->args[2] = string_array(c, sc->raw[2]);
	sc->args[3] = envp_value(c, sc->raw[3]);
	sc->args[4] = flagset_value(c->arena, (uint32_t)sc->raw[4], &xlat_at_flags);
}
