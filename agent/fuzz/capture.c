// SPDX-License-Identifier: GPL-2.0
/*
 * capture.c - seed capture for the fuzz corpora (fuzz/mkcorpus.sh): linked
 * into a unit test with -Wl,--wrap=FN for each parser entry point below,
 * it writes every input the test hands to a parser into
 * $FUZZ_CAPTURE_DIR/<fuzz target>/, named by a hash of the bytes, then
 * calls the real parser. So the corpora start from the unit tests' own
 * vectors (valid records, known-bad ones, boundary cases), in the format
 * each target reads, and follow the tests when they change. The targets
 * that read scripts (fuzz_ims, fuzz_decode) are recorded by
 * capture_script.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "capture.h"
#include "config.h"
#include "iqf.pb-c.h"
#include "iri.h"
#include "lixer.h"
#include "nlsource.h"
#include "pcap_source.h"
#include "sdp.h"
#include "sip.h"
#include "spool.h"
#include "tasks.h"
#include "x2x3.h"

void capture_save2(const char *target, const void *pre, size_t npre,
		   const void *buf, size_t len)
{
	const char *root = getenv("FUZZ_CAPTURE_DIR");
	uint64_t h = 1469598103934665603ULL;
	char path[4096];
	FILE *f;
	size_t i;

	if (!root || npre + len > CAPTURE_MAX || (!buf && len))
		return;
	for (i = 0; i < npre; i++)
		h = (h ^ ((const uint8_t *)pre)[i]) * 1099511628211ULL;
	for (i = 0; i < len; i++)
		h = (h ^ ((const uint8_t *)buf)[i]) * 1099511628211ULL;
	snprintf(path, sizeof(path), "%s/%s", root, target);
	if (mkdir(path, 0755) && errno != EEXIST)
		return;
	snprintf(path, sizeof(path), "%s/%s/%016llx", root, target,
		 (unsigned long long)h);
	f = fopen(path, "wb");
	if (!f)
		return;
	if (npre)
		fwrite(pre, 1, npre, f);
	if (len)
		fwrite(buf, 1, len, f);
	fclose(f);
}

static void save(const char *target, const void *buf, size_t len)
{
	capture_save2(target, NULL, 0, buf, len);
}

int __real_iri_decode(const uint8_t *buf, size_t len, struct iri_event *ev,
		      uint32_t oid[IRI_OID_ARCS], struct ber_error *err);
int __wrap_iri_decode(const uint8_t *buf, size_t len, struct iri_event *ev,
		      uint32_t oid[IRI_OID_ARCS], struct ber_error *err);
int __wrap_iri_decode(const uint8_t *buf, size_t len, struct iri_event *ev,
		      uint32_t oid[IRI_OID_ARCS], struct ber_error *err)
{
	save("fuzz_iri", buf, len);
	save("fuzz_ber", buf, len);
	return __real_iri_decode(buf, len, ev, oid, err);
}

int __real_lixer_decode(const uint8_t *buf, size_t len, struct lixer_msg *m,
			struct ber_error *err);
int __wrap_lixer_decode(const uint8_t *buf, size_t len, struct lixer_msg *m,
			struct ber_error *err);
int __wrap_lixer_decode(const uint8_t *buf, size_t len, struct lixer_msg *m,
			struct ber_error *err)
{
	save("fuzz_lixer", buf, len);
	save("fuzz_ber", buf, len);
	save("fuzz_icf_ingest", buf, len);
	return __real_lixer_decode(buf, len, m, err);
}

int __real_x2x3_parse(const uint8_t *buf, size_t len,
		      const struct x2x3_limits *lim, struct x2x3_pdu *p,
		      struct x2x3_error *err);
int __wrap_x2x3_parse(const uint8_t *buf, size_t len,
		      const struct x2x3_limits *lim, struct x2x3_pdu *p,
		      struct x2x3_error *err);
int __wrap_x2x3_parse(const uint8_t *buf, size_t len,
		      const struct x2x3_limits *lim, struct x2x3_pdu *p,
		      struct x2x3_error *err)
{
	save("fuzz_x2x3", buf, len);
	return __real_x2x3_parse(buf, len, lim, p, err);
}

int __real_config_parse(struct lm_config *cfg, const char *text,
			const char *name, char *err, size_t errlen);
int __wrap_config_parse(struct lm_config *cfg, const char *text,
			const char *name, char *err, size_t errlen);
int __wrap_config_parse(struct lm_config *cfg, const char *text,
			const char *name, char *err, size_t errlen)
{
	save("fuzz_config", text, strlen(text));
	return __real_config_parse(cfg, text, name, err, errlen);
}

int __real_task_parse_line(const char *line, struct task *t, char *err,
			   size_t errlen);
int __wrap_task_parse_line(const char *line, struct task *t, char *err,
			   size_t errlen);
int __wrap_task_parse_line(const char *line, struct task *t, char *err,
			   size_t errlen)
{
	save("fuzz_config", line, strlen(line));
	return __real_task_parse_line(line, t, err, errlen);
}

void __real_nlsource_input(struct nlsource *ns, const void *buf, size_t len);
void __wrap_nlsource_input(struct nlsource *ns, const void *buf, size_t len);
void __wrap_nlsource_input(struct nlsource *ns, const void *buf, size_t len)
{
	save("fuzz_nlsource", buf, len);
	__real_nlsource_input(ns, buf, len);
}

int __real_sdp_parse(struct sdp_session *s, const char *buf, size_t len,
		     struct sip_error *err);
int __wrap_sdp_parse(struct sdp_session *s, const char *buf, size_t len,
		     struct sip_error *err);
int __wrap_sdp_parse(struct sdp_session *s, const char *buf, size_t len,
		     struct sip_error *err)
{
	save("fuzz_sdp", buf, len);
	return __real_sdp_parse(s, buf, len, err);
}

int __real_sip_parse(struct sip_msg *m, const char *buf, size_t len,
		     unsigned int flags, struct sip_error *err);
int __wrap_sip_parse(struct sip_msg *m, const char *buf, size_t len,
		     unsigned int flags, struct sip_error *err);
int __wrap_sip_parse(struct sip_msg *m, const char *buf, size_t len,
		     unsigned int flags, struct sip_error *err)
{
	save("fuzz_sip", buf, len);
	return __real_sip_parse(m, buf, len, flags, err);
}

/* The query socket's framing: a 4-octet length, then the message. */
Lmisf__Iqf__ClientMessage *
__real_lmisf__iqf__client_message__unpack(ProtobufCAllocator *a, size_t len,
					  const uint8_t *data);
Lmisf__Iqf__ClientMessage *
__wrap_lmisf__iqf__client_message__unpack(ProtobufCAllocator *a, size_t len,
					  const uint8_t *data);
Lmisf__Iqf__ClientMessage *
__wrap_lmisf__iqf__client_message__unpack(ProtobufCAllocator *a, size_t len,
					  const uint8_t *data)
{
	uint8_t be[4] = { len >> 24, len >> 16, len >> 8, len };

	capture_save2("fuzz_iqf", be, 4, data, len);
	return __real_lmisf__iqf__client_message__unpack(a, len, data);
}

/* Spool segments: copied from the spool's directory once it is closed. */
struct spool_dir {
	struct spool *sp;
	char *dir;
	struct spool_dir *next;
};

static struct spool_dir *spool_dirs;

int __real_spool_open(struct spool **out, const char *dir,
		      const struct spool_opts *o, char *err, size_t errlen);
int __wrap_spool_open(struct spool **out, const char *dir,
		      const struct spool_opts *o, char *err, size_t errlen);
int __wrap_spool_open(struct spool **out, const char *dir,
		      const struct spool_opts *o, char *err, size_t errlen)
{
	int rc = __real_spool_open(out, dir, o, err, errlen);
	struct spool_dir *d;

	if (!rc && (d = calloc(1, sizeof(*d)))) {
		d->sp = *out;
		d->dir = strdup(dir);
		d->next = spool_dirs;
		spool_dirs = d;
	}
	return rc;
}

static void save_file(const char *target, const char *path)
{
	static uint8_t buf[CAPTURE_MAX];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return;
	n = fread(buf, 1, sizeof(buf), f);
	if (feof(f))
		save(target, buf, n);
	fclose(f);
}

struct pcap_source *__real_pcap_source_open(const char *path, char *err,
					    size_t errlen);
struct pcap_source *__wrap_pcap_source_open(const char *path, char *err,
					    size_t errlen);
struct pcap_source *__wrap_pcap_source_open(const char *path, char *err,
					    size_t errlen)
{
	save_file("fuzz_pcap", path);
	return __real_pcap_source_open(path, err, errlen);
}

void __real_spool_close(struct spool *sp);
void __wrap_spool_close(struct spool *sp);
void __wrap_spool_close(struct spool *sp)
{
	struct spool_dir **p, *d;
	struct dirent *de;
	char path[4096];
	DIR *dh;

	__real_spool_close(sp);
	for (p = &spool_dirs; *p && (*p)->sp != sp; p = &(*p)->next)
		;
	d = *p;
	if (!d)
		return;
	*p = d->next;
	dh = d->dir ? opendir(d->dir) : NULL;
	while (dh && (de = readdir(dh))) {
		size_t n = strlen(de->d_name);

		if (n < 4 || strcmp(de->d_name + n - 4, ".seg"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", d->dir, de->d_name);
		save_file("fuzz_spool", path);
	}
	if (dh)
		closedir(dh);
	free(d->dir);
	free(d);
}
