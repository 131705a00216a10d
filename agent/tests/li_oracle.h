/* SPDX-License-Identifier: GPL-2.0 */
/*
 * li_oracle.h - test helpers for the record codecs: locate the source
 * tree and the optional outside test data, run a command, and write a
 * pcap with one TCP stream so tshark can dissect what we encoded.
 * Header-only; included by one test program at a time.
 */
#ifndef LMISF_TESTS_LI_ORACLE_H
#define LMISF_TESTS_LI_ORACLE_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Repository root: LMISF_SRCDIR, else the first parent of the working
 * directory holding agent/Makefile. */
static inline const char *li_srcdir(void)
{
	static char root[PATH_MAX];
	const char *env = getenv("LMISF_SRCDIR");
	char probe[PATH_MAX + 32], *slash;
	int up;

	if (env)
		return env;
	if (!getcwd(root, sizeof(root) - 16))
		return NULL;
	for (up = 0; up < 6; up++) {
		snprintf(probe, sizeof(probe), "%s/agent/Makefile", root);
		if (!access(probe, R_OK))
			return root;
		slash = strrchr(root, '/');
		if (!slash || slash == root)
			return NULL;
		*slash = '\0';
	}
	return NULL;
}

/* ../shared/testdata beside the repository, or LMISF_TESTDATA. */
static inline const char *li_testdata(void)
{
	static char path[PATH_MAX + 32];
	const char *env = getenv("LMISF_TESTDATA");
	const char *root;

	if (env)
		return access(env, R_OK) ? NULL : env;
	root = li_srcdir();
	if (!root)
		return NULL;
	snprintf(path, sizeof(path), "%s/../shared/testdata", root);
	return access(path, R_OK) ? NULL : path;
}

static inline int li_run(const char *cmd, char *out, size_t size)
{
	FILE *p = popen(cmd, "r");
	size_t n = 0, k;

	if (!p)
		return -1;
	while (n + 1 < size && (k = fread(out + n, 1, size - 1 - n, p)) > 0)
		n += k;
	out[n] = '\0';
	/* Drain what did not fit so the child is not killed by SIGPIPE. */
	while (fread(&k, 1, sizeof(k), p) > 0)
		;
	return pclose(p);
}

static inline int li_have(const char *prog)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", prog);
	return system(cmd) == 0;
}

/* ---- asn1c: an independent BER decoder built at test time ---------- */

/* Whitespace-free copy of XER output: its layout is asn1c's business. */
static inline void li_squash(char *s)
{
	char *d = s;

	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t')
			*d++ = *s;
	*d = '\0';
}

/*
 * li_asn1c_build - compile agent/tests/asn1/@asn with asn1c for PDU @pdu,
 * producing @dir/dec (@dir at least PATH_MAX bytes). The build is cached
 * under agent/build/asn1c/, keyed by the source's content, because it
 * costs seconds on a loaded machine and every fixture asks for it.
 * Returns 0, 1 when asn1c/cc/the source is unavailable (skip), -1 when
 * the build failed.
 */
static inline int li_asn1c_build(char *dir, const char *asn, const char *pdu)
{
	char path[PATH_MAX], tmp[PATH_MAX], cmd[4 * PATH_MAX];
	const char *root = li_srcdir();
	uint32_t h = 2166136261u;
	FILE *f;
	int c;

	if (!li_have("asn1c") || !li_have("cc") || !root)
		return 1;
	if (snprintf(path, sizeof(path), "%s/agent/tests/asn1/%s", root, asn) >=
	    (int)sizeof(path))
		return 1;
	f = fopen(path, "r");
	if (!f)
		return 1;
	while ((c = fgetc(f)) != EOF)
		h = (h ^ (uint8_t)c) * 16777619u;
	fclose(f);
	h = (h ^ (uint32_t)strlen(pdu)) * 16777619u;
	if (snprintf(dir, PATH_MAX - 32, "%s/agent/build/asn1c/%s-%08x", root,
		     pdu, h) >= PATH_MAX - 32)
		return 1;
	snprintf(tmp, sizeof(tmp), "%s/dec", dir);
	if (!access(tmp, X_OK))
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp-%d", dir, (int)getpid());
	/* asn1c's generated sources are not ours to hold to -Werror. */
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p '%s' && cd '%s' && "
		 "asn1c -fcompound-names -pdu=%s '%s' >asn1c.log 2>&1 && "
		 "rm -f converter-example.c && "
		 "cc -w -I. -DPDU=%s -o dec *.c -lm >cc.log 2>&1",
		 tmp, tmp, pdu, path, pdu);
	if (system(cmd))
		return -1;
	/* Publish atomically; a concurrent build that won is as good. */
	if (rename(tmp, dir)) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		if (system(cmd))
			return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s/dec", dir);
	return access(tmp, X_OK) ? -1 : 0;
}

/* Decode @len BER bytes with @dir/dec into squashed XER in @out. */
static inline int li_asn1c_decode(const char *dir, const void *ber, size_t len,
				  char *out, size_t size)
{
	char path[PATH_MAX + 32], cmd[3 * PATH_MAX];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s.msg-%d.ber", dir, (int)getpid());
	f = fopen(path, "wb");
	if (!f)
		return -1;
	rc = fwrite(ber, 1, len, f) == len;
	if (fclose(f) || !rc)
		return -1;
	snprintf(cmd, sizeof(cmd), "%s/dec -iber -oxer %s 2>&1", dir, path);
	rc = li_run(cmd, out, size);
	unlink(path);
	li_squash(out);
	return rc;
}

/* ---- pcap: raw IPv4 (LINKTYPE_RAW), one TCP connection ------------ */

struct li_pcap {
	FILE *f;
	uint32_t seq;
	uint16_t dport;
	uint32_t ts;
};

static inline void li_w32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4); /* pcap record headers are host order */
}

static inline int li_pcap_open(struct li_pcap *c, const char *path,
			       uint16_t dport)
{
	/* Classic pcap file header, host byte order. */
	struct {
		uint32_t magic;
		uint16_t major, minor;
		int32_t zone;
		uint32_t sigfigs, snaplen, linktype;
	} h = { 0xa1b2c3d4, 2, 4, 0, 0, 262144, 101 /* LINKTYPE_RAW */ };

	c->f = fopen(path, "wb");
	if (!c->f)
		return -1;
	if (fwrite(&h, sizeof(h), 1, c->f) != 1)
		return -1;
	c->seq = 1000;
	c->dport = dport;
	c->ts = 1700000000;
	return 0;
}

static inline uint16_t li_csum(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* One TCP segment 192.0.2.1:40000 -> 192.0.2.2:dport carrying @data. */
static inline int li_pcap_tcp(struct li_pcap *c, const void *data, size_t len)
{
	size_t tot = 20 + 20 + len;
	uint8_t *pkt = calloc(1, tot), rec[16];
	uint32_t sum;
	int ok;

	if (!pkt || tot > 65535)
		return free(pkt), -1;
	pkt[0] = 0x45;
	pkt[2] = tot >> 8;
	pkt[3] = tot;
	pkt[8] = 64;
	pkt[9] = 6;
	memcpy(pkt + 12, "\xc0\x00\x02\x01\xc0\x00\x02\x02", 8);
	sum = li_csum(pkt, 20, 0);
	pkt[10] = sum >> 8;
	pkt[11] = sum;
	pkt[20] = 40000 >> 8;
	pkt[21] = 40000 & 0xff;
	pkt[22] = c->dport >> 8;
	pkt[23] = c->dport;
	pkt[24] = c->seq >> 24;
	pkt[25] = c->seq >> 16;
	pkt[26] = c->seq >> 8;
	pkt[27] = c->seq;
	pkt[32] = 5 << 4;
	pkt[33] = 0x18; /* PSH, ACK */
	pkt[28 + 3] = 1;
	pkt[34] = 0xff;
	pkt[35] = 0xff;
	memcpy(pkt + 40, data, len);
	/* TCP checksum over the pseudo header. */
	sum = (0xc000 + 0x0201) + (0xc000 + 0x0202) + 6 + (20 + len);
	sum = li_csum(pkt + 20, 20 + len, sum);
	pkt[36] = sum >> 8;
	pkt[37] = sum;
	c->seq += len;
	li_w32(rec, c->ts++);
	li_w32(rec + 4, 0);
	li_w32(rec + 8, tot);
	li_w32(rec + 12, tot);
	ok = fwrite(rec, 1, 16, c->f) == 16 && fwrite(pkt, 1, tot, c->f) == tot;
	free(pkt);
	return ok ? 0 : -1;
}

static inline int li_pcap_close(struct li_pcap *c)
{
	return fclose(c->f);
}

#endif /* LMISF_TESTS_LI_ORACLE_H */
