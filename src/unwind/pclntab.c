/* Go's own symbol table, pclntab: function names, file:line, frame sizes and
 * the inline tree, for every layout since Go 1.2. It survives
 * `go build -ldflags='-s -w'`, so stripped Go binaries are named right.
 *
 * Layout facts (runtime/symtab.go, runtime/runtime2.go, debug/gosym of each
 * release; https://golang.org/s/go12symtab):
 *  - header: magic, two zero bytes, pc quantum, pointer size, then words.
 *    0xfffffffb (Go 1.2-1.15): nfunc, then the function table inline.
 *    0xfffffffa (1.16-1.17): nfunc, nfiles, then offsets from the header of
 *    funcnametab, cutab, filetab, pctab and the function table.
 *    0xfffffff0 (1.18-1.19), 0xfffffff1 (1.20+): as 1.16 with textStart
 *    after nfiles; the function table holds 32-bit offsets from textStart.
 *  - function table: (entry, offset of the _func) pairs, sorted, plus a final
 *    entry that ends the last function.
 *  - _func: entry, nameoff, args, deferreturn, pcsp, pcfile, pcln, npcdata,
 *    [cuOffset 1.16+], [startLine 1.20+], funcID, flag, pad, nfuncdata; then
 *    npcdata 32-bit table offsets, then nfuncdata funcdata: pointers until
 *    1.17, 32-bit offsets from moduledata.gofunc since 1.18.
 *  - pc-value tables: pairs of (zig-zag value delta, pc delta / quantum)
 *    varints starting from value -1 at the entry; a zero value delta after
 *    the first pair ends the table.
 *  - inline tree (FUNCDATA_InlTree = 3, indexed by PCDATA_InlTreeIndex = 2):
 *    1.12-1.19 entries are 20 bytes {parent i16, funcID u8, pad, file i32,
 *    line i32, nameoff i32, parentPc i32}; 1.20+ 16 bytes {funcID u8, pad[3],
 *    nameoff i32, parentPc i32, startLine i32}. The name of the inlined
 *    function is the entry's, its file:line is the pc's own, and the caller's
 *    position is looked up again at entry + parentPc. */
#include "unwind/internal.h"
#include "lib/xalloc.h"

#include <elf.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

enum gover { GO12, GO116, GO118, GO120 };

#define PCDATA_INLTREEINDEX 2
#define FUNCDATA_INLTREE    3
#define MAX_INLINE_DEPTH    32

struct gotab {
	const struct elfmod *m;
	enum gover ver;
	const uint8_t *base; /* the header, in the mapped file */
	uint64_t vaddr;	     /* the header's address */
	size_t size;	     /* readable bytes from base */
	unsigned quantum;
	uint64_t nfunc, nfiletab;
	uint64_t text_start;
	uint64_t funcnametab, cutab, filetab, pctab, functab; /* offsets from base */
	uint64_t minpc, maxpc;
	uint64_t gofunc; /* 1.18+: base of funcdata offsets; 0 when not found */
};

struct gofn {
	uint64_t off; /* of the _func from base */
	uint64_t entry, end;
};

static uint32_t rd32(const struct gotab *g, uint64_t off)
{
	uint32_t v = 0;
	if (off <= g->size && g->size - off >= 4)
		memcpy(&v, g->base + off, 4);
	return v;
}

static uint64_t rd64(const struct gotab *g, uint64_t off)
{
	uint64_t v = 0;
	if (off <= g->size && g->size - off >= 8)
		memcpy(&v, g->base + off, 8);
	return v;
}

static uint8_t rd8(const struct gotab *g, uint64_t off)
{
	return off < g->size ? g->base[off] : 0;
}

/* A NUL-terminated string inside the table, or NULL. */
static const char *str_at(const struct gotab *g, uint64_t off)
{
	if (off >= g->size || !memchr(g->base + off, 0, g->size - off))
		return NULL;
	return (const char *)g->base + off;
}

/* Function table entry i: its entry pc and _func offset. */
static void ftab_entry(const struct gotab *g, uint64_t i, uint64_t *entry, uint64_t *foff)
{
	if (g->ver >= GO118) {
		*entry = g->text_start + rd32(g, g->functab + i * 8);
		*foff = g->functab + rd32(g, g->functab + i * 8 + 4);
	} else {
		*entry = rd64(g, g->functab + i * 16);
		*foff = (g->ver == GO12 ? 0 : g->functab) + rd64(g, g->functab + i * 16 + 8);
	}
}

static bool find_func(const struct gotab *g, uint64_t pc, struct gofn *fn)
{
	uint64_t lo = 0, hi = g->nfunc, entry, foff;
	if (pc < g->minpc || pc >= g->maxpc)
		return false;
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		ftab_entry(g, mid, &entry, &foff);
		if (entry <= pc)
			lo = mid;
		else
			hi = mid;
	}
	ftab_entry(g, lo, &fn->entry, &fn->off);
	ftab_entry(g, lo + 1, &fn->end, &foff);
	return fn->entry <= pc && pc < fn->end;
}

/* Offsets of the _func fields that moved between layouts. */
static unsigned fn_field0(const struct gotab *g)
{
	return g->ver >= GO118 ? 4 : 8; /* after entry: nameoff */
}

static unsigned fn_size(const struct gotab *g)
{
	switch (g->ver) {
	case GO12:
		return 8 + 32;
	case GO116:
		return 8 + 36;
	case GO118:
		return 40;
	case GO120:
		return 44;
	}
	return 40;
}

/* Field k (0 nameoff, 1 args, 2 deferreturn, 3 pcsp, 4 pcfile, 5 pcln,
 * 6 npcdata, 7 cuOffset) of the _func. */
static uint32_t fn_word(const struct gotab *g, const struct gofn *fn, unsigned k)
{
	return rd32(g, fn->off + fn_field0(g) + 4 * k);
}

static uint8_t fn_nfuncdata(const struct gotab *g, const struct gofn *fn)
{
	return rd8(g, fn->off + fn_size(g) - 1);
}

static const char *fn_name(const struct gotab *g, uint32_t nameoff)
{
	return str_at(g, (g->ver == GO12 ? 0 : g->funcnametab) + nameoff);
}

static uint64_t uvarint(const struct gotab *g, uint64_t *off, bool *ok)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (*off >= g->size) {
			*ok = false;
			return 0;
		}
		uint8_t b = g->base[(*off)++];
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	*ok = false;
	return 0;
}

/* The value of the pc-value table at tab (offset into pctab) for pc. */
static bool pcvalue(const struct gotab *g, const struct gofn *fn, uint32_t tab, uint64_t pc,
		    int64_t *val)
{
	if (!tab)
		return false;
	uint64_t off = (g->ver == GO12 ? 0 : g->pctab) + tab;
	uint64_t cur = fn->entry;
	int64_t v = -1;
	bool ok = true;
	for (bool first = true;; first = false) {
		uint64_t ud = uvarint(g, &off, &ok);
		if (!ok || (ud == 0 && !first))
			return false;
		v += (ud & 1) ? -(int64_t)(ud >> 1) - 1 : (int64_t)(ud >> 1);
		uint64_t pd = uvarint(g, &off, &ok);
		if (!ok)
			return false;
		cur += pd * g->quantum;
		if (pc < cur) {
			*val = v;
			return true;
		}
		if (cur >= fn->end)
			return false;
	}
}

static const char *file_name(const struct gotab *g, const struct gofn *fn, int64_t idx)
{
	if (idx < 0)
		return NULL;
	if (g->ver == GO12) {
		if ((uint64_t)idx >= g->nfiletab)
			return NULL;
		return str_at(g, rd32(g, g->filetab + 4 * (uint64_t)idx));
	}
	uint32_t x = rd32(g, g->cutab + 4 * ((uint64_t)fn_word(g, fn, 7) + (uint64_t)idx));
	if (x == UINT32_MAX)
		return NULL;
	return str_at(g, g->filetab + x);
}

/* Where funcdata k of fn is in the file, or NULL. */
static const uint8_t *funcdata(const struct gotab *g, const struct gofn *fn, unsigned k, size_t len)
{
	if (k >= fn_nfuncdata(g, fn))
		return NULL;
	uint64_t p = fn->off + fn_size(g) + 4 * (uint64_t)fn_word(g, fn, 6);
	uint64_t addr;
	if (g->ver >= GO118) {
		uint32_t o = rd32(g, p + 4 * k);
		if (o == UINT32_MAX || !g->gofunc)
			return NULL;
		addr = g->gofunc + o;
	} else {
		if ((g->vaddr + p) & 4)
			p += 4;
		addr = rd64(g, p + 8 * k);
	}
	return addr ? elfmod_at(g->m, addr, len) : NULL;
}

static int32_t get_i32(const uint8_t *p)
{
	int32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* The inline tree entry ix of fn: the inlined function's name, and where its
 * call site is (offset from the entry). */
static bool inl_entry(const struct gotab *g, const struct gofn *fn, int64_t ix, const char **name,
		      int32_t *parent_pc)
{
	size_t esz = g->ver >= GO120 ? 16 : 20;
	if (ix < 0 || ix > 1 << 20)
		return false;
	const uint8_t *t = funcdata(g, fn, FUNCDATA_INLTREE, ((size_t)ix + 1) * esz);
	if (!t)
		return false;
	t += (size_t)ix * esz;
	int32_t nameoff = get_i32(t + (g->ver >= GO120 ? 4 : 12));
	*parent_pc = get_i32(t + (g->ver >= GO120 ? 8 : 16));
	*name = nameoff >= 0 ? fn_name(g, (uint32_t)nameoff) : NULL;
	return *name != NULL;
}

struct symres *gotab_symbolize(const struct gotab *g, uint64_t pc)
{
	struct gofn fn;
	if (!find_func(g, pc, &fn))
		return NULL;
	struct symline e[MAX_INLINE_DEPTH + 1];
	unsigned n = 0;
	uint32_t inltab = fn_word(g, &fn, 6) > PCDATA_INLTREEINDEX
			      ? rd32(g, fn.off + fn_size(g) + 4 * PCDATA_INLTREEINDEX)
			      : 0;
	for (;;) {
		int64_t fidx = -1, line = 0, ix = -1;
		int32_t parent_pc;
		const char *name;
		pcvalue(g, &fn, fn_word(g, &fn, 4), pc, &fidx);
		pcvalue(g, &fn, fn_word(g, &fn, 5), pc, &line);
		e[n].file = file_name(g, &fn, fidx);
		e[n].line = line > 0 ? (unsigned)line : 0;
		if (n < MAX_INLINE_DEPTH && pcvalue(g, &fn, inltab, pc, &ix) &&
		    inl_entry(g, &fn, ix, &name, &parent_pc) && parent_pc >= 0 &&
		    fn.entry + (uint64_t)parent_pc < fn.end) {
			e[n++].function = name;
			pc = fn.entry + (uint64_t)parent_pc;
			continue;
		}
		e[n++].function = fn_name(g, fn_word(g, &fn, 0));
		break;
	}
	struct symres *r = xmalloc(sizeof(*r) + n * sizeof(r->e[0]));
	r->start = fn.entry;
	r->n = n;
	memcpy(r->e, e, n * sizeof(e[0]));
	return r;
}

bool gotab_covers(const struct gotab *g, uint64_t vaddr)
{
	return vaddr >= g->minpc && vaddr < g->maxpc;
}

bool gotab_spdelta(const struct gotab *g, uint64_t pc, int64_t *delta, const char **name)
{
	struct gofn fn;
	if (!find_func(g, pc, &fn))
		return false;
	*name = fn_name(g, fn_word(g, &fn, 0));
	if (pc == fn.entry) {
		*delta = 0;
		return true;
	}
	return pcvalue(g, &fn, fn_word(g, &fn, 3), pc, delta) && *delta >= 0;
}

const char *gotab_version(const struct gotab *g)
{
	static const char *const names[] = {"go1.2", "go1.16", "go1.18", "go1.20"};
	return names[g->ver];
}

/* ---- Finding the table. */

static bool parse_header(struct gotab *g)
{
	uint32_t magic = rd32(g, 0);
	if (g->size < 64 || rd8(g, 4) || rd8(g, 5) || rd8(g, 7) != 8)
		return false;
	g->quantum = rd8(g, 6);
	if (g->quantum != 1 && g->quantum != 2 && g->quantum != 4)
		return false;
	switch (magic) {
	case 0xfffffffb:
		g->ver = GO12;
		break;
	case 0xfffffffa:
		g->ver = GO116;
		break;
	case 0xfffffff0:
		g->ver = GO118;
		break;
	case 0xfffffff1:
		g->ver = GO120;
		break;
	default:
		return false;
	}
	g->nfunc = rd64(g, 8);
	if (!g->nfunc || g->nfunc > g->size / 8)
		return false;
	uint64_t ftsize;
	if (g->ver == GO12) {
		g->functab = 16;
		ftsize = (g->nfunc * 2 + 1) * 8;
		g->filetab = rd32(g, g->functab + ftsize);
		g->nfiletab = rd32(g, g->filetab);
	} else {
		unsigned w = g->ver >= GO118 ? 3 : 2; /* word of funcnameOffset */
		g->nfiletab = rd64(g, 16);
		if (g->ver >= GO118)
			g->text_start = rd64(g, 24);
		g->funcnametab = rd64(g, 8 + 8 * w);
		g->cutab = rd64(g, 8 + 8 * (w + 1));
		g->filetab = rd64(g, 8 + 8 * (w + 2));
		g->pctab = rd64(g, 8 + 8 * (w + 3));
		g->functab = rd64(g, 8 + 8 * (w + 4));
		ftsize = (g->nfunc * 2 + 1) * (g->ver >= GO118 ? 4 : 8);
		if (g->funcnametab >= g->size || g->cutab >= g->size || g->filetab >= g->size ||
		    g->pctab >= g->size)
			return false;
	}
	if (g->functab >= g->size || g->size - g->functab < ftsize)
		return false;
	/* The table ends with the end pc alone: entry nfunc has no _func. */
	uint64_t foff, unused;
	ftab_entry(g, g->nfunc, &g->maxpc, &unused);
	ftab_entry(g, 0, &g->minpc, &foff);
	return g->minpc < g->maxpc && foff < g->size;
}

/* The segment holding file offset off, or NULL. */
static const struct load_seg *seg_of_off(const struct elfmod *m, uint64_t off)
{
	for (unsigned i = 0; i < m->nseg; i++)
		if (off >= m->seg[i].off && off - m->seg[i].off < m->seg[i].filesz)
			return &m->seg[i];
	return NULL;
}

static bool try_at(struct gotab *g, const struct elfmod *m, uint64_t off)
{
	const struct load_seg *s = seg_of_off(m, off);
	if (!s)
		return false;
	g->m = m;
	g->base = m->data + off;
	g->size = s->off + s->filesz - off;
	g->vaddr = s->vaddr + (off - s->off);
	return parse_header(g);
}

static bool elf_section(const struct elfmod *m, const char *want, GElf_Shdr *out)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(m->elf, &shstrndx) != 0)
		return false;
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(m->elf, scn));) {
		GElf_Shdr sh;
		const char *name;
		if (gelf_getshdr(scn, &sh) && (name = elf_strptr(m->elf, shstrndx, sh.sh_name)) &&
		    !strcmp(name, want) && sh.sh_type != SHT_NOBITS) {
			*out = sh;
			return true;
		}
	}
	return false;
}

/* No sections (or a packer moved them): look for the header in the file. The
 * magic, the zero pad, quantum 1 and pointer size 8 make 8 bytes that are
 * rare by chance, and parse_header checks the rest. */
static bool scan_for_header(struct gotab *g, const struct elfmod *m)
{
	static const uint32_t magics[] = {0xfffffff1, 0xfffffff0, 0xfffffffa, 0xfffffffb};
	for (unsigned k = 0; k < sizeof(magics) / sizeof(magics[0]); k++) {
		uint8_t pat[8];
		memcpy(pat, &magics[k], 4);
		pat[4] = 0, pat[5] = 0, pat[6] = 1, pat[7] = 8;
		for (unsigned i = 0; i < m->nseg; i++) {
			const struct load_seg *s = &m->seg[i];
			const uint8_t *p = m->data + s->off, *end = p + s->filesz;
			while (p < end && (p = memmem(p, (size_t)(end - p), pat, 8))) {
				if (!((p - m->data) & 7) && try_at(g, m, (uint64_t)(p - m->data)))
					return true;
				p++;
			}
		}
	}
	return false;
}

/* ---- moduledata.gofunc (1.18+): funcdata are offsets from it. */

/* How many of up to 64 functions with an inline tree look sane with gofunc
 * at base: names inside funcnametab, call sites inside the function. */
static unsigned score_gofunc(struct gotab *g, uint64_t base)
{
	unsigned good = 0, seen = 0;
	g->gofunc = base;
	for (uint64_t i = 0; i < g->nfunc && seen < 64; i += 1 + g->nfunc / 512) {
		struct gofn fn;
		uint64_t foff;
		ftab_entry(g, i, &fn.entry, &fn.off);
		ftab_entry(g, i + 1, &fn.end, &foff);
		if (FUNCDATA_INLTREE >= fn_nfuncdata(g, &fn))
			continue;
		uint64_t p = fn.off + fn_size(g) + 4 * (uint64_t)fn_word(g, &fn, 6);
		if (rd32(g, p + 4 * FUNCDATA_INLTREE) == UINT32_MAX)
			continue;
		seen++;
		const char *name;
		int32_t parent_pc;
		if (inl_entry(g, &fn, 0, &name, &parent_pc) && parent_pc >= 0 &&
		    fn.entry + (uint64_t)parent_pc < fn.end && strchr(name, '.'))
			good++;
	}
	g->gofunc = 0;
	return seen ? good * 64 / seen : 0;
}

/* moduledata starts with a pointer to the header and a slice of funcnametab;
 * gofunc is some words later (index 38 in 1.18-1.19, moved by new fields
 * since), so each plausible word is tried and scored. */
static void find_gofunc(struct gotab *g, const struct elfmod *m)
{
	for (unsigned i = 0; i < m->nseg; i++) {
		const struct load_seg *s = &m->seg[i];
		if (!(s->flags & PF_W))
			continue;
		for (uint64_t o = 0; o + 8 * 48 <= s->filesz; o += 8) {
			const uint8_t *w = m->data + s->off + o;
			uint64_t v0, v1;
			memcpy(&v0, w, 8);
			memcpy(&v1, w + 8, 8);
			if (v0 != g->vaddr || v1 != g->vaddr + g->funcnametab)
				continue;
			unsigned best = 0;
			uint64_t best_base = 0;
			for (unsigned k = 30; k < 48; k++) {
				uint64_t cand;
				memcpy(&cand, w + 8 * k, 8);
				if (!cand || !elfmod_at(m, cand, 1))
					continue;
				unsigned sc = score_gofunc(g, cand);
				if (sc > best)
					best = sc, best_base = cand;
			}
			if (best >= 48) {
				g->gofunc = best_base;
				return;
			}
		}
	}
}

struct gotab *gotab_open(struct elfmod *m)
{
	struct gotab *g = xcalloc(1, sizeof(*g));
	GElf_Shdr sh;
	bool found = false;
	if (elf_section(m, ".gopclntab", &sh) && sh.sh_offset < m->len)
		found = try_at(g, m, sh.sh_offset);
	if (!found) {
		memset(g, 0, sizeof(*g));
		found = scan_for_header(g, m);
	}
	if (!found) {
		free(g);
		return NULL;
	}
	if (g->ver >= GO118 && !g->text_start && elf_section(m, ".text", &sh)) {
		/* PIE: textStart is filled by a dynamic relocation. */
		g->text_start = sh.sh_addr;
		uint64_t foff;
		ftab_entry(g, 0, &g->minpc, &foff);
		ftab_entry(g, g->nfunc, &g->maxpc, &foff);
	}
	if (g->ver >= GO118)
		find_gofunc(g, m);
	return g;
}

void gotab_free(struct gotab *g)
{
	free(g);
}
