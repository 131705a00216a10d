/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A pcap writer for lmisf-mdf: each X2/X3 connection becomes a synthetic
 * TCP stream (handshake, one data segment per PDU chunk each way, FIN) in
 * raw-IP frames with correct checksums, so that
 *   tshark -r FILE -d tcp.port==PORT,5gli
 * decodes what the MDF received (TLS already removed).
 */
#ifndef LMISF_MDF_PCAPW_H
#define LMISF_MDF_PCAPW_H

#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

struct pcapw_flow {
	struct sockaddr_storage cli, srv;
	uint32_t cli_seq, srv_seq;
};

/* 0 or -errno. */
int pcapw_open(FILE **f, const char *path);
void pcapw_flow_start(FILE *f, struct pcapw_flow *fl,
		      const struct sockaddr_storage *cli,
		      const struct sockaddr_storage *srv);
/* @from_client: direction of @data. */
void pcapw_data(FILE *f, struct pcapw_flow *fl, int from_client,
		const uint8_t *data, size_t len);
void pcapw_flow_end(FILE *f, struct pcapw_flow *fl);

#endif
