/*
 * -y and -yy: fds print what they refer to, sockets their endpoints, and a
 * bind that fails with EADDRINUSE gets a note naming the holder (the seed
 * story: a socket still open where the program thought it closed).
 * argv[1]: "y" or "yy".
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

static unsigned long inode_of(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		die("fstat");
	return (unsigned long)st.st_ino;
}

int main(int argc, char **argv)
{
	int yy = argc > 1 && !strcmp(argv[1], "yy");
	long fd = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
	char buf[1];
	long r = syscall(SYS_read, fd, buf, 0);
	expect("read(%ld</dev/null>, \"\", 0) = %ld", fd, r);
	syscall(SYS_close, fd);

	int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (a < 0 || b < 0 || bind(a, (void *)&sa, sizeof(sa)) < 0 ||
	    getsockname(a, (void *)&sa, &len) < 0)
		die("socket setup");
	unsigned port = ntohs(sa.sin_port);
	r = syscall(SYS_bind, b, &sa, sizeof(sa));
	if (yy) {
		expect("bind(%d<UDP:[%lu]>, {*}, 16) = %ld EADDRINUSE (Address already in use)", b,
		       inode_of(b), r);
		expect(
		    "~ scry: 127\\.0\\.0\\.1:%u held by pid %ld fd %d \\(bound at \\+[0-9.]+s, not "
		    "yet closed\\)",
		    port, (long)getpid(), a);
		r = syscall(SYS_getsockname, a, &sa, &len);
		expect("getsockname(%d<UDP:[127.0.0.1:%u]>, {*}) = %ld", a, port, r);
		/* Bound, not listening: in no /proc/net table, only in sock_diag. */
		int t = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in ta = {.sin_family = AF_INET};
		socklen_t tlen = sizeof(ta);
		inet_pton(AF_INET, "127.0.0.1", &ta.sin_addr);
		if (t < 0 || bind(t, (void *)&ta, sizeof(ta)) < 0 ||
		    getsockname(t, (void *)&ta, &tlen) < 0)
			die("tcp socket setup");
		r = syscall(SYS_getsockname, t, &ta, &tlen);
		expect("getsockname(%d<TCP:[127.0.0.1:%u]>, {*}) = %ld", t, ntohs(ta.sin_port), r);
	} else {
		expect("bind(%d<socket:[%lu]>, {*}, 16) = %ld EADDRINUSE (Address already in use)",
		       b, inode_of(b), r);
		expect("! scry: .*held by.*");
	}
	return 0;
}
