/* libFuzzer target: one syscall (entry, then exit) through decode_syscall()
 * and the text renderer, then one siginfo through decode_siginfo(), with
 * tracee memory served from the fuzz input. Built and run by
 * tests/fuzz/run.sh (the Makefile's `make fuzz` would be:
 * `bash tests/fuzz/run.sh $(FUZZ_SECONDS)`).
 *
 * Input layout, all little-endian; a short input is zero-padded:
 *
 *   off  size
 *   0    1    flags: bit0 i386, bit1 -v, bit2 force a failure (rval becomes
 *             -1..-4095), bit3 the syscall never returns ("= ?"), bit4
 *             another thread's line comes between entry and exit
 *             ("<unfinished ...>" / "<... resumed>"), bit5 -f -o prefixes,
 *             bits6-7 -x level (3 counts as 2)
 *   1    1    -s: 0..127 as is, 128..255 as (n - 128) * 64
 *   2    2    syscall number, modulo the arch's table size + 16 (the
 *             numbers past the table are unknown syscalls)
 *   4    8    one selector per value: args 0-5, sp, rval
 *   12   64   eight raw u64s: args 0-5, sp, rval; each is turned into a
 *             value by its selector (below)
 *   76   ...  up to 4 memory regions: u16 length, then that many bytes
 *             (cut short by the end of the input). Region i starts at
 *             REGION_BASE (REGION_BASE_I386 for i386) + i * REGION_STRIDE;
 *             reads past a region's end are short, reads outside every
 *             region fail with -EFAULT.
 *
 *   selector % 4: 0 the raw u64; 1 an address in region (sel >> 2) % 4 at
 *   offset raw % 4160 (a little past the end too); 2 a small signed number
 *   (int8_t)raw; 3 the low 32 bits.
 *
 * The siginfo is the first 128 bytes of region 3 (zero-padded).
 *
 * FUZZ_DECODE_PRINT=1 in the environment prints what an input decodes to
 * (the syscall, the raw values, the rendered lines) on stderr, for reading
 * a reproducer: `FUZZ_DECODE_PRINT=1 build/fuzz/fuzz_decode CRASHFILE`. */
#include "engine/backend.h"
#include "lib/arena.h"
#include "render/render.h"
#include "syscalls/decode.h"
#include "syscalls/signal.h"
#include "syscalls/sysent.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NREGIONS	 4
#define REGION_BASE	 0x7f0000001000ULL
#define REGION_BASE_I386 0x08001000ULL
#define REGION_STRIDE	 0x100000ULL
#define HEADER		 76
#define TID		 4242

struct region {
	uint64_t addr;
	const uint8_t *data;
	size_t len;
};

struct fake_backend {
	struct backend base;
	struct region r[NREGIONS];
};

static long fake_read_mem(struct backend *b, int tid, uint64_t addr, void *buf, size_t len)
{
	const struct fake_backend *f = (const struct fake_backend *)b;
	(void)tid;
	for (int i = 0; i < NREGIONS; i++) {
		const struct region *r = &f->r[i];
		if (addr < r->addr || addr >= r->addr + r->len)
			continue;
		size_t n = r->addr + r->len - addr;
		if (n > len)
			n = len;
		memcpy(buf, r->data + (addr - r->addr), n);
		return (long)n;
	}
	/* A read that asks for nothing at a readable-looking address. */
	return len ? -EFAULT : 0;
}

static int fake_next(struct backend *b, struct event *ev)
{
	(void)b;
	(void)ev;
	return 0;
}

static void fake_detach_all(struct backend *b)
{
	(void)b;
}

static void fake_release(struct backend *b)
{
	(void)b;
}

static const struct backend_ops fake_ops = {
    .next = fake_next,
    .read_mem = fake_read_mem,
    .detach_all = fake_detach_all,
    .release = fake_release,
};

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint64_t select_value(uint8_t sel, uint64_t raw, const struct fake_backend *f)
{
	switch (sel & 3) {
	case 1:
		return f->r[(sel >> 2) % NREGIONS].addr + raw % 4160;
	case 2:
		return (uint64_t)(int64_t)(int8_t)raw;
	case 3:
		return raw & 0xffffffff;
	default:
		return raw;
	}
}

/* What the fd is, for decode_sockbuf (src/syscalls/netlink.c): by fd % 4,
 * NETLINK_ROUTE, a netlink socket of unknown protocol, NETLINK_SOCK_DIAG,
 * not a netlink socket. */
static int fake_netlink_protocol(int tid, int fd)
{
	static const int kinds[4] = {0, -1, 4, -2};
	(void)tid;
	return kinds[(unsigned)fd % 4];
}

/* As the session does for numbers with no row. */
static const struct sysent unknown_sysent = {.name = NULL, .nargs = 6};

static FILE *out;
static int print;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t hdr[HEADER] = {0};
	memcpy(hdr, data, size < HEADER ? size : HEADER);
	const uint8_t *rest = size > HEADER ? data + HEADER : NULL;
	size_t nrest = size > HEADER ? size - HEADER : 0;

	if (!out) {
		print = getenv("FUZZ_DECODE_PRINT") != NULL;
		out = print ? stderr : fopen("/dev/null", "w");
		if (!out)
			abort();
	}

	uint8_t flags = hdr[0];
	enum sys_arch arch = (flags & 1) ? ARCH_I386 : ARCH_X86_64;
	struct fake_backend fb = {.base = {.ops = &fake_ops}};
	for (int i = 0; i < NREGIONS; i++) {
		fb.r[i].addr = (arch == ARCH_I386 ? REGION_BASE_I386 : REGION_BASE) +
			       (uint64_t)i * REGION_STRIDE;
		if (nrest >= 2) {
			size_t len = (size_t)rest[0] | (size_t)rest[1] << 8;
			rest += 2;
			nrest -= 2;
			if (len > nrest)
				len = nrest;
			fb.r[i].data = rest;
			fb.r[i].len = len;
			rest += len;
			nrest -= len;
		}
	}

	unsigned ntab = arch == ARCH_I386 ? nsysent_i386 : nsysent_x86_64;
	uint64_t nr = ((unsigned)hdr[2] | (unsigned)hdr[3] << 8) % (ntab + 16);
	struct decode_opts dopts = {
	    .strsize = hdr[1] < 128 ? hdr[1] : (unsigned)(hdr[1] - 128) * 64,
	    .verbose = flags & 2,
	    .netlink_protocol = fake_netlink_protocol,
	};
	uint64_t vals[8];
	for (int i = 0; i < 8; i++) {
		vals[i] = select_value(hdr[4 + i], get_u64(hdr + 12 + 8 * i), &fb);
		/* A 32-bit tracee's registers are 32 bits wide. */
		if (arch == ARCH_I386)
			vals[i] =
			    i == 7 ? (uint64_t)(int64_t)(int32_t)vals[i] : vals[i] & 0xffffffff;
	}
	int64_t rval = (int64_t)vals[7];
	if (flags & 4)
		rval = -(int64_t)(1 + vals[7] % 4095);

	struct render_opts ro = {
	    .out = out,
	    .to_file = flags & 32,
	    .follow = flags & 32,
	    .xflag = (flags >> 6) > 2 ? 2 : flags >> 6,
	};
	struct renderer *r = text_renderer_new(&ro);
	struct arena arena;
	arena_init(&arena);

	struct syscall_value sc;
	memset(&sc, 0, sizeof(sc));
	const struct sysent *se = sysent_lookup(arch, nr);
	sc.se = se && se->name ? se : &unknown_sysent;
	sc.nr = nr;
	sc.arch = arch;
	sc.nargs = sc.se->nargs;
	memcpy(sc.raw, vals, sizeof(sc.raw));
	sc.ip = fb.r[0].addr - 0x1000;
	sc.sp = vals[6];

	if (print) {
		fprintf(stderr, "fuzz_decode: %s syscall %llu (%s) args",
			arch == ARCH_I386 ? "i386" : "x86_64", (unsigned long long)nr,
			sc.se->name ? sc.se->name : "unknown");
		for (int i = 0; i < 6; i++)
			fprintf(stderr, " %#llx", (unsigned long long)vals[i]);
		fprintf(stderr, " sp %#llx rval %lld%s strsize %u flags %#x\n",
			(unsigned long long)vals[6], (long long)rval,
			(flags & 8) ? " (no exit)" : "", dopts.strsize, flags);
		for (int i = 0; i < NREGIONS; i++)
			fprintf(stderr, "fuzz_decode: region %d at %#llx, %zu bytes\n", i,
				(unsigned long long)fb.r[i].addr, fb.r[i].len);
	}

	struct render_slot slot = {0};
	struct record rec = {
	    .kind = R_SYSCALL_ENTRY,
	    .tid = TID,
	    .tgid = TID,
	    .slot = &slot,
	    .sc = &sc,
	    .nthreads = (flags & 16) ? 2 : 1,
	};
	struct dctx c = {&fb.base, TID, false, &arena, &dopts, &sc, 0};
	decode_syscall(&c);
	r->ops->record(r, &rec);

	if (flags & 16) {
		struct record other = {
		    .kind = R_SIGNAL, .tid = TID + 1, .tgid = TID, .sig = SIGCHLD, .nthreads = 2};
		r->ops->record(r, &other);
	}

	if (!(flags & 8)) {
		sc.rval = rval;
		sc.err = (uint64_t)rval >= (uint64_t)-4095 ? (int)-rval : 0;
		c.exiting = true;
		decode_syscall(&c);
	}
	rec.kind = R_SYSCALL_EXIT;
	r->ops->record(r, &rec);

	/* A signal: its siginfo is the start of region 3. */
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	memcpy(&si, fb.r[3].data ? fb.r[3].data : (const uint8_t *)"",
	       fb.r[3].len < sizeof(si) ? fb.r[3].len : sizeof(si));
	struct value siv = decode_siginfo(&arena, &si);
	struct record srec = {.kind = R_SIGNAL,
			      .tid = TID,
			      .tgid = TID,
			      .sig = si.si_signo,
			      .siginfo = &siv,
			      .nthreads = 1};
	r->ops->record(r, &srec);

	r->ops->flush(r);
	r->ops->release(r);
	arena_release(&arena);
	return 0;
}
