/*
 * The i386 ABI from a 64-bit process ("int $0x80"): structures that hold
 * pointers and longs shrink to 4-byte words, control messages align to 4.
 * msghdr/iovec/cmsghdr in sendmsg and recvmsg (a descriptor passed with
 * SCM_RIGHTS), mmsghdr in sendmmsg/recvmmsg with a 32-bit timespec,
 * sock_fprog in setsockopt.  Everything lives below 4 GiB (MAP_32BIT).
 * Exits 77 (skip) where the kernel refuses int $0x80.
 */
#include "nettest.h"

#include <stdint.h>
#include <sys/wait.h>

/* i386 syscall numbers (<asm/unistd_32.h>) */
enum {
	NR32_recvmmsg = 337,
	NR32_sendmmsg = 345,
	NR32_socket = 359,
	NR32_socketpair = 360,
	NR32_getsockopt = 365,
	NR32_setsockopt = 366,
	NR32_sendmsg = 370,
	NR32_recvmsg = 372,
};

static long int80(long nr, long a, long b, long c, long d, long e)
{
	long r;
	__asm__ volatile("int $0x80"
			 : "=a"(r)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory");
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

struct msghdr32 {
	uint32_t name, namelen, iov, iovlen, control, controllen, flags;
};
struct iovec32 {
	uint32_t base, len;
};
struct mmsghdr32 {
	struct msghdr32 hdr;
	uint32_t len;
};

static uint32_t lo32(const void *p)
{
	return (uint32_t)(uintptr_t)p;
}

int main(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int80(20, 0, 0, 0, 0, 0);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 77;
	char *low = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (low == MAP_FAILED)
		return 77;

	int *sv = (int *)low;
	long r = int80(NR32_socketpair, AF_UNIX, SOCK_DGRAM, 0, (long)sv, 0);
	expect("~ .*\\b32[- ]bit\\b.*");
	expect("socketpair(AF_UNIX, SOCK_DGRAM, 0, [%d, %d]) = %s", sv[0], sv[1], res(r));
	int fd = (int)int80(NR32_socket, AF_INET, SOCK_DGRAM, 0, 0, 0);
	expect("socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = %s", res(fd));

	/* sendmsg: 28-byte msghdr, 8-byte iovec, 12-byte cmsghdr */
	char *data = low + 64;
	memcpy(data, "hi!", 3);
	struct iovec32 *iov = (struct iovec32 *)(low + 128);
	*iov = (struct iovec32){lo32(data), 3};
	uint32_t *cm = (uint32_t *)(low + 192);
	cm[0] = 16;
	cm[1] = SOL_SOCKET;
	cm[2] = SCM_RIGHTS;
	cm[3] = (uint32_t)fd;
	struct msghdr32 *mh = (struct msghdr32 *)(low + 256);
	*mh = (struct msghdr32){0, 0, lo32(iov), 1, lo32(cm), 16, 0};
	r = int80(NR32_sendmsg, sv[0], (long)mh, 0, 0, 0);
	expect(
	    "sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi!\", iov_len=3}], "
	    "msg_iovlen=1, msg_control=[{cmsg_len=16, cmsg_level=SOL_SOCKET, "
	    "cmsg_type=SCM_RIGHTS, cmsg_data=[%d]}], msg_controllen=16, msg_flags=0}, 0) = %s",
	    sv[0], fd, res(r));

	char *rbuf = low + 512;
	struct iovec32 *riov = (struct iovec32 *)(low + 640);
	*riov = (struct iovec32){lo32(rbuf), 64};
	uint32_t *rcm = (uint32_t *)(low + 704);
	struct msghdr32 *rm = (struct msghdr32 *)(low + 832);
	*rm = (struct msghdr32){0, 0, lo32(riov), 1, lo32(rcm), 64, 0};
	r = int80(NR32_recvmsg, sv[1], (long)rm, 0, 0, 0);
	expect(
	    "recvmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi!\", iov_len=64}], "
	    "msg_iovlen=1, msg_control=[{cmsg_len=16, cmsg_level=SOL_SOCKET, "
	    "cmsg_type=SCM_RIGHTS, cmsg_data=[%d]}], msg_controllen=16, msg_flags=0}, 0) = %s",
	    sv[1], (int)rcm[3], res(r));
	close((int)rcm[3]);

	/* sendmmsg and recvmmsg: 32-byte mmsghdr, 8-byte timespec */
	struct mmsghdr32 *mm = (struct mmsghdr32 *)(low + 1024);
	memset(mm, 0, 2 * sizeof(*mm));
	mm[0].hdr = (struct msghdr32){0, 0, lo32(iov), 1, 0, 0, 0};
	mm[1].hdr = (struct msghdr32){0, 0, lo32(iov), 1, 0, 0, 0};
	r = int80(NR32_sendmmsg, sv[0], (long)mm, 2, 0, 0);
	expect("sendmmsg(%d, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi!\", "
	       "iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}, "
	       "{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi!\", iov_len=3}], "
	       "msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}], 2, 0) = %s",
	       sv[0], res(r));
	struct mmsghdr32 *rmm = (struct mmsghdr32 *)(low + 1152);
	memset(rmm, 0, 2 * sizeof(*rmm));
	rmm[0].hdr = (struct msghdr32){0, 0, lo32(riov), 1, 0, 0, 0};
	rmm[1].hdr = (struct msghdr32){0, 0, lo32(riov), 1, 0, 0, 0};
	int32_t *ts = (int32_t *)(low + 1280);
	ts[0] = 5;
	ts[1] = 0;
	r = int80(NR32_recvmmsg, sv[1], (long)rmm, 2, MSG_DONTWAIT, (long)ts);
	expect("recvmmsg(%d, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi!\", "
	       "iov_len=64}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}, "
	       "{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi!\", iov_len=64}], "
	       "msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}], 2, MSG_DONTWAIT, "
	       "{tv_sec=5, tv_nsec=0}) = %s (left {tv_sec=%d, tv_nsec=%d})",
	       sv[1], res(r), ts[0], ts[1]);

	/* sock_fprog: an unsigned short and a 4-byte pointer */
	uint32_t *fprog = (uint32_t *)(low + 1408);
	fprog[0] = 3;
	fprog[1] = 0x1234;
	r = int80(NR32_setsockopt, fd, SOL_SOCKET, SO_ATTACH_FILTER, (long)fprog, 8);
	expect("setsockopt(%d, SOL_SOCKET, SO_ATTACH_FILTER, {len=3, filter=0x1234}, 8) = %s", fd,
	       res(r));
	int *val = (int *)(low + 1472);
	uint32_t *len = (uint32_t *)(low + 1480);
	*len = 8;
	r = int80(NR32_getsockopt, fd, SOL_SOCKET, SO_TYPE, (long)val, (long)len);
	expect("getsockopt(%d, SOL_SOCKET, SO_TYPE, [%d], [8 => 4]) = %s", fd, *val, res(r));
	return 0;
}
