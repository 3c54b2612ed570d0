/* DWARF CFI steps. libdw finds and parses the CFI row for a pc
 * (dwarf_cfi_addrframe); the rules come back as small DWARF expressions,
 * which are copied into a per-file cache keyed by pc and evaluated here
 * against the registers and the tracee's stack. A cached pc costs a hash
 * lookup and a few memory reads. */
#include "unwind/internal.h"
#include "lib/xalloc.h"

#include <dwarf.h>
#include <stdlib.h>
#include <string.h>

/* Registers the rules are kept for: callee-saved ones and the return
 * address. The caller's rsp is the CFA; the others are call-clobbered. */
static const uint8_t tracked[] = {3, REG_BP, 12, 13, 14, 15, REG_PC};
#define NTRACKED (sizeof(tracked) / sizeof(tracked[0]))
#define MAX_OPS	 12 /* longer expressions (none seen in practice) are refused */

enum rule { R_UNDEF, R_SAME, R_LOC, R_VAL };

struct xop {
	uint8_t atom;
	uint8_t reg; /* DW_OP_bregx */
	int64_t n;
};

struct cfirow {
	bool signal;
	uint8_t ncfa;
	uint8_t kind[NTRACKED], nops[NTRACKED];
	struct xop cfa[MAX_OPS];
	struct xop ops[NTRACKED][MAX_OPS];
};

static bool copy_ops(struct xop *dst, uint8_t *n, const Dwarf_Op *ops, size_t nops)
{
	if (nops > MAX_OPS)
		return false;
	for (size_t i = 0; i < nops; i++) {
		dst[i].atom = ops[i].atom;
		dst[i].reg = ops[i].atom == DW_OP_bregx ? (uint8_t)ops[i].number : 0;
		dst[i].n = (int64_t)(ops[i].atom == DW_OP_bregx ? ops[i].number2 : ops[i].number);
	}
	*n = (uint8_t)nops;
	return true;
}

static bool fill_row(Dwarf_Frame *fr, struct cfirow *row)
{
	Dwarf_Addr start, end;
	Dwarf_Op *ops, mem[3];
	size_t nops;
	if (dwarf_frame_info(fr, &start, &end, &row->signal) < 0)
		return false;
	if (dwarf_frame_cfa(fr, &ops, &nops) != 0 || !nops ||
	    !copy_ops(row->cfa, &row->ncfa, ops, nops))
		return false;
	for (unsigned i = 0; i < NTRACKED; i++) {
		if (dwarf_frame_register(fr, tracked[i], mem, &ops, &nops) != 0)
			return false;
		if (!nops) {
			row->kind[i] = ops ? R_UNDEF : R_SAME;
			row->nops[i] = 0;
			continue;
		}
		row->kind[i] = R_LOC;
		if (ops[nops - 1].atom == DW_OP_stack_value) {
			row->kind[i] = R_VAL;
			nops--;
		}
		if (!copy_ops(row->ops[i], &row->nops[i], ops, nops))
			return false;
	}
	return true;
}

static void load_cfi(struct elfmod *m)
{
	m->cfi_tried = true;
	if (!elfmod_dwfl(m))
		return;
	m->ehcfi = dwfl_module_eh_cfi(m->mod, &m->ehbias);
	m->dwcfi = dwfl_module_dwarf_cfi(m->mod, &m->dwcfibias);
}

/* The row for vaddr, from the cache or libdw; NULL without CFI. */
static const struct cfirow *get_row(struct elfmod *m, uint64_t vaddr, uint64_t *misses)
{
	struct cfirow *row = u64map_get(&m->cfi, vaddr);
	if (row)
		return row->ncfa ? row : NULL;
	(*misses)++;
	if (!m->cfi_tried)
		load_cfi(m);
	row = xcalloc(1, sizeof(*row));
	Dwarf_CFI *cfis[2] = {m->ehcfi, m->dwcfi};
	Dwarf_Addr bias[2] = {m->ehbias, m->dwcfibias};
	for (unsigned k = 0; k < 2; k++) {
		Dwarf_Frame *fr = NULL;
		if (!cfis[k] || dwarf_cfi_addrframe(cfis[k], vaddr + bias[k], &fr) != 0)
			continue;
		bool ok = fill_row(fr, row);
		free(fr);
		if (ok)
			break;
		memset(row, 0, sizeof(*row));
	}
	u64map_put(&m->cfi, vaddr, row); /* ncfa 0 remembers "no CFI here" */
	return row->ncfa ? row : NULL;
}

struct eval {
	const struct regs *r;
	uint64_t cfa;
	bool have_cfa;
	read_word_fn rd;
	void *arg;
};

static bool reg_val(const struct eval *e, unsigned reg, uint64_t *v)
{
	if (reg >= NREGS || !(e->r->valid & (1u << reg)))
		return false;
	*v = e->r->r[reg];
	return true;
}

/* One operation on the stack s of depth *sp; false if unsupported. */
static bool eval_op(const struct eval *e, const struct xop *op, uint64_t *s, unsigned *sp)
{
	uint8_t a = op->atom;
	uint64_t v;
	if (*sp >= 15)
		return false;
	if (a >= DW_OP_lit0 && a <= DW_OP_lit31) {
		s[(*sp)++] = a - DW_OP_lit0;
		return true;
	}
	if (a >= DW_OP_breg0 && a <= DW_OP_breg31) {
		if (!reg_val(e, a - DW_OP_breg0, &v))
			return false;
		s[(*sp)++] = v + (uint64_t)op->n;
		return true;
	}
	switch (a) {
	case DW_OP_bregx:
		if (!reg_val(e, op->reg, &v))
			return false;
		s[(*sp)++] = v + (uint64_t)op->n;
		return true;
	case DW_OP_call_frame_cfa:
		if (!e->have_cfa)
			return false;
		s[(*sp)++] = e->cfa;
		return true;
	case DW_OP_const1u:
	case DW_OP_const1s:
	case DW_OP_const2u:
	case DW_OP_const2s:
	case DW_OP_const4u:
	case DW_OP_const4s:
	case DW_OP_const8u:
	case DW_OP_const8s:
	case DW_OP_constu:
	case DW_OP_consts:
		s[(*sp)++] = (uint64_t)op->n;
		return true;
	case DW_OP_nop:
		return true;
	case DW_OP_dup:
		if (!*sp)
			return false;
		s[*sp] = s[*sp - 1];
		(*sp)++;
		return true;
	case DW_OP_deref:
		return *sp && e->rd(e->arg, s[*sp - 1], &s[*sp - 1]);
	case DW_OP_plus_uconst:
		if (!*sp)
			return false;
		s[*sp - 1] += (uint64_t)op->n;
		return true;
	}
	if (*sp < 2)
		return false;
	uint64_t b = s[--(*sp)], *t = &s[*sp - 1];
	switch (a) {
	case DW_OP_plus:
		*t += b;
		return true;
	case DW_OP_minus:
		*t -= b;
		return true;
	case DW_OP_mul:
		*t *= b;
		return true;
	case DW_OP_and:
		*t &= b;
		return true;
	case DW_OP_or:
		*t |= b;
		return true;
	case DW_OP_xor:
		*t ^= b;
		return true;
	case DW_OP_shl:
		*t = b < 64 ? *t << b : 0;
		return true;
	case DW_OP_shr:
		*t = b < 64 ? *t >> b : 0;
		return true;
	case DW_OP_ge:
		*t = (int64_t)*t >= (int64_t)b;
		return true;
	case DW_OP_gt:
		*t = (int64_t)*t > (int64_t)b;
		return true;
	case DW_OP_le:
		*t = (int64_t)*t <= (int64_t)b;
		return true;
	case DW_OP_lt:
		*t = (int64_t)*t < (int64_t)b;
		return true;
	case DW_OP_eq:
		*t = *t == b;
		return true;
	case DW_OP_ne:
		*t = *t != b;
		return true;
	}
	return false;
}

static bool eval_expr(const struct eval *e, const struct xop *ops, unsigned n, uint64_t *out)
{
	uint64_t s[16];
	unsigned sp = 0;
	for (unsigned i = 0; i < n; i++)
		if (!eval_op(e, &ops[i], s, &sp))
			return false;
	if (!sp)
		return false;
	*out = s[sp - 1];
	return true;
}

int cfi_step(struct elfmod *m, uint64_t vaddr, struct regs *r, read_word_fn rd, void *arg,
	     bool *signal, uint64_t *misses)
{
	const struct cfirow *row = get_row(m, vaddr, misses);
	if (!row)
		return -1;
	struct eval e = {.r = r, .rd = rd, .arg = arg};
	if (!eval_expr(&e, row->cfa, row->ncfa, &e.cfa))
		return -1;
	e.have_cfa = true;
	struct regs n = {.valid = 0};
	for (unsigned i = 0; i < NTRACKED; i++) {
		unsigned reg = tracked[i];
		uint64_t v;
		switch (row->kind[i]) {
		case R_UNDEF:
			continue;
		case R_SAME:
			if (!reg_val(&e, reg, &v))
				continue;
			break;
		case R_LOC:
			if (!eval_expr(&e, row->ops[i], row->nops[i], &v) || !rd(arg, v, &v))
				continue;
			break;
		case R_VAL:
			if (!eval_expr(&e, row->ops[i], row->nops[i], &v))
				continue;
			break;
		}
		n.r[reg] = v;
		n.valid |= 1u << reg;
	}
	n.r[REG_SP] = e.cfa;
	n.valid |= 1u << REG_SP;
	*signal = row->signal;
	*r = n;
	/* The return address rule is "undefined" in the outermost frame. */
	return (n.valid & (1u << REG_PC)) && n.r[REG_PC] ? 1 : 0;
}
