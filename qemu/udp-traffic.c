// SPDX-License-Identifier: GPL-2.0
/*
 * The endpoint's side of the QEMU test traffic (qemu/init).  The host
 * side, played by the test endpoint controller driver (patches/test/), is
 * 192.0.2.2; the endpoint's ntb_netdev interface 192.0.2.1; both use UDP
 * port 9000.  Each payload starts with its number (big endian); its
 * length and the bytes after the number come from xorshift32 seeded as
 * traffic_seed() below, the same generator as the driver's, so that every
 * byte is compared on the receiving side.
 *
 *   udp-traffic recv COUNT SEED
 *     receive until COUNT datagrams arrived intact or SIGTERM, then print
 *     one line for the host's log parser (scripts/qemu-verdict.sh):
 *       ntb-dma-rx: expected=N received=N ok=N bad=N dup=N
 *   udp-traffic send COUNT SEED
 *     send COUNT datagrams to the host side (the driver compares them)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define HOST_IP		"192.0.2.2"
#define PORT		9000
#define PAYLOAD_MIN	64
#define PAYLOAD_SPAN	961
#define PAYLOAD_MAX	(PAYLOAD_MIN + PAYLOAD_SPAN)
#define MAX_COUNT	4096

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	stop = 1;
}

static uint32_t xorshift32(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

static uint32_t traffic_seed(uint32_t seed, uint32_t seq)
{
	uint32_t state = seed ^ ((seq + 1) * 0x9e3779b9u);

	return state ? state : 1;
}

/* The payload of datagram @seq; returns its length */
static size_t traffic_payload(unsigned char *data, uint32_t seed, uint32_t seq)
{
	uint32_t state = traffic_seed(seed, seq);
	size_t len = PAYLOAD_MIN + xorshift32(&state) % PAYLOAD_SPAN;
	size_t i;

	for (i = 0; i < 4; i++)
		data[i] = seq >> (24 - 8 * i);
	for (; i < len; i++)
		data[i] = xorshift32(&state) >> 24;
	return len;
}

static int receive(int fd, unsigned int count, uint32_t seed)
{
	static unsigned char seen[MAX_COUNT];
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(PORT),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	struct sigaction sa = { .sa_handler = on_term };
	/* recv() wakes up to see a SIGTERM that came just before it */
	struct timeval tick = { .tv_usec = 200000 };
	unsigned int received = 0, ok = 0, bad = 0, dup = 0;
	unsigned char buf[2048], expected[PAYLOAD_MAX];
	uint32_t seq;
	ssize_t len;

	/* No SA_RESTART: SIGTERM must end the recv() below */
	sigaction(SIGTERM, &sa, NULL);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof(tick)) ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("udp-traffic: bind");
		return 1;
	}
	/* Bound: the host may send */
	printf("ntb-dma-rx: listening port=%d\n", PORT);
	fflush(stdout);

	while (!stop && ok < count) {
		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0)
			continue;
		received++;
		if (len < 4) {
			bad++;
			continue;
		}
		seq = (uint32_t)buf[0] << 24 | buf[1] << 16 | buf[2] << 8 | buf[3];
		if (seq >= count ||
		    (size_t)len != traffic_payload(expected, seed, seq) ||
		    memcmp(buf, expected, len)) {
			bad++;
		} else if (seen[seq]) {
			dup++;
		} else {
			seen[seq] = 1;
			ok++;
		}
	}
	printf("ntb-dma-rx: expected=%u received=%u ok=%u bad=%u dup=%u\n",
	       count, received, ok, bad, dup);
	return 0;
}

static int send_all(int fd, unsigned int count, uint32_t seed)
{
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(PORT),
	};
	unsigned char buf[PAYLOAD_MAX];
	unsigned int seq;
	size_t len;

	inet_pton(AF_INET, HOST_IP, &to.sin_addr);
	for (seq = 0; seq < count; seq++) {
		len = traffic_payload(buf, seed, seq);
		if (sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
			perror("udp-traffic: sendto");
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int count;
	uint32_t seed;
	int fd;

	if (argc != 4 || (strcmp(argv[1], "recv") && strcmp(argv[1], "send")) ||
	    (count = strtoul(argv[2], NULL, 0)) == 0 || count > MAX_COUNT) {
		fprintf(stderr, "usage: udp-traffic recv|send COUNT(1-%d) SEED\n",
			MAX_COUNT);
		return 2;
	}
	seed = strtoul(argv[3], NULL, 0);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("udp-traffic: socket");
		return 1;
	}
	if (!strcmp(argv[1], "recv"))
		return receive(fd, count, seed);
	return send_all(fd, count, seed);
}
