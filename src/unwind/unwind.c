/* Stacks of stopped tracees: the mappings of each process, tracee memory
 * through a small page cache, and the unwinding loop that picks a method
 * per frame (Go tables, DWARF CFI, frame pointer). */
#include "unwind/unwind.h"
#include "unwind/internal.h"
#include "lib/arena.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <unistd.h>

#define PAGE	4096
#define NPAGES	16
#define MAX_RAW 256 /* physical frames per stack */

/* An executable mapping of a process. */
struct mapping {
	uint64_t start, end, off;
	uint64_t bias;	  /* pc - bias = the file's vaddr */
	const char *path; /* interned: see intern_path */
	struct elfmod *m; /* NULL: anonymous, [vdso], or a file we cannot read */
};

struct proc {
	int pid;
	bool stale;
	struct mapping *maps;
	unsigned n, cap;
};

struct page {
	uint64_t addr, gen;
	bool ok;
	uint8_t data[PAGE];
};

struct rawframe {
	uint64_t pc;
	const struct mapping *map;
	bool exact; /* pc is not a return address (innermost, or after a signal) */
};

struct unwinder {
	struct elfmod *mods;
	struct u64map procs; /* pid -> struct proc */
	/* Mapped file names, each kept once until unwinder_release: frames
	 * point at them, however often the mappings are re-read. */
	struct u64map paths; /* hash -> name */
	char **unhashed;     /* names whose hash another name holds */
	unsigned nunhashed;
	int pid; /* whose memory the pages hold */
	uint64_t gen;
	struct page pages[NPAGES];
	struct rawframe raw[MAX_RAW];
	struct unwind_stats st;
	uint64_t nr; /* syscall number of the capture */
	const char *err;
	char errbuf[160];
};

struct unwinder *unwinder_new(void)
{
	elf_version(EV_CURRENT);
	return xcalloc(1, sizeof(struct unwinder));
}

static void proc_clear(struct proc *p)
{
	p->n = 0;
}

/* The one copy of a mapped file's name (FNV-1a hash as the key). */
static const char *intern_path(struct unwinder *u, const char *name)
{
	uint64_t h = 14695981039346656037ull;
	for (const char *c = name; *c; c++)
		h = (h ^ (uint8_t)*c) * 1099511628211ull;
	char *s = u64map_get(&u->paths, h);
	if (s && !strcmp(s, name))
		return s;
	char *copy = xstrdup(name);
	if (!s) {
		u64map_put(&u->paths, h, copy);
	} else {
		u->unhashed = xrealloc(u->unhashed, (u->nunhashed + 1) * sizeof(*u->unhashed));
		u->unhashed[u->nunhashed++] = copy;
	}
	return copy;
}

void unwinder_release(struct unwinder *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->procs.cap; i++) {
		struct proc *p = u->procs.vals[i];
		if (!u->procs.keys[i] || !p)
			continue;
		proc_clear(p);
		free(p->maps);
	}
	u64map_free(&u->procs, true);
	u64map_free(&u->paths, true);
	for (unsigned i = 0; i < u->nunhashed; i++)
		free(u->unhashed[i]);
	free(u->unhashed);
	while (u->mods) {
		struct elfmod *m = u->mods;
		u->mods = m->next;
		elfmod_free(m);
	}
	free(u);
}

void unwinder_invalidate(struct unwinder *u, int pid)
{
	struct proc *p = u64map_get(&u->procs, (uint64_t)pid);
	if (p)
		p->stale = true;
	if (u->pid == pid)
		u->gen++;
}

const char *unwind_last_error(const struct unwinder *u)
{
	return u->err;
}

void unwind_get_stats(const struct unwinder *u, struct unwind_stats *st)
{
	*st = u->st;
}

/* ---- Tracee memory. Stacks are read a page at a time; the pages are valid
 * for one capture only, as the tracee runs between captures. */

static bool read_word(void *arg, uint64_t addr, uint64_t *val)
{
	struct unwinder *u = arg;
	uint64_t base = addr & ~(uint64_t)(PAGE - 1);
	if (addr & 7)
		return false; /* stack slots are aligned; an odd address is garbage */
	struct page *pg = &u->pages[(base / PAGE) % NPAGES];
	if (pg->gen != u->gen || pg->addr != base) {
		struct iovec local = {pg->data, PAGE};
		struct iovec remote = {(void *)(uintptr_t)base, PAGE};
		u->st.page_reads++;
		pg->gen = u->gen;
		pg->addr = base;
		pg->ok = process_vm_readv(u->pid, &local, 1, &remote, 1, 0) == PAGE;
	}
	if (!pg->ok)
		return false;
	memcpy(val, pg->data + (addr - base), 8);
	return true;
}

/* ---- Mappings. */

static struct elfmod *find_mod(struct unwinder *u, const struct stat *st)
{
	for (struct elfmod *m = u->mods; m; m = m->next)
		if (m->dev == st->st_dev && m->ino == st->st_ino && m->size == st->st_size &&
		    m->mtime.tv_sec == st->st_mtim.tv_sec &&
		    m->mtime.tv_nsec == st->st_mtim.tv_nsec)
			return m;
	return NULL;
}

/* The file behind a mapping: its path if that still names the mapped inode,
 * else the kernel's handle on the mapping itself. */
static struct elfmod *mod_for(struct unwinder *u, int pid, const struct mapping *mp, uint64_t ino)
{
	char alt[64];
	const char *paths[2] = {mp->path, alt};
	snprintf(alt, sizeof(alt), "/proc/%d/map_files/%" PRIx64 "-%" PRIx64, pid, mp->start,
		 mp->end);
	for (unsigned k = 0; k < 2; k++) {
		struct stat st;
		if (stat(paths[k], &st) < 0 || st.st_ino != ino)
			continue;
		struct elfmod *m = find_mod(u, &st);
		if (m)
			return m;
		int fd = open(paths[k], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		m = elfmod_open(paths[k], mp->path, fd);
		close(fd);
		if (!m)
			return NULL;
		u->st.files++;
		m->next = u->mods;
		u->mods = m;
		return m;
	}
	return NULL;
}

/* The load bias of a mapping: where file offset off lands decides it. */
static uint64_t mapping_bias(const struct mapping *mp)
{
	const struct elfmod *m = mp->m;
	for (unsigned i = 0; i < m->nseg; i++) {
		const struct load_seg *s = &m->seg[i];
		uint64_t soff = s->off & ~(uint64_t)(PAGE - 1);
		if (mp->off >= soff && mp->off - soff < s->filesz + (s->off - soff))
			return mp->start - (s->vaddr - (s->off - mp->off));
	}
	return mp->start - mp->off;
}

static void add_mapping(struct unwinder *u, struct proc *p, struct mapping *mp, uint64_t ino)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->maps = xrealloc(p->maps, p->cap * sizeof(*p->maps));
	}
	if (mp->path[0] == '/')
		mp->m = mod_for(u, p->pid, mp, ino);
	mp->bias = mp->m ? mapping_bias(mp) : mp->start - mp->off;
	p->maps[p->n++] = *mp;
}

static int read_maps(struct unwinder *u, struct proc *p)
{
	char path[64], line[4096 + 128];
	snprintf(path, sizeof(path), "/proc/%d/maps", p->pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	proc_clear(p);
	u->st.maps_reads++;
	while (fgets(line, sizeof(line), f)) {
		struct mapping mp = {0};
		char perms[8];
		unsigned long long ino;
		int pathpos = 0;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %llu %n", &mp.start,
			   &mp.end, perms, &mp.off, &ino, &pathpos) < 5 ||
		    perms[2] != 'x')
			continue;
		char *name = line + pathpos;
		name[strcspn(name, "\n")] = '\0';
		size_t len = strlen(name);
		if (len > 10 && !strcmp(name + len - 10, " (deleted)"))
			name[len - 10] = '\0';
		mp.path = intern_path(u, name);
		add_mapping(u, p, &mp, ino);
	}
	fclose(f);
	p->stale = false;
	return 0;
}

static struct proc *proc_get(struct unwinder *u, int pid)
{
	struct proc *p = u64map_get(&u->procs, (uint64_t)pid);
	if (!p) {
		p = xcalloc(1, sizeof(*p));
		p->pid = pid;
		p->stale = true;
		u64map_put(&u->procs, (uint64_t)pid, p);
	}
	return p;
}

static const struct mapping *find_mapping(const struct proc *p, uint64_t pc)
{
	unsigned lo = 0, hi = p->n;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (pc < p->maps[mid].start)
			hi = mid;
		else if (pc >= p->maps[mid].end)
			lo = mid + 1;
		else
			return &p->maps[mid];
	}
	return NULL;
}

/* ---- Unwinding. */

enum { STEP_FAIL = -1, STEP_END = 0, STEP_OK = 1, STEP_SWITCH = 2 };

#define BIT(reg) (1u << (reg))

static int fail(struct unwinder *u, const char *what, uint64_t pc)
{
	snprintf(u->errbuf, sizeof(u->errbuf), "%s at %#" PRIx64, what, pc);
	u->err = u->errbuf;
	return STEP_FAIL;
}

/* The caller through the frame-pointer chain: [bp] is the caller's bp and
 * [bp+8] the return address. */
static int fp_step(struct unwinder *u, struct regs *r, bool other_stack)
{
	uint64_t bp = r->r[REG_BP], pc, nbp;
	if (!(r->valid & BIT(REG_BP)) || (!other_stack && bp < r->r[REG_SP]) ||
	    !read_word(u, bp + 8, &pc) || !read_word(u, bp, &nbp))
		return STEP_FAIL;
	r->r[REG_PC] = pc;
	r->r[REG_SP] = bp + 16;
	r->r[REG_BP] = nbp;
	r->valid = BIT(REG_PC) | BIT(REG_SP) | BIT(REG_BP);
	return pc ? STEP_OK : STEP_END;
}

/* C code called through cgo returns into runtime.asmcgocall on the thread's
 * system stack (g0). asmcgocall left there, at 48(SP), the goroutine (g)
 * and at 40(SP) how deep the goroutine's stack was, from g.stack.hi (the
 * g's second word), or the old SP itself when it had no g to switch from
 * (runtime/asm_amd64.s, Go 1.5 to at least 1.23). At that old SP is the
 * return address into runtime.cgocall. */
static int cgo_switch(struct unwinder *u, struct regs *r)
{
	uint64_t sp = r->r[REG_SP], g, depth, hi, old_sp, pc;
	if (!read_word(u, sp + 48, &g) || !read_word(u, sp + 40, &depth))
		return STEP_FAIL;
	if (!g)
		old_sp = depth;
	else if (read_word(u, g + 8, &hi))
		old_sp = hi - depth;
	else
		return STEP_FAIL;
	if (!read_word(u, old_sp, &pc))
		return STEP_FAIL;
	r->r[REG_PC] = pc;
	r->r[REG_SP] = old_sp + 8;
	r->valid &= BIT(REG_BP);
	r->valid |= BIT(REG_PC) | BIT(REG_SP);
	return STEP_SWITCH;
}

/* Functions that start a Go stack: nothing above them is a caller. */
static bool go_top(const char *name)
{
	static const char *const tops[] = {
	    "runtime.goexit",	 "runtime.mstart",
	    "runtime.rt0_go",	 "runtime.mcall",
	    "runtime.morestack", "runtime.systemstack_switch",
	    "runtime.sigreturn", "runtime.sigreturn__sigaction",
	    "runtime.sigtramp",
	};
	for (size_t i = 0; i < sizeof(tops) / sizeof(tops[0]); i++)
		if (!strcmp(name, tops[i]))
			return true;
	return false;
}

/* A Go frame: pclntab's pcsp says how far above sp the return address is;
 * the caller's bp was saved just below it when the frame is not empty. */
static int go_step(struct unwinder *u, const struct gotab *g, uint64_t vaddr, struct regs *r,
		   bool from_c, bool innermost)
{
	int64_t delta;
	const char *name = NULL;
	if (!gotab_spdelta(g, vaddr, &delta, &name))
		return fp_step(u, r, false);
	if (name && go_top(name))
		return STEP_END;
	if (name && from_c && !strcmp(name, "runtime.asmcgocall"))
		return cgo_switch(u, r);
	/* Back from a function run on the system stack: the goroutine's frames
	 * are reached by its frame pointers (the caller of systemstack itself
	 * is skipped: its pc was only saved in g.sched). */
	if (name && !strcmp(name, "runtime.systemstack"))
		return fp_step(u, r, true) == STEP_OK ? STEP_SWITCH : STEP_FAIL;
	/* A new thread's first syscalls, in runtime.clone after the clone: its
	 * fresh stack holds clone's arguments, not a caller. */
	if (name && innermost && u->nr != SYS_clone && !strcmp(name, "runtime.clone"))
		return STEP_END;
	uint64_t ra = r->r[REG_SP] + (uint64_t)delta, pc, bp;
	if (!read_word(u, ra, &pc))
		return STEP_FAIL;
	if (delta > 0 && read_word(u, ra - 8, &bp)) {
		r->r[REG_BP] = bp;
		r->valid |= BIT(REG_BP);
	}
	r->r[REG_PC] = pc;
	r->r[REG_SP] = ra + 8;
	r->valid &= BIT(REG_BP);
	r->valid |= BIT(REG_PC) | BIT(REG_SP);
	return pc ? STEP_OK : STEP_END;
}

static int step(struct unwinder *u, const struct mapping *mp, uint64_t vaddr, struct regs *r,
		bool *go, bool from_c, bool *exact)
{
	struct elfmod *m = mp ? mp->m : NULL;
	*go = false;
	if (m && m->go && gotab_covers(m->go, vaddr)) {
		*go = true;
		int rc = go_step(u, m->go, vaddr, r, from_c, *exact);
		*exact = false;
		return rc;
	}
	if (m) {
		struct regs save = *r;
		int rc = cfi_step(m, vaddr, r, read_word, u, exact, &u->st.cfi_misses);
		if (rc >= 0)
			return rc == STEP_OK && *exact ? STEP_SWITCH : rc;
		*r = save;
	}
	*exact = false;
	return fp_step(u, r, false);
}

static unsigned unwind_raw(struct unwinder *u, const struct proc *p, struct regs *r, unsigned max)
{
	unsigned n = 0;
	bool exact = true, from_c = false;
	while (n < max && n < MAX_RAW) {
		uint64_t pc = r->r[REG_PC], sp = r->r[REG_SP];
		const struct mapping *mp = find_mapping(p, pc);
		u->raw[n++] = (struct rawframe){pc, mp, exact};
		if (!mp) {
			fail(u, "no executable mapping", pc);
			break;
		}
		bool go;
		uint64_t vaddr = (exact ? pc : pc - 1) - mp->bias;
		int rc = step(u, mp, vaddr, r, &go, from_c, &exact);
		if (rc == STEP_END)
			break;
		if (rc == STEP_FAIL) {
			if (!u->err)
				fail(u, "cannot unwind", pc);
			break;
		}
		if (rc == STEP_OK && r->r[REG_SP] <= sp) {
			fail(u, "stack pointer went backwards", pc);
			break;
		}
		from_c = !go;
	}
	return n;
}

static int get_regs(int tid, struct regs *r, uint64_t *nr)
{
	struct user_regs_struct ur;
	struct iovec iov = {&ur, sizeof(ur)};
	if (ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &iov) < 0)
		return -errno;
	if (iov.iov_len != sizeof(ur))
		return -EOPNOTSUPP; /* a 32-bit tracee */
	const uint64_t v[NREGS] = {ur.rax, ur.rdx, ur.rcx, ur.rbx, ur.rsi, ur.rdi,
				   ur.rbp, ur.rsp, ur.r8,  ur.r9,  ur.r10, ur.r11,
				   ur.r12, ur.r13, ur.r14, ur.r15, ur.rip};
	memcpy(r->r, v, sizeof(v));
	*nr = ur.orig_rax;
	r->valid = (1u << NREGS) - 1;
	return 0;
}

/* Expands raw frame k into frames (inlined ones first); returns how many. */
static unsigned symbolize(struct unwinder *u, const struct rawframe *rf, struct frame *out,
			  unsigned room)
{
	const struct mapping *mp = rf->map;
	struct frame f = {.addr = rf->pc, .rel = rf->pc};
	if (!room)
		return 0;
	if (mp) {
		f.module = mp->path;
		f.rel = rf->pc - mp->start + mp->off;
	}
	if (!mp || !mp->m) {
		out[0] = f;
		return 1;
	}
	uint64_t vaddr = (rf->exact ? rf->pc : rf->pc - 1) - mp->bias;
	const struct symres *res = elfmod_symbolize(mp->m, vaddr, &u->st.sym_misses);
	unsigned n = 0;
	for (unsigned i = 0; i < res->n && n < room; i++, n++) {
		out[n] = f;
		out[n].function = res->e[i].function;
		out[n].file = res->e[i].file;
		out[n].line = res->e[i].line;
		out[n].inlined = i + 1 < res->n;
		if (!out[n].inlined && res->start && out[n].function)
			out[n].offset = rf->pc - mp->bias - res->start;
	}
	return n;
}

int unwind_capture(struct unwinder *u, int pid, int tid, struct arena *a, struct frame **frames,
		   unsigned *nframes, unsigned max)
{
	struct regs r;
	*frames = NULL;
	*nframes = 0;
	u->err = NULL;
	int rc = get_regs(tid, &r, &u->nr);
	if (rc < 0)
		return rc;
	struct proc *p = proc_get(u, pid);
	if (p->stale && (rc = read_maps(u, p)) < 0)
		return rc;
	u->pid = pid;
	u->gen++;
	u->st.captures++;
	unsigned nraw = unwind_raw(u, p, &r, max);
	struct frame *f = arena_alloc(a, (max ? max : 1) * sizeof(*f));
	unsigned n = 0;
	for (unsigned i = 0; i < nraw && n < max; i++)
		n += symbolize(u, &u->raw[i], f + n, max - n);
	u->st.frames += n;
	*frames = f;
	*nframes = n;
	return 0;
}

void frame_format_text(struct strbuf *sb, const struct frame *f)
{
	/* No printf: with -k every syscall line carries several frames. */
	strbuf_puts(sb, " > ");
	strbuf_puts(sb, f->module ? f->module : "?");
	strbuf_putc(sb, '(');
	if (f->function) {
		strbuf_puts(sb, f->function);
		if (!f->inlined) {
			strbuf_putc(sb, '+');
			strbuf_hex(sb, f->offset);
		}
	}
	strbuf_puts(sb, ") [");
	strbuf_hex(sb, f->rel);
	strbuf_putc(sb, ']');
	if (f->file) {
		strbuf_putc(sb, ' ');
		strbuf_puts(sb, f->file);
		if (f->line) {
			strbuf_putc(sb, ':');
			strbuf_u64(sb, f->line);
		}
	}
	if (f->inlined)
		strbuf_puts(sb, " (inlined)");
}
