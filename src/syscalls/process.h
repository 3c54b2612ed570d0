/* Helpers shared by the memory and process decoders: mm.c, exec.c,
 * process.c, prctl.c, resource.c and sched.c. */
#ifndef SCRY_PROCESS_H
#define SCRY_PROCESS_H
#include <stdbool.h>
#include <stdint.h>

#include "syscalls/decode.h"

/* Most elements any array decoder keeps, whatever -s says: the arena holds
 * a struct value per element. */
#define PROC_ARRAY_CAP 4096

static inline struct value named(const char *name, struct value v)
{
	v.name = name;
	return v;
}

/* Size of a tracee pointer (and of long): 4 for i386, else 8. */
static inline unsigned tracee_word(const struct dctx *c)
{
	return c->sc->arch == ARCH_I386 ? 4 : 8;
}

/* A struct or array holding copies of n values, in the arena. */
struct value array_of(struct arena *a, const struct value *items, unsigned n, bool trunc);
/* [v]: what an output pointer points at. */
struct value boxed(struct arena *a, struct value v);

/* A flag set as strace prints it: V_FLAGS, except that a set in which no
 * bit has a name is hex with the table's unknown name (W???) in a comment,
 * and a #mask field without a name makes the whole set text, with that
 * comment after the field's hex value.
 * NEEDSWORK: both belong in the renderer's flag formatting. */
struct value flagset_value(struct arena *a, uint64_t raw, const struct xlat *x);
/* The same as text in the arena, for composites and return comments. */
const char *flagset_text(struct arena *a, uint64_t raw, const struct xlat *x);

/* A signal number: SIGCHLD, SIGRT_3, or the number. */
struct value signo_value(int64_t sig);
/* Its text: the name, or the number printed into the arena. */
const char *signo_text(struct arena *a, int64_t sig);

/* An output pointer to a size-byte integer (4 or 8), read at exit.  True
 * with *word set when it was read; otherwise *v is what to print instead:
 * the address if the syscall failed or the memory is unreadable, NULL for 0. */
bool out_word(struct dctx *c, uint64_t addr, unsigned size, uint64_t *word, struct value *v);
/* The same for an input pointer (no check of the syscall's result). */
bool in_word(struct dctx *c, uint64_t addr, unsigned size, uint64_t *word, struct value *v);

/* struct rusage at addr: abbreviated to the two times unless -v. */
struct value decode_rusage(struct dctx *c, uint64_t addr);

#endif
