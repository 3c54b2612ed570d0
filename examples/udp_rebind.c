/*
 * udp_rebind: "bind: address already in use" although the socket was closed.
 *
 * A Go developer's test kept closing a UDP socket and binding a new one to
 * the same port, until bind failed with EADDRINUSE (shared/seeds/000).  The
 * close had happened, but it was not the last reference to the socket: a port
 * is released when the socket is, and a socket lives until every descriptor
 * for it in every process is closed.  Here the other reference is the oldest
 * one there is: a forked child inherits all descriptors of its parent.
 *
 * Run it under
 *
 *   scry trace -f -e trace=socket,bind,close -- ./examples/udp_rebind
 *
 * and look at:
 *   - the first close() lines: the dynamic loader closing the files it mapped,
 *     not this program;
 *   - socket() = 3, then bind(3, {... sin_port=htons(3001) ...}) = 0;
 *   - close(3) = 0 succeeds, yet the next bind to port 3001 fails with
 *     EADDRINUSE.  Success of close says the descriptor is gone, not the socket;
 *   - "Process N attached" and "[pid N] +++ killed by SIGTERM +++": a child
 *     existed all along, and no close(3) carries its pid.  Add clone to the
 *     list to see where it came from; once it is gone the last bind succeeds.
 *
 * The fix is to not leak the descriptor: SOCK_CLOEXEC covers exec'd helpers,
 * a forked worker must close what it does not use.
 */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define PORT 3001

static int bind_udp(void)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		return -errno;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(PORT);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		int err = errno;

		close(fd);
		return -err;
	}
	return fd;
}

int main(void)
{
	int fd, fd2, fd3, status;
	pid_t child;

	fd = bind_udp();
	if (fd < 0) {
		fprintf(stderr, "udp_rebind: bind 127.0.0.1:%d: %s\n", PORT, strerror(-fd));
		return 1;
	}

	/* The worker inherits fd.  It sleeps only so that an orphan cannot hold
	 * the port for long if this process dies before killing it. */
	child = fork();
	if (child < 0) {
		perror("udp_rebind: fork");
		return 1;
	}
	if (child == 0) {
		sleep(2);
		_exit(0);
	}

	close(fd);
	fd2 = bind_udp();

	kill(child, SIGTERM);
	waitpid(child, &status, 0);
	fd3 = bind_udp();

	if (fd2 != -EADDRINUSE || fd3 < 0) {
		fprintf(stderr, "udp_rebind: unexpected: rebind %s, after child exit %s\n",
			fd2 < 0 ? strerror(-fd2) : "succeeded",
			fd3 < 0 ? strerror(-fd3) : "succeeded");
		return 1;
	}
	close(fd3);
	printf("rebind of 127.0.0.1:%d after close() failed with EADDRINUSE: forked child %d "
	       "still held the socket; once it exited, bind succeeded\n",
	       PORT, (int)child);
	return 0;
}
