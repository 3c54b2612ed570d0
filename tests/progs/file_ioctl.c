/*
 * ioctl(2) on a pseudo-terminal: struct termios (abbreviated, and in full
 * with -v), struct winsize, ints by pointer in and out, requests without
 * an argument, enum arguments; names shared by two requests; unknown
 * requests as _IOC(...); bad pointers. Argument "v": scry runs with -v.
 * Exits 77 (skip) without /dev/ptmx.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

#define ENOTTY_S "ENOTTY (Inappropriate ioctl for device)"
#define EFAULT_S "EFAULT (Bad address)"

static int verbose;

/* The termios of a fresh pty, as strace shows it. */
static const char *termios_str(void)
{
	if (!verbose)
		return "{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
		       "c_cflag=B38400|CS8|CREAD, "
		       "c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|"
		       "ECHOKE, ...}";
	return "{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
	       "c_cflag=B38400|CS8|CREAD, "
	       "c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, "
	       "c_line=N_TTY, c_cc=[[VINTR]=0x3, [VQUIT]=0x1c, [VERASE]=0x7f, [VKILL]=0x15, "
	       "[VEOF]=0x4, [VTIME]=0, [VMIN]=0x1, [VSWTC]=0, [VSTART]=0x11, [VSTOP]=0x13, "
	       "[VSUSP]=0x1a, [VEOL]=0, [VREPRINT]=0x12, [VDISCARD]=0xf, [VWERASE]=0x17, "
	       "[VLNEXT]=0x16, [VEOL2]=0, [17]=0, [18]=0]}";
}

static void terminal(int m, int s)
{
	char t[64];
	struct winsize ws = {24, 80, 0, 0};
	int n = 0, one = 1;
	long r;

	r = syscall(SYS_ioctl, m, TIOCGPTN, &n);
	expect("ioctl(%d, TIOCGPTN, [%d]) = %ld", m, n, r);
	r = syscall(SYS_ioctl, s, TCGETS, t);
	expect("ioctl(%d, TCGETS, %s) = %ld", s, termios_str(), r);
	r = syscall(SYS_ioctl, s, TCSETS, t);
	expect("ioctl(%d, SNDCTL_TMR_START or TCSETS, %s) = %ld", s, termios_str(), r);
	r = syscall(SYS_ioctl, s, TCSETSW, t);
	expect("ioctl(%d, SNDCTL_TMR_STOP or TCSETSW, %s) = %ld", s, termios_str(), r);
	r = syscall(SYS_ioctl, s, TCSETSF, t);
	expect("ioctl(%d, SNDCTL_TMR_CONTINUE or TCSETSF, %s) = %ld", s, termios_str(), r);
	r = syscall(SYS_ioctl, s, TCGETS, (void *)1);
	expect("ioctl(%d, TCGETS, 0x1) = %ld " EFAULT_S, s, r);
	r = syscall(SYS_ioctl, s, TCSETS, NULL);
	expect("ioctl(%d, SNDCTL_TMR_START or TCSETS, NULL) = %ld " EFAULT_S, s, r);
	r = syscall(SYS_ioctl, s, TIOCSWINSZ, &ws);
	expect("ioctl(%d, TIOCSWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = %ld", s,
	       r);
	r = syscall(SYS_ioctl, s, TIOCGWINSZ, &ws);
	expect("ioctl(%d, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = %ld", s,
	       r);
	r = syscall(SYS_ioctl, s, TIOCGWINSZ, NULL);
	expect("ioctl(%d, TIOCGWINSZ, NULL) = %ld " EFAULT_S, s, r);
	r = syscall(SYS_ioctl, s, TIOCGPGRP, &n);
	expect("ioctl(%d, TIOCGPGRP, %p) = %ld " ENOTTY_S, s, (void *)&n, r);
	n = 0;
	r = syscall(SYS_ioctl, s, TIOCSPGRP, &n);
	expect("ioctl(%d, TIOCSPGRP, [0]) = %ld " ENOTTY_S, s, r);
	r = syscall(SYS_ioctl, s, FIONREAD, &n);
	expect("ioctl(%d, FIONREAD, [%d]) = %ld", s, n, r);
	r = syscall(SYS_ioctl, s, TIOCOUTQ, &n);
	expect("ioctl(%d, TIOCOUTQ, [%d]) = %ld", s, n, r);
	r = syscall(SYS_ioctl, s, FIONBIO, &one);
	expect("ioctl(%d, FIONBIO, [1]) = %ld", s, r);
	r = syscall(SYS_ioctl, s, FIOASYNC, (void *)1);
	expect("ioctl(%d, FIOASYNC, 0x1) = %ld " EFAULT_S, s, r);
	r = syscall(SYS_ioctl, s, FIOCLEX);
	expect("ioctl(%d, FIOCLEX) = %ld", s, r);
	r = syscall(SYS_ioctl, s, FIONCLEX);
	expect("ioctl(%d, FIONCLEX) = %ld", s, r);
	r = syscall(SYS_ioctl, s, TIOCSCTTY, 0);
	expect("ioctl(%d, TIOCSCTTY, 0) = {*}", s);
	r = syscall(SYS_ioctl, s, TIOCNOTTY);
	expect("ioctl(%d, TIOCNOTTY) = %ld " ENOTTY_S, s, r);
	r = syscall(SYS_ioctl, s, TCFLSH, TCIFLUSH);
	expect("ioctl(%d, TCFLSH, TCIFLUSH) = %ld", s, r);
	r = syscall(SYS_ioctl, s, TCFLSH, 7);
	expect("ioctl(%d, TCFLSH, 0x7 /* TC??? */) = %ld EINVAL (Invalid argument)", s, r);
	r = syscall(SYS_ioctl, s, TCXONC, TCOON);
	expect("ioctl(%d, TCXONC, TCOON) = %ld", s, r);
	r = syscall(SYS_ioctl, s, TCSBRK, 1);
	expect("ioctl(%d, TCSBRK, 1) = %ld", s, r);
	r = syscall(SYS_ioctl, s, TIOCGETD, &n);
	expect("ioctl(%d, TIOCGETD, [%d]) = %ld", s, n, r);
}

static void unknown(int s)
{
	long r;

	r = syscall(SYS_ioctl, s, _IOC(_IOC_READ, 0x12, 0x34, 0x8), 0x1234);
	expect("ioctl(%d, _IOC(_IOC_READ, 0x12, 0x34, 0x8), 0x1234) = %ld " ENOTTY_S, s, r);
	r = syscall(SYS_ioctl, s, _IOC(_IOC_READ | _IOC_WRITE, 0x99, 0x34, 0x100), 0);
	expect("ioctl(%d, _IOC(_IOC_READ|_IOC_WRITE, 0x99, 0x34, 0x100), 0) = %ld " ENOTTY_S, s, r);
	r = syscall(SYS_ioctl, s, 0x1234, 0x55);
	expect("ioctl(%d, _IOC(_IOC_NONE, 0x12, 0x34, 0), 0x55) = %ld " ENOTTY_S, s, r);
	r = syscall(SYS_ioctl, s, 0x34, 0);
	expect("ioctl(%d, _IOC(_IOC_NONE, 0, 0x34, 0), 0) = %ld " ENOTTY_S, s, r);
	r = syscall(SYS_ioctl, s, TIOCGSERIAL, 0x10);
	expect("ioctl(%d, TIOCGSERIAL, 0x10) = {*}", s);
	r = syscall(SYS_ioctl, -1, FICLONE, 3);
	expect("ioctl(-1, BTRFS_IOC_CLONE or FICLONE, 3) = %ld EBADF (Bad file descriptor)", r);
	r = syscall(SYS_ioctl, -1, FIFREEZE, 3);
	expect("ioctl(-1, FIFREEZE) = %ld EBADF (Bad file descriptor)", r);
	r = syscall(SYS_ioctl, -1, BLKGETSIZE64, 3);
	expect("ioctl(-1, BLKGETSIZE64, 0x3) = %ld EBADF (Bad file descriptor)", r);
	r = syscall(SYS_ioctl, -1, TCGETS, NULL);
	expect("ioctl(-1, TCGETS, NULL) = %ld EBADF (Bad file descriptor)", r);
}

/* Flag words strace prints oddly: zero bits print nothing, CIBAUD shows
 * as B38400<<IBSHIFT, unknown bits in hex. */
static void odd_termios(void)
{
	struct {
		unsigned int iflag, oflag, cflag, lflag;
		unsigned char line, cc[19];
	} t = {0, 0xfb00, 0x1002 | 0x10 | (0xf << 16), 0, 30, {0}};
	const char *cc =
	    "[[VINTR]=0, [VQUIT]=0, [VERASE]=0, [VKILL]=0, [VEOF]=0, [VTIME]=0, [VMIN]=0, "
	    "[VSWTC]=0, [VSTART]=0, [VSTOP]=0, [VSUSP]=0, [VEOL]=0, [VREPRINT]=0, "
	    "[VDISCARD]=0, [VWERASE]=0, [VLNEXT]=0, [VEOL2]=0, [17]=0, [18]=0]";
	long r;

	r = syscall(SYS_ioctl, -1, TCSETS, &t);
	expect(
	    "ioctl(-1, SNDCTL_TMR_START or TCSETS, {c_iflag=, c_oflag=NL1|CR1|XTABS|BS1|VT1|FF1|, "
	    "c_cflag=B115200|B38400<<IBSHIFT|CS6|, c_lflag=%s%s%s}) = %ld EBADF (Bad file "
	    "descriptor)",
	    verbose ? ", c_line=0x1e /* N_??? */, c_cc=" : "", verbose ? cc : "",
	    verbose ? "" : ", ...", r);
	t = (typeof(t)){0xffffffff, 0xff, 0xffffffff & ~0x100fu & ~0x30u, 0xffffffff, 0, {3}};
	r = syscall(SYS_ioctl, -1, TCSETSW, &t);
	expect(
	    "ioctl(-1, SNDCTL_TMR_STOP or TCSETSW, {c_iflag=IGNBRK|BRKINT|IGNPAR|PARMRK|INPCK|"
	    "ISTRIP|INLCR|IGNCR|ICRNL|IUCLC|IXON|IXANY|IXOFF|IMAXBEL|IUTF8|0xffff8000, "
	    "c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|OLCUC|ONLCR|OCRNL|ONOCR|ONLRET|OFILL|OFDEL, "
	    "c_cflag=B0|B4000000<<IBSHIFT|CS5|CSTOPB|CREAD|PARENB|PARODD|HUPCL|CLOCAL|CMSPAR|"
	    "CRTSCTS|0x2ff0e000, c_lflag=ISIG|ICANON|XCASE|ECHO|ECHOE|ECHOK|ECHONL|NOFLSH|IEXTEN|"
	    "ECHOCTL|ECHOPRT|ECHOKE|FLUSHO|PENDIN|TOSTOP|EXTPROC|0xfffe2000%s}) = %ld EBADF (Bad "
	    "file descriptor)",
	    verbose ? ", c_line=N_TTY, c_cc=[[VINTR]=0x3, {*}]" : ", ...", r);
}

int main(int argc, char **argv)
{
	verbose = argc > 1 && argv[1][0] == 'v';
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0)
		return 77;
	const char *name = ptsname(m);
	int s = name ? open(name, O_RDWR | O_NOCTTY) : -1;
	if (s < 0)
		return 77;
	terminal(m, s);
	unknown(s);
	odd_termios();
	return 0;
}
