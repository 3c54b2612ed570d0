/* ioctl(2): the request's name (every name of its number, as strace joins
 * them: "SNDCTL_TMR_START or TCSETS"), or _IOC(dir, type, nr, size) when it
 * has none, and its argument through a table of one small decoder per
 * request. Requests without a decoder print the argument in hex. */
#include "syscalls/fileio.h"

#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <linux/fs.h>
#include <linux/ioctl.h>

typedef void (*ioctl_fn)(struct dctx *c, uint32_t req);

/* The name of a request, or NULL. */
static const char *request_name(struct arena *a, uint32_t req)
{
	const char *s = NULL;
	for (uint32_t i = 0; i < xlat_ioctl_names.n; i++) {
		const struct xlat_entry *e = &xlat_ioctl_names.e[i];
		if (e->val == req)
			s = s ? arena_printf(a, "%s or %s", s, e->name) : e->name;
	}
	return s;
}

/* _IOC(_IOC_READ|_IOC_WRITE, 0x12, 0x34, 0x8) */
static struct value request_value(struct arena *a, uint32_t req)
{
	const char *name = request_name(a, req);
	if (name)
		return value_raw(name);
	return value_raw(arena_printf(
	    a, "_IOC(%s, %s, %s, %s)", fio_flags_text(a, _IOC_DIR(req), &xlat_ioc_dirs),
	    fio_hex0(a, _IOC_TYPE(req)), fio_hex0(a, _IOC_NR(req)), fio_hex0(a, _IOC_SIZE(req))));
}

/* ---- argument decoders ---------------------------------------------- */

/* FIOCLEX, TIOCNOTTY ...: no argument. */
static void io_none(struct dctx *c, uint32_t req)
{
	(void)req;
	c->sc->nargs = 2;
}

/* TCSBRK, TIOCSCTTY: an int by value. */
static void io_int(struct dctx *c, uint32_t req)
{
	(void)req;
	if (!c->exiting)
		c->sc->args[2] = value_int((int32_t)c->sc->raw[2]);
}

static void io_enum(struct dctx *c, const struct xlat *x)
{
	if (!c->exiting)
		c->sc->args[2] = value_enum(c->sc->raw[2], x);
}

static void io_tcflsh(struct dctx *c, uint32_t req)
{
	(void)req;
	io_enum(c, &xlat_tcflsh_queues);
}

static void io_tcxonc(struct dctx *c, uint32_t req)
{
	(void)req;
	io_enum(c, &xlat_tcxonc_actions);
}

/* TCGETA, TIOCSTI ...: a pointer strace decodes and scry does not yet. */
static void io_ptr(struct dctx *c, uint32_t req)
{
	(void)req;
	if (!c->exiting)
		c->sc->args[2] = value_ptr(c->sc->raw[2]);
}

/* FIONBIO, TIOCSPGRP ...: an int the kernel reads, [1]. */
static void io_int_in(struct dctx *c, uint32_t req)
{
	(void)req;
	if (!c->exiting)
		c->sc->args[2] = fio_num_at(c, c->sc->raw[2], 4, true);
}

/* FIONREAD, TIOCGPGRP ...: an int the kernel writes, shown at exit. */
static void io_int_out(struct dctx *c, uint32_t req)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting)
		sc->args[2] = (struct value){.kind = V_NONE};
	else
		sc->args[2] = fio_out_ok(c) ? fio_num_at(c, sc->raw[2], 4, req != TIOCGPTN)
					    : value_ptr(sc->raw[2]);
}

/* ---- struct termios, struct winsize --------------------------------- */

/* A termios flag word as strace 6.1 prints it: each multi-bit field's
 * name followed by "|", then the single bits; nothing for the bits when
 * none is set, so a zero c_iflag prints as "c_iflag=," and a c_oflag with
 * only delay fields as "NL0|CR0|TAB0|BS0|VT0|FF0|". */
static const char *tc_text(struct arena *a, const char *fields, uint32_t rest,
			   const struct xlat *bits)
{
	if (!rest)
		return fields;
	return arena_printf(a, "%s%s", fields, fio_flags_text(a, rest, bits));
}

/* "NAME|" for the value of a field (shift: where the field sits). */
static const char *field_text(struct arena *a, uint32_t raw, const struct xlat *x, unsigned shift)
{
	uint32_t v = (raw >> shift) & (uint32_t)x->mask;
	const char *name = xlat_name(x, v);
	return arena_printf(a, "%s%s|", name ? name : fio_hex0(a, v), shift ? "<<IBSHIFT" : "");
}

static const char *oflag_text(struct arena *a, uint32_t raw)
{
	static const struct xlat *const fields[] = {&xlat_termios_nldly,  &xlat_termios_crdly,
						    &xlat_termios_tabdly, &xlat_termios_bsdly,
						    &xlat_termios_vtdly,  &xlat_termios_ffdly};
	const char *s = "";
	uint32_t rest = raw;
	for (unsigned i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		s = arena_printf(a, "%s%s", s, field_text(a, raw, fields[i], 0));
		rest &= ~(uint32_t)fields[i]->mask;
	}
	return tc_text(a, s, rest, &xlat_termios_oflags);
}

/* c_cflag: output speed, input speed (CIBAUD, only when set), size, bits. */
static const char *cflag_text(struct arena *a, uint32_t raw)
{
	uint32_t cbaud = (uint32_t)xlat_termios_cbaud.mask;
	const char *s = field_text(a, raw, &xlat_termios_cbaud, 0);
	if ((raw >> IBSHIFT) & cbaud)
		s = arena_printf(a, "%s%s", s, field_text(a, raw, &xlat_termios_cbaud, IBSHIFT));
	s = arena_printf(a, "%s%s", s, field_text(a, raw, &xlat_termios_csize, 0));
	uint32_t rest = raw & ~(cbaud | cbaud << IBSHIFT | (uint32_t)xlat_termios_csize.mask);
	return tc_text(a, s, rest, &xlat_termios_cflags);
}

static struct value cc_value(struct dctx *c, const unsigned char *cc)
{
	struct value v, *items = value_array(c->arena, &v, NCCS);
	for (unsigned i = 0; i < NCCS; i++) {
		const char *name = xlat_name(&xlat_termios_cc, i);
		items[i] = value_hex(cc[i]);
		items[i].name =
		    name ? arena_printf(c->arena, "[%s]", name) : arena_printf(c->arena, "[%u]", i);
	}
	return v;
}

static struct value termios_value(struct dctx *c, uint64_t addr)
{
	struct termios t;
	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, &t, sizeof(t)) < 0)
		return value_badaddr(addr);
	struct arena *a = c->arena;
	struct value f[6] = {
	    fio_named("c_iflag", value_raw(tc_text(a, "", t.c_iflag, &xlat_termios_iflags))),
	    fio_named("c_oflag", value_raw(oflag_text(a, t.c_oflag))),
	    fio_named("c_cflag", value_raw(cflag_text(a, t.c_cflag))),
	    fio_named("c_lflag", value_raw(tc_text(a, "", t.c_lflag, &xlat_termios_lflags))),
	    fio_named("c_line", value_enum(t.c_line, &xlat_tty_ldiscs)),
	    fio_named("c_cc", cc_value(c, t.c_cc)),
	};
	bool v = c->opts->verbose;
	return fio_struct(a, f, v ? 6 : 4, !v);
}

static struct value winsize_value(struct dctx *c, uint64_t addr)
{
	uint16_t w[4];
	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, w, sizeof(w)) < 0)
		return value_badaddr(addr);
	struct value f[4] = {
	    fio_named("ws_row", value_uint(w[0])),
	    fio_named("ws_col", value_uint(w[1])),
	    fio_named("ws_xpixel", value_uint(w[2])),
	    fio_named("ws_ypixel", value_uint(w[3])),
	};
	return fio_struct(c->arena, f, 4, false);
}

typedef struct value (*struct_fn)(struct dctx *c, uint64_t addr);

/* A struct the kernel reads (at entry) or writes (at exit). */
static void io_struct(struct dctx *c, struct_fn fn, bool out)
{
	struct syscall_value *sc = c->sc;
	if (!out && !c->exiting)
		sc->args[2] = fn(c, sc->raw[2]);
	else if (out && !c->exiting)
		sc->args[2] = (struct value){.kind = V_NONE};
	else if (out)
		sc->args[2] = fio_out_ok(c) ? fn(c, sc->raw[2]) : value_ptr(sc->raw[2]);
}

static void io_termios_in(struct dctx *c, uint32_t req)
{
	(void)req;
	io_struct(c, termios_value, false);
}

static void io_termios_out(struct dctx *c, uint32_t req)
{
	(void)req;
	io_struct(c, termios_value, true);
}

static void io_winsize_in(struct dctx *c, uint32_t req)
{
	(void)req;
	io_struct(c, winsize_value, false);
}

static void io_winsize_out(struct dctx *c, uint32_t req)
{
	(void)req;
	io_struct(c, winsize_value, true);
}

static const struct {
	uint32_t req;
	ioctl_fn fn;
} ioctl_reqs[] = {
    {TCGETS, io_termios_out},
    {TCSETS, io_termios_in},
    {TCSETSW, io_termios_in},
    {TCSETSF, io_termios_in},
    {TIOCGLCKTRMIOS, io_termios_out},
    {TIOCSLCKTRMIOS, io_termios_in},
    {TCGETA, io_ptr},
    {TCSETA, io_ptr},
    {TCSETAW, io_ptr},
    {TCSETAF, io_ptr},
    {TCGETS2, io_ptr},
    {TCSETS2, io_ptr},
    {TCSETSW2, io_ptr},
    {TCSETSF2, io_ptr},
    {TIOCGWINSZ, io_winsize_out},
    {TIOCSWINSZ, io_winsize_in},
    {TCSBRK, io_int},
    {TCSBRKP, io_int},
    {TIOCSCTTY, io_int},
    {TCXONC, io_tcxonc},
    {TCFLSH, io_tcflsh},
    {TIOCEXCL, io_none},
    {TIOCNXCL, io_none},
    {TIOCCONS, io_none},
    {TIOCSSERIAL, io_none},
    {TIOCNOTTY, io_none},
    {TIOCSBRK, io_none},
    {TIOCCBRK, io_none},
    {TIOCVHANGUP, io_none},
    {FIONCLEX, io_none},
    {FIOCLEX, io_none},
    {TIOCGPGRP, io_int_out},
    {TIOCGSID, io_int_out},
    {TIOCOUTQ, io_int_out},
    {FIONREAD, io_int_out},
    {TIOCGSOFTCAR, io_int_out},
    {TIOCGPTN, io_int_out},
    {TIOCGEXCL, io_int_out},
    {TIOCSPGRP, io_int_in},
    {TIOCSSOFTCAR, io_int_in},
    {TIOCPKT, io_int_in},
    {FIONBIO, io_int_in},
    {FIOASYNC, io_int_in},
    {TIOCSPTLCK, io_int_in},
    {TIOCGETD, io_int_out},
    {TIOCSETD, io_int_in},
    {TIOCSTI, io_ptr},
    {TIOCMGET, io_ptr},
    {TIOCMBIS, io_ptr},
    {TIOCMBIC, io_ptr},
    {TIOCMSET, io_ptr},
    {TIOCGDEV, io_ptr},
    {FICLONE, io_int},
    {FIFREEZE, io_none},
    {FITHAW, io_none},
    {BLKFLSBUF, io_none},
};

/* ioctl(2): fd, request, argument. */
void sys_ioctl(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint32_t req = (uint32_t)sc->raw[1];
	if (!c->exiting) {
		decode_generic(c);
		sc->args[1] = request_value(c->arena, req);
		sc->args[2] = value_hex(sc->raw[2]);
	}
	for (size_t i = 0; i < sizeof(ioctl_reqs) / sizeof(ioctl_reqs[0]); i++)
		if (ioctl_reqs[i].req == req) {
			ioctl_reqs[i].fn(c, req);
			return;
		}
}
