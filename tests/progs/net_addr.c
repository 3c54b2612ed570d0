/*
 * Socket addresses by family, given to bind and connect on descriptor -1
 * (EBADF: nothing is bound; the address is still shown): AF_NETLINK,
 * AF_PACKET (protocol, interface, hardware type, packet type, address
 * bytes), AF_VSOCK, families without a decoder (sa_data), lengths too short for the
 * family's struct, an address that ends where readable memory ends.
 */
#include "nettest.h"

#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/vm_sockets.h>

static void netlink(void)
{
	struct sockaddr_nl snl = {.nl_family = AF_NETLINK, .nl_pid = 1234, .nl_groups = 5};
	long r;

	r = syscall(SYS_bind, -1, &snl, sizeof(snl));
	expect("bind(-1, {sa_family=AF_NETLINK, nl_pid=1234, nl_groups=0x000005}, 12) = %s",
	       res(r));
	snl.nl_pid = 0;
	snl.nl_groups = 0;
	r = syscall(SYS_connect, -1, &snl, sizeof(snl));
	expect("connect(-1, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = %s",
	       res(r));
	snl.nl_groups = 0xffffffff;
	r = syscall(SYS_connect, -1, &snl, sizeof(snl));
	expect("connect(-1, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=0xffffffff}, 12) = %s",
	       res(r));
	/* The padding shows when it is not zero */
	snl.nl_pad = 0x302;
	r = syscall(SYS_connect, -1, &snl, sizeof(snl));
	expect("connect(-1, {sa_family=AF_NETLINK, nl_pad=0x302, nl_pid=0, nl_groups=0xffffffff}, "
	       "12) = %s",
	       res(r));
	snl.nl_pad = 0;
	r = syscall(SYS_bind, -1, &snl, 8);
	expect("bind(-1, {sa_family=AF_NETLINK, sa_data=\"\\0\\0\\0\\0\\0\\0\"}, 8) = %s", res(r));
}

static void packet(void)
{
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL),
				  .sll_ifindex = 1,
				  .sll_hatype = ARPHRD_ETHER,
				  .sll_pkttype = PACKET_HOST,
				  .sll_halen = 6,
				  .sll_addr = {1, 2, 3, 4, 5, 0xff, 7, 8}};
	long r;

	r = syscall(SYS_bind, -1, &sll, sizeof(sll));
	expect(
	    "bind(-1, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ALL), "
	    "sll_ifindex=if_nametoindex(\"lo\"), sll_hatype=ARPHRD_ETHER, sll_pkttype=PACKET_HOST, "
	    "sll_halen=6, sll_addr=[0x1, 0x2, 0x3, 0x4, 0x5, 0xff]}, 20) = %s",
	    res(r));
	/* More address bytes than sll_addr holds; names nobody has */
	sll.sll_protocol = htons(0x1234);
	sll.sll_ifindex = 99999;
	sll.sll_hatype = 0xfff;
	sll.sll_pkttype = 77;
	sll.sll_halen = 10;
	r = syscall(SYS_bind, -1, &sll, sizeof(sll));
	expect("bind(-1, {sa_family=AF_PACKET, sll_protocol=htons(0x1234 /* ETH_P_??? */), "
	       "sll_ifindex=99999, sll_hatype=0xfff /* ARPHRD_??? */, "
	       "sll_pkttype=0x4d /* PACKET_??? */, sll_halen=10, "
	       "sll_addr=[0x1, 0x2, 0x3, 0x4, 0x5, 0xff, 0x7, 0x8, ...]}, 20) = %s",
	       res(r));
	/* Past sll_addr's 8 bytes when the length has room for them */
	struct {
		struct sockaddr_ll ll;
		unsigned char more[4];
	} big = {sll, {9, 10, 11, 12}};
	r = syscall(SYS_bind, -1, &big, 24);
	expect("bind(-1, {sa_family=AF_PACKET, sll_protocol=htons(0x1234 /* ETH_P_??? */), "
	       "sll_ifindex=99999, sll_hatype=0xfff /* ARPHRD_??? */, "
	       "sll_pkttype=0x4d /* PACKET_??? */, sll_halen=10, "
	       "sll_addr=[0x1, 0x2, 0x3, 0x4, 0x5, 0xff, 0x7, 0x8, 0x9, 0xa]}, 24) = %s",
	       res(r));
	sll.sll_protocol = htons(ETH_P_IPV6);
	sll.sll_ifindex = 0;
	sll.sll_hatype = ARPHRD_LOOPBACK;
	sll.sll_pkttype = PACKET_OUTGOING;
	sll.sll_halen = 0;
	r = syscall(SYS_bind, -1, &sll, sizeof(sll));
	expect("bind(-1, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_IPV6), sll_ifindex=0, "
	       "sll_hatype=ARPHRD_LOOPBACK, sll_pkttype=PACKET_OUTGOING, sll_halen=0}, 20) = %s",
	       res(r));
	r = syscall(SYS_bind, -1, &sll, 12);
	expect("bind(-1, {sa_family=AF_PACKET, sa_data=%s}, 12) = %s", esc((char *)&sll + 2, 10),
	       res(r));
}

static void vsock(void)
{
	struct sockaddr_vm svm = {
	    .svm_family = AF_VSOCK, .svm_cid = VMADDR_CID_HOST, .svm_port = 1234};
	long r;

	r = syscall(SYS_connect, -1, &svm, sizeof(svm));
	expect("connect(-1, {sa_family=AF_VSOCK, svm_cid=VMADDR_CID_HOST, svm_port=0x4d2, "
	       "svm_flags=0}, 16) = %s",
	       res(r));
	svm.svm_cid = 3;
	svm.svm_port = VMADDR_PORT_ANY;
	svm.svm_flags = VMADDR_FLAG_TO_HOST | 0x4;
	svm.svm_reserved1 = 7;
	svm.svm_zero[1] = 0x20;
	r = syscall(SYS_bind, -1, &svm, sizeof(svm));
	expect("bind(-1, {sa_family=AF_VSOCK, svm_reserved1=0x7, svm_cid=0x3, "
	       "svm_port=VMADDR_PORT_ANY, svm_flags=VMADDR_FLAG_TO_HOST|0x4, "
	       "svm_zero=\"\\x00\\x20\\x00\"}, 16) = %s",
	       res(r));
	svm.svm_flags = 8;
	r = syscall(SYS_bind, -1, &svm, sizeof(svm));
	expect("bind(-1, {sa_family=AF_VSOCK, svm_reserved1=0x7, svm_cid=0x3, "
	       "svm_port=VMADDR_PORT_ANY, svm_flags=0x8 /* VMADDR_FLAG_??? */, "
	       "svm_zero=\"\\x00\\x20\\x00\"}, 16) = %s",
	       res(r));
}

static void others(void)
{
	struct {
		unsigned short family;
		char data[30];
	} sa = {9999, "abcdefgh\001\377"};
	long r;

	r = syscall(SYS_bind, -1, &sa, 22);
	expect("bind(-1, {sa_family=0x270f /* AF_??? */, sa_data=%s}, 22) = %s", esc(sa.data, 20),
	       res(r));
	r = syscall(SYS_bind, -1, &sa, 4);
	expect("bind(-1, {sa_family=0x270f /* AF_??? */, sa_data=\"ab\"}, 4) = %s", res(r));
	r = syscall(SYS_bind, -1, &sa, 2);
	expect("bind(-1, {sa_family=0x270f /* AF_??? */}, 2) = %s", res(r));
	sa.family = AF_UNSPEC;
	r = syscall(SYS_connect, -1, &sa, 16);
	expect("connect(-1, {sa_family=AF_UNSPEC, sa_data=%s}, 16) = %s", esc(sa.data, 14), res(r));
	sa.family = AF_DECnet;
	r = syscall(SYS_connect, -1, &sa, 8);
	expect("connect(-1, {sa_family=AF_DECnet, sa_data=\"abcdef\"}, 8) = %s", res(r));
	/* An AF_INET6 address too short for sin6_flowinfo and the address */
	struct sockaddr_in6 s6 = {.sin6_family = AF_INET6, .sin6_port = htons(80)};
	r = syscall(SYS_connect, -1, &s6, 20);
	expect("connect(-1, {sa_family=AF_INET6, sa_data=%s}, 20) = %s", esc((char *)&s6 + 2, 18),
	       res(r));
	/* sa_family readable, the page ends right after the address */
	char *page = page_before_hole();
	memset(page + 4092, 0, 4);
	r = syscall(SYS_connect, -1, page + 4092, 4);
	expect("connect(-1, {sa_family=AF_UNSPEC, sa_data=\"\\0\\0\"}, 4) = %s", res(r));
	r = syscall(SYS_connect, -1, page + 4092, 5);
	expect("connect(-1, %p, 5) = %s", (void *)(page + 4092), res(r));
}

int main(void)
{
	netlink();
	packet();
	vsock();
	others();
	return 0;
}
