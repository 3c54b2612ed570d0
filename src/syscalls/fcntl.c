/* fcntl(2) and fcntl64(2): one small decoder per command, found through a
 * table. Each runs at entry and at exit, like a syscall decoder; commands
 * without one print their argument in hex, as strace does. */
#include "syscalls/fileio.h"

#include <fcntl.h>

/* The kernel's 32-bit-only struct flock64 commands: glibc defines F_GETLK64
 * as F_GETLK (5) on 64-bit targets, and x86_64 kernels reject 12..14. */
enum { KF_GETLK64 = 12, KF_SETLK64 = 13, KF_SETLKW64 = 14 };

/* struct flock: x86_64 (= flock64), i386's 32-bit one, i386's flock64
 * (s64 fields only 4-byte aligned). l_type and l_whence are shorts at 0, 2. */
struct flock_layout {
	uint8_t size, start, len, pid, word;
};
static const struct flock_layout flock_x86_64 = {32, 8, 16, 24, 8};
static const struct flock_layout flock_i386 = {16, 4, 8, 12, 4};
static const struct flock_layout flock64_i386 = {24, 4, 12, 20, 8};

typedef void (*fcntl_fn)(struct dctx *c, uint32_t cmd);

static const struct flock_layout *flock_layout(const struct dctx *c, uint32_t cmd)
{
	if (!fio_compat(c))
		return &flock_x86_64;
	return cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW ? &flock_i386 : &flock64_i386;
}

/* {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=10[, l_pid=0]} */
static struct value flock_value(struct dctx *c, uint64_t addr, uint32_t cmd, bool with_pid)
{
	const struct flock_layout *l = flock_layout(c, cmd);
	unsigned char p[32];
	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, p, l->size) < 0)
		return value_badaddr(addr);
	struct value f[5] = {
	    fio_named("l_type", value_enum(fio_word(p, 2, false), &xlat_flock_types)),
	    fio_named("l_whence", value_enum(fio_word(p + 2, 2, false), &xlat_whence)),
	    fio_named("l_start", value_int((int64_t)fio_word(p + l->start, l->word, true))),
	    fio_named("l_len", value_int((int64_t)fio_word(p + l->len, l->word, true))),
	    fio_named("l_pid", value_int((int64_t)fio_word(p + l->pid, 4, true))),
	};
	return fio_struct(c->arena, f, with_pid ? 5 : 4, false);
}

/* F_GETFD and the other commands that take no argument. */
static void fc_noarg(struct dctx *c, uint32_t cmd)
{
	(void)cmd;
	c->sc->nargs = 2;
}

/* F_DUPFD, F_SETOWN, F_SETPIPE_SZ: an int. */
static void fc_int(struct dctx *c, uint32_t cmd)
{
	if (!c->exiting)
		c->sc->args[2] = value_int((int32_t)c->sc->raw[2]);
	else if (!c->sc->err && (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC))
		c->sc->ret = value_fd(c->sc->rval);
}

/* A flag set argument (F_SETFD, F_SETFL, F_ADD_SEALS, F_NOTIFY). */
static void fc_flags(struct dctx *c, const struct xlat *x)
{
	if (!c->exiting)
		c->sc->args[2] = value_flags((uint32_t)c->sc->raw[2], x);
}

/* A flag set return value: "= 0x8002 (flags O_RDWR|O_LARGEFILE)"; with
 * skip_zero, a plain 0 when no bit is set. */
static void ret_flags(struct dctx *c, const char *what, const struct xlat *x, bool skip_zero)
{
	struct syscall_value *sc = c->sc;
	sc->nargs = 2;
	if (!c->exiting || sc->err || (skip_zero && !sc->rval))
		return;
	sc->ret = value_hex((uint64_t)sc->rval);
	sc->ret_comment = arena_printf(c->arena, "(%s %s)", what,
				       fio_flags_text(c->arena, (uint64_t)sc->rval, x));
}

static void fc_getfd(struct dctx *c, uint32_t cmd)
{
	(void)cmd;
	ret_flags(c, "flags", &xlat_fd_flags, true);
}

static void fc_setfd(struct dctx *c, uint32_t cmd)
{
	(void)cmd;
	fc_flags(c, &xlat_fd_flags);
}

static void fc_getfl(struct dctx *c, uint32_t cmd)
{
	(void)cmd;
	ret_flags(c, "flags", &xlat_open_flags, false);
}

static void fc_setfl(struct dctx *c, uint32_t cmd)
{
	(void)cmd;
	fc_flags(c, &xlat_open_flags);
}

static void fc_get_seals(struct dctx *c, uint32_t cmd)
{
	(void)cmd;
	ret_flags(c, "seals", &xlat_f_seals, true);
}

static void fc_add_seals(struct dctx *c, uint32_t cmd)
{
	(void)cmd;
	fc_flags(c, &xlat_f_seals);
}

static void fc_notify(struct dctx *c, uint32_t cmd)
{
	(void)cmd;
	fc_flags(c, &xlat_dnotify_flags);
}

/* F_SETLK, F_SETLKW, F_OFD_SETLK ...: the lock asked for. */
static void fc_setlk(struct dctx *c, uint32_t cmd)
{
	if (!c->exiting)
		c->sc->args[2] = flock_value(c, c->sc->raw[2], cmd, false);
}

/* F_GETLK, F_OFD_GETLK: the kernel overwrites the struct, shown at exit. */
static void fc_getlk(struct dctx *c, uint32_t cmd)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting)
		sc->args[2] = (struct value){.kind = V_NONE};
	else if (fio_out_ok(c))
		sc->args[2] = flock_value(c, sc->raw[2], cmd, true);
	else
		sc->args[2] = value_ptr(sc->raw[2]);
}

static struct value owner_ex_value(struct dctx *c, uint64_t addr)
{
	int32_t o[2];
	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, o, sizeof(o)) < 0)
		return value_badaddr(addr);
	struct value f[2] = {
	    fio_named("type", value_enum((uint32_t)o[0], &xlat_f_owner_types)),
	    fio_named("pid", value_int(o[1])),
	};
	return fio_struct(c->arena, f, 2, false);
}

static void fc_setown_ex(struct dctx *c, uint32_t cmd)
{
	(void)cmd;
	if (!c->exiting)
		c->sc->args[2] = owner_ex_value(c, c->sc->raw[2]);
}

static void fc_getown_ex(struct dctx *c, uint32_t cmd)
{
	struct syscall_value *sc = c->sc;
	(void)cmd;
	if (!c->exiting)
		sc->args[2] = (struct value){.kind = V_NONE};
	else
		sc->args[2] = fio_out_ok(c) ? owner_ex_value(c, sc->raw[2]) : value_ptr(sc->raw[2]);
}

static void fc_setsig(struct dctx *c, uint32_t cmd)
{
	(void)cmd;
	if (!c->exiting)
		c->sc->args[2] = value_enum((uint32_t)c->sc->raw[2], &xlat_signals);
}

/* "= 10 (SIGUSR1)" */
static void fc_getsig(struct dctx *c, uint32_t cmd)
{
	struct syscall_value *sc = c->sc;
	const char *name =
	    c->exiting && !sc->err ? xlat_name(&xlat_signals, (uint64_t)sc->rval) : NULL;
	fc_noarg(c, cmd);
	if (name)
		sc->ret_comment = arena_printf(c->arena, "(%s)", name);
}

static void fc_setlease(struct dctx *c, uint32_t cmd)
{
	(void)cmd;
	if (!c->exiting)
		c->sc->args[2] = value_enum((uint32_t)c->sc->raw[2], &xlat_flock_types);
}

/* "= 0x2 (F_UNLCK)" */
static void fc_getlease(struct dctx *c, uint32_t cmd)
{
	struct syscall_value *sc = c->sc;
	fc_noarg(c, cmd);
	if (!c->exiting || sc->err)
		return;
	const char *name = xlat_name(&xlat_flock_types, (uint64_t)sc->rval);
	sc->ret = value_hex((uint64_t)sc->rval);
	if (name)
		sc->ret_comment = arena_printf(c->arena, "(%s)", name);
}

/* i386 only: the flock64 commands. */
static void fc_lk64(struct dctx *c, uint32_t cmd)
{
	if (!fio_compat(c))
		return;
	if (cmd == KF_GETLK64)
		fc_getlk(c, cmd);
	else
		fc_setlk(c, cmd);
}

static const struct {
	uint32_t cmd;
	fcntl_fn fn;
} fcntl_cmds[] = {
    {F_DUPFD, fc_int},		 {F_DUPFD_CLOEXEC, fc_int}, {F_GETFD, fc_getfd},
    {F_SETFD, fc_setfd},	 {F_GETFL, fc_getfl},	    {F_SETFL, fc_setfl},
    {F_GETLK, fc_getlk},	 {F_SETLK, fc_setlk},	    {F_SETLKW, fc_setlk},
    {KF_GETLK64, fc_lk64},	 {KF_SETLK64, fc_lk64},	    {KF_SETLKW64, fc_lk64},
    {F_OFD_GETLK, fc_getlk},	 {F_OFD_SETLK, fc_setlk},   {F_OFD_SETLKW, fc_setlk},
    {F_GETOWN, fc_noarg},	 {F_SETOWN, fc_int},	    {F_GETOWN_EX, fc_getown_ex},
    {F_SETOWN_EX, fc_setown_ex}, {F_GETSIG, fc_getsig},	    {F_SETSIG, fc_setsig},
    {F_GETLEASE, fc_getlease},	 {F_SETLEASE, fc_setlease}, {F_NOTIFY, fc_notify},
    {F_GETPIPE_SZ, fc_noarg},	 {F_SETPIPE_SZ, fc_int},    {F_GET_SEALS, fc_get_seals},
    {F_ADD_SEALS, fc_add_seals},
};

/* fcntl(2), fcntl64(2): fd, command, argument (hex unless the command's
 * decoder says otherwise). */
void sys_fcntl(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint32_t cmd = (uint32_t)sc->raw[1];
	if (!c->exiting) {
		decode_generic(c);
		sc->args[1] = value_enum(cmd, &xlat_fcntl_cmds);
		sc->args[2] = value_hex(sc->raw[2]);
	}
	for (size_t i = 0; i < sizeof(fcntl_cmds) / sizeof(fcntl_cmds[0]); i++)
		if (fcntl_cmds[i].cmd == cmd) {
			fcntl_cmds[i].fn(c, cmd);
			return;
		}
}
