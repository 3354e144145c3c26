// SPDX-License-Identifier: GPL-2.0
/*
 * Receiver of the QEMU test traffic (qemu/init): the host side, played by
 * the test endpoint controller driver (patches/test/), sends COUNT UDP
 * datagrams to port 9000 of the endpoint's ntb_netdev interface.  Each
 * payload starts with its number (big endian); its length and the bytes
 * after the number come from xorshift32 seeded as traffic_seed() below,
 * the same generator as the driver's, so every byte is compared.
 *
 * Runs until all COUNT datagrams arrived intact or SIGTERM, then prints
 * one line for the host's log parser (scripts/qemu-verdict.sh):
 *   ntb-dma-rx: expected=N received=N ok=N bad=N dup=N
 * Usage: udp-receiver COUNT SEED
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PORT		9000
#define PAYLOAD_MIN	64
#define PAYLOAD_SPAN	961
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

/* Is @buf (@len bytes) datagram @seq as the host generates it? */
static int intact(const unsigned char *buf, size_t len, uint32_t seed,
		  uint32_t seq)
{
	uint32_t state = traffic_seed(seed, seq);
	size_t i;

	if (len != PAYLOAD_MIN + xorshift32(&state) % PAYLOAD_SPAN)
		return 0;
	for (i = 4; i < len; i++)
		if (buf[i] != (unsigned char)(xorshift32(&state) >> 24))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	static unsigned char seen[MAX_COUNT];
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(PORT),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	struct sigaction sa = { .sa_handler = on_term };
	unsigned int count, received = 0, ok = 0, bad = 0, dup = 0;
	unsigned char buf[2048];
	uint32_t seed, seq;
	ssize_t len;
	int fd;

	if (argc != 3 || (count = strtoul(argv[1], NULL, 0)) == 0 ||
	    count > MAX_COUNT) {
		fprintf(stderr, "usage: udp-receiver COUNT(1-%d) SEED\n", MAX_COUNT);
		return 2;
	}
	seed = strtoul(argv[2], NULL, 0);

	/* No SA_RESTART: SIGTERM must end the recv() below */
	sigaction(SIGTERM, &sa, NULL);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("udp-receiver: socket");
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
		if (seq >= count || !intact(buf, len, seed, seq)) {
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
