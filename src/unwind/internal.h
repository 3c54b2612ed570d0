/* Shared by the files of src/unwind only. */
#ifndef SCRY_UNWIND_INTERNAL_H
#define SCRY_UNWIND_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <elfutils/libdwfl.h>

/* One symbolized pc: the chain of functions at it, innermost (inlined) first,
 * the last one being the function the code physically belongs to. */
struct symline {
	const char *function;
	const char *file;
	unsigned line;
};
struct symres {
	uint64_t start; /* vaddr of the physical function; 0: unknown */
	unsigned n;
	struct symline e[];
};

/* A hash map from a uint64 key to a pointer; keys are never removed. */
struct u64map {
	uint64_t *keys;
	void **vals;
	size_t cap, n; /* cap is a power of two; key 0 is stored as ~0 */
};
void *u64map_get(const struct u64map *m, uint64_t key);
void u64map_put(struct u64map *m, uint64_t key, void *val);
void u64map_free(struct u64map *m, bool free_vals);

struct load_seg {
	uint64_t vaddr, off, filesz, memsz;
	uint32_t flags; /* PF_X, PF_W, PF_R */
};

/* A mapped file, parsed once for all processes that map it. Addresses in it
 * are "vaddr": the file's own link-time addresses (pc - load bias). */
struct elfmod {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	char *path;
	const uint8_t *data; /* the whole file, mapped read-only */
	size_t len;
	Elf *elf;
	bool is_exec; /* ET_EXEC */
	struct load_seg seg[16];
	unsigned nseg;
	/* libdwfl, reported at bias 0 so module addresses are vaddrs. */
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Dwarf_Addr dwbias;
	bool cfi_tried;
	Dwarf_CFI *ehcfi, *dwcfi;
	Dwarf_Addr ehbias, dwcfibias;
	struct gotab *go;   /* Go's tables when this is a Go binary */
	struct u64map syms; /* lookup vaddr -> struct symres */
	struct u64map cfi;  /* vaddr -> struct cfirow (cached CFI rules) */
	struct elfmod *next;
};

struct elfmod *elfmod_open(const char *path, const char *name, int fd);
void elfmod_free(struct elfmod *m);
/* Makes the file's Dwfl on first use; false when libdwfl cannot read it. */
bool elfmod_dwfl(struct elfmod *m);
/* The functions at vaddr (cached); never NULL. Counts misses. */
const struct symres *elfmod_symbolize(struct elfmod *m, uint64_t vaddr, uint64_t *misses);

/* Registers in DWARF numbering: 0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi, 5 rdi,
 * 6 rbp, 7 rsp, 8-15 r8-r15, 16 the return address (pc). */
#define NREGS  17
#define REG_BP 6
#define REG_SP 7
#define REG_PC 16
struct regs {
	uint64_t r[NREGS];
	uint32_t valid; /* bit n: r[n] is known */
};
typedef bool (*read_word_fn)(void *arg, uint64_t addr, uint64_t *val);

/* One step of DWARF CFI unwinding (cfi.c): r holds the frame whose code is
 * at vaddr (the pc, or pc-1 for a caller) and becomes its caller's.
 * Returns 1 on success, 0 at the outermost frame, -1 without usable CFI.
 * *signal: the caller's pc is exact (this was a signal frame). */
int cfi_step(struct elfmod *m, uint64_t vaddr, struct regs *r, read_word_fn rd, void *arg,
	     bool *signal, uint64_t *misses);

/* File data at vaddr for len bytes, or NULL if the file has no such bytes. */
const uint8_t *elfmod_at(const struct elfmod *m, uint64_t vaddr, size_t len);

/* Go (pclntab.c). */
struct gotab;
struct gotab *gotab_open(struct elfmod *m);
void gotab_free(struct gotab *g);
/* vaddr inside the Go functions' text? */
bool gotab_covers(const struct gotab *g, uint64_t vaddr);
/* Frame size of the function at vaddr: the return address is at sp+delta.
 * Returns false when vaddr is in no function or the table has no value. */
bool gotab_spdelta(const struct gotab *g, uint64_t vaddr, int64_t *delta, const char **name);
/* Names, file:line and the inline chain at vaddr; NULL if not a Go pc. */
struct symres *gotab_symbolize(const struct gotab *g, uint64_t vaddr);
const char *gotab_version(const struct gotab *g);

#endif
