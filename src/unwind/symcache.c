/* Mapped files, parsed once each, and the symbols of the pcs seen in them.
 *
 * Every file gets its own Dwfl holding one module reported at bias 0, so
 * libdwfl's per-module work (sorted symbol table, CFI, line tables) is done
 * once per file and shared by all the processes that map it; callers turn
 * pcs into the file's own addresses first. Symbolized pcs are kept per file:
 * after the first time a pc costs one hash lookup. */
#include "unwind/internal.h"
#include "lib/xalloc.h"

#include <dlfcn.h>
#include <dwarf.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- u64map: open addressing, linear probing. */

static size_t slot_of(uint64_t k, size_t cap)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k & (cap - 1);
}

void *u64map_get(const struct u64map *m, uint64_t key)
{
	if (!m->cap)
		return NULL;
	key = key ? key : ~0ULL;
	for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key)
			return m->vals[i];
		if (!m->keys[i])
			return NULL;
	}
}

static void u64map_grow(struct u64map *m)
{
	struct u64map n = {.cap = m->cap ? m->cap * 2 : 64};
	n.keys = xcalloc(n.cap, sizeof(*n.keys));
	n.vals = xcalloc(n.cap, sizeof(*n.vals));
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = slot_of(m->keys[i], n.cap);
		while (n.keys[j])
			j = (j + 1) & (n.cap - 1);
		n.keys[j] = m->keys[i];
		n.vals[j] = m->vals[i];
	}
	n.n = m->n;
	free(m->keys);
	free(m->vals);
	*m = n;
}

void u64map_put(struct u64map *m, uint64_t key, void *val)
{
	if ((m->n + 1) * 2 > m->cap)
		u64map_grow(m);
	key = key ? key : ~0ULL;
	size_t i = slot_of(key, m->cap);
	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
}

void u64map_free(struct u64map *m, bool free_vals)
{
	if (free_vals)
		for (size_t i = 0; i < m->cap; i++)
			if (m->keys[i])
				free(m->vals[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- Files. */

const uint8_t *elfmod_at(const struct elfmod *m, uint64_t vaddr, size_t len)
{
	for (unsigned i = 0; i < m->nseg; i++) {
		const struct load_seg *s = &m->seg[i];
		if (vaddr >= s->vaddr && vaddr - s->vaddr < s->filesz &&
		    s->filesz - (vaddr - s->vaddr) >= len)
			return m->data + s->off + (vaddr - s->vaddr);
	}
	return NULL;
}

/* Go binaries carry a note named "Go" (the build ID, namesz 4 with the
 * padding), kept by -s -w. */
static bool has_go_note(const struct elfmod *m)
{
	size_t n;
	if (elf_getphdrnum(m->elf, &n) != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(m->elf, (int)i, &ph) || ph.p_type != PT_NOTE)
			continue;
		Elf_Data *d =
		    elf_getdata_rawchunk(m->elf, (int64_t)ph.p_offset, ph.p_filesz, ELF_T_NHDR);
		GElf_Nhdr nh;
		size_t off = 0, name_off, desc_off;
		while (d && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0)
			if (nh.n_namesz >= 3 && !memcmp((char *)d->d_buf + name_off, "Go", 3))
				return true;
	}
	return false;
}

static bool has_section(Elf *elf, const char *want)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(elf, &shstrndx) != 0)
		return false;
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
		GElf_Shdr sh;
		const char *name;
		if (gelf_getshdr(scn, &sh) && (name = elf_strptr(elf, shstrndx, sh.sh_name)) &&
		    !strcmp(name, want))
			return true;
	}
	return false;
}

static bool read_segments(struct elfmod *m)
{
	GElf_Ehdr eh;
	size_t n;
	if (!gelf_getehdr(m->elf, &eh) || eh.e_machine != EM_X86_64 ||
	    elf_getphdrnum(m->elf, &n) != 0)
		return false;
	m->is_exec = eh.e_type == ET_EXEC;
	for (size_t i = 0; i < n && m->nseg < sizeof(m->seg) / sizeof(m->seg[0]); i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(m->elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (ph.p_offset > m->len || m->len - ph.p_offset < ph.p_filesz)
			continue;
		m->seg[m->nseg++] =
		    (struct load_seg){ph.p_vaddr, ph.p_offset, ph.p_filesz, ph.p_memsz, ph.p_flags};
	}
	return m->nseg > 0;
}

struct elfmod *elfmod_open(const char *path, const char *name, int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0)
		return NULL;
	struct elfmod *m = xcalloc(1, sizeof(*m));
	m->dev = st.st_dev;
	m->ino = st.st_ino;
	m->size = st.st_size;
	m->mtime = st.st_mtim;
	m->len = (size_t)st.st_size;
	void *p = mmap(NULL, m->len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		free(m);
		return NULL;
	}
	m->data = p;
	m->elf = elf_memory((char *)p, m->len);
	if (!m->elf || elf_kind(m->elf) != ELF_K_ELF || !read_segments(m)) {
		elfmod_free(m);
		return NULL;
	}
	m->path = xstrdup(name);
	(void)path;
	size_t nsec = 0;
	/* Without section headers nothing says "Go" but pclntab itself. */
	if (has_section(m->elf, ".gopclntab") || has_go_note(m) ||
	    (elf_getshdrnum(m->elf, &nsec) == 0 && nsec == 0))
		m->go = gotab_open(m);
	return m;
}

static const Dwfl_Callbacks dwfl_cb = {
    .find_elf = dwfl_linux_proc_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
};

/* libdwfl for the file, made on first need: pure Go code never needs it. */
bool elfmod_dwfl(struct elfmod *m)
{
	if (m->dwfl)
		return m->mod != NULL;
	m->dwfl = dwfl_begin(&dwfl_cb);
	if (!m->dwfl)
		return false;
	dwfl_report_begin(m->dwfl);
	/* elf_memory's Elf is ours; libdwfl gets its own descriptor. */
	int fd = open(m->path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) < 0 || st.st_ino != m->ino || st.st_dev != m->dev)) {
		close(fd);
		fd = -1;
	}
	if (fd >= 0)
		m->mod = dwfl_report_elf(m->dwfl, m->path, m->path, fd, 0, true);
	dwfl_report_end(m->dwfl, NULL, NULL);
	if (m->mod && !dwfl_module_getelf(m->mod, &m->dwbias))
		m->mod = NULL;
	return m->mod != NULL;
}

void elfmod_free(struct elfmod *m)
{
	if (m->dwfl)
		dwfl_end(m->dwfl);
	if (m->go)
		gotab_free(m->go);
	if (m->elf)
		elf_end(m->elf);
	if (m->data)
		munmap((void *)m->data, m->len);
	u64map_free(&m->syms, true);
	u64map_free(&m->cfi, true);
	free(m->path);
	free(m);
}

/* ---- Symbols from ELF and DWARF. */

static const char *cu_file(Dwarf_Die *cu, Dwarf_Word idx)
{
	Dwarf_Files *files;
	size_t n;
	if (dwarf_getsrcfiles(cu, &files, &n) != 0 || idx >= n)
		return NULL;
	return dwarf_filesrc(files, idx, NULL, NULL);
}

static unsigned attr_udata(Dwarf_Die *die, unsigned name)
{
	Dwarf_Attribute a;
	Dwarf_Word w;
	if (!dwarf_attr(die, name, &a) || dwarf_formudata(&a, &w) != 0)
		return 0;
	return (unsigned)w;
}

#define MAX_INLINE 32

/* The inline chain at addr from DWARF: names of the inlined functions and
 * their call sites. e[0] gets the line table's file:line. */
static unsigned dwarf_chain(struct elfmod *m, Dwarf_Addr addr, struct symline *e)
{
	Dwarf_Addr cubias;
	Dwarf_Die *cu = dwfl_module_addrdie(m->mod, addr, &cubias);
	Dwarf_Die *scopes = NULL;
	unsigned n = 0;
	if (!cu)
		return 0;
	int ns = dwarf_getscopes(cu, addr - cubias, &scopes);
	for (int i = 0; i < ns && n < MAX_INLINE; i++) {
		if (dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine)
			continue;
		e[n].function = dwarf_diename(&scopes[i]);
		n++;
		e[n].file = cu_file(cu, attr_udata(&scopes[i], DW_AT_call_file));
		e[n].line = attr_udata(&scopes[i], DW_AT_call_line);
	}
	free(scopes);
	return n;
}

/* A C++ symbol ("_ZN2ns1K2goEi", its first len bytes when len is not 0:
 * without the symbol version) as a person reads it ("ns::K::go(int)"), as
 * strace prints it: a malloc'd string, or NULL.  libstdc++'s demangler is
 * loaded on the first mangled name, so C and Go tracees never load it. */
static char *demangle(const char *name, size_t len)
{
	typedef char *demangle_fn(const char *, char *, size_t *, int *);
	static demangle_fn *fn;
	static bool tried;
	int status;
	if (strncmp(name, "_Z", 2))
		return NULL;
	if (!tried) {
		tried = true;
		void *lib = dlopen("libstdc++.so.6", RTLD_LAZY | RTLD_LOCAL);
		if (lib)
			*(void **)&fn = dlsym(lib, "__cxa_demangle");
	}
	if (!fn)
		return NULL;
	char *bare = len ? strndup(name, len) : NULL;
	char *human = fn(bare ? bare : name, NULL, NULL, &status);
	free(bare);
	return human;
}

static struct symres *dwfl_symbolize(struct elfmod *m, uint64_t vaddr)
{
	struct symline e[MAX_INLINE + 1] = {{0}};
	uint64_t start = 0;
	if (!elfmod_dwfl(m))
		return NULL;
	Dwarf_Addr addr = vaddr + m->dwbias;
	GElf_Off off;
	GElf_Sym sym;
	const char *name = dwfl_module_addrinfo(m->mod, addr, &off, &sym, NULL, NULL, NULL);
	if (name)
		start = vaddr - off;
	Dwfl_Line *l = dwfl_module_getsrc(m->mod, addr);
	if (l) {
		int line = 0;
		e[0].file = dwfl_lineinfo(l, NULL, &line, NULL, NULL, NULL);
		e[0].line = line > 0 ? (unsigned)line : 0;
	}
	unsigned n = l ? dwarf_chain(m, addr, e) : 0;
	/* .symtab names carry symbol versions ("_IO_file_write@@GLIBC_2.2.5");
	 * strace prints them without, and demangled, and so do we: the copy
	 * follows e[]. */
	size_t vlen = name && strchr(name, '@') ? (size_t)(strchr(name, '@') - name) : 0;
	char *human = name ? demangle(name, vlen) : NULL;
	if (human)
		vlen = strlen(human);
	struct symres *r = xmalloc(sizeof(*r) + (n + 1) * sizeof(r->e[0]) + (vlen ? vlen + 1 : 0));
	if (vlen) {
		char *copy = (char *)&r->e[n + 1];
		memcpy(copy, human ? human : name, vlen);
		copy[vlen] = '\0';
		name = copy;
	}
	free(human);
	e[n].function = name;
	n++;
	r->start = start;
	r->n = n;
	memcpy(r->e, e, n * sizeof(e[0]));
	return r;
}

const struct symres *elfmod_symbolize(struct elfmod *m, uint64_t vaddr, uint64_t *misses)
{
	struct symres *r = u64map_get(&m->syms, vaddr);
	if (r)
		return r;
	(*misses)++;
	if (m->go && gotab_covers(m->go, vaddr))
		r = gotab_symbolize(m->go, vaddr);
	if (!r)
		r = dwfl_symbolize(m, vaddr);
	if (!r) {
		r = xcalloc(1, sizeof(*r) + sizeof(r->e[0]));
		r->n = 1;
	}
	u64map_put(&m->syms, vaddr, r);
	return r;
}
