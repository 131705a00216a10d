// SPDX-License-Identifier: GPL-2.0
/*
 * Buffered human or JSON output. Human fields are aligned on a fixed
 * column and spelled like the command line (gtpu-port, last-intercept);
 * JSON keys are the same in snake_case, and are stable API.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lmisfctl.h"
#include "output.h"
#include "parse.h"

#define KEY_WIDTH 19

static struct {
	FILE *f;
	char *buf;
	size_t len;
	struct json json;
	bool objects; /* a human object was printed: separate the next */
	bool indent; /* fields of a titled human object are indented */
} out;

void out_init(void)
{
	out.f = open_memstream(&out.buf, &out.len);
	if (!out.f) {
		perror("lmisfctl: open_memstream");
		exit(EXIT_KERNEL);
	}
	json_init(&out.json, out.f);
}

int out_flush(void)
{
	if (fclose(out.f)) {
		perror("lmisfctl: output");
		return EXIT_KERNEL;
	}
	out.f = NULL;
	if (out.len && fwrite(out.buf, 1, out.len, stdout) != out.len) {
		perror("lmisfctl: stdout");
		return EXIT_KERNEL;
	}
	free(out.buf);
	out.buf = NULL;
	if (fflush(stdout)) {
		perror("lmisfctl: stdout");
		return EXIT_KERNEL;
	}
	return 0;
}

void out_mark(struct out_mark *m)
{
	m->pos = ftell(out.f);
	m->json = out.json;
}

void out_rewind(const struct out_mark *m)
{
	/* A memstream's size follows the position: rewinding truncates. */
	fseek(out.f, m->pos, SEEK_SET);
	out.json = m->json;
	if (!m->pos)
		out.objects = false;
}

struct json *out_json(void)
{
	return &out.json;
}

FILE *out_file(void)
{
	return out.f;
}

void out_obj_open(const char *key, const char *title_fmt, ...)
{
	va_list ap;

	if (ctl.json) {
		json_obj_open(&out.json, key);
		return;
	}
	if (!title_fmt)
		return;
	out.indent = true;
	if (out.objects)
		fputc('\n', out.f);
	out.objects = true;
	va_start(ap, title_fmt);
	vfprintf(out.f, title_fmt, ap);
	va_end(ap);
	fputc('\n', out.f);
}

void out_obj_close(void)
{
	out.indent = false;
	if (ctl.json)
		json_obj_close(&out.json);
}

void out_arr_open(const char *key)
{
	if (ctl.json)
		json_arr_open(&out.json, key);
}

void out_arr_close(void)
{
	if (ctl.json)
		json_arr_close(&out.json);
}

static void human_key(const char *key)
{
	char k[64];
	size_t i;

	snprintf(k, sizeof(k) - 1, "%s", key);
	for (i = 0; k[i]; i++)
		if (k[i] == '_')
			k[i] = '-';
	strcat(k, ":");
	fprintf(out.f, "%s%-*s ", out.indent ? "  " : "", KEY_WIDTH, k);
}

void out_line(const char *key, const char *fmt, ...)
{
	va_list ap;

	human_key(key);
	va_start(ap, fmt);
	vfprintf(out.f, fmt, ap);
	va_end(ap);
	fputc('\n', out.f);
}

void out_u64(const char *key, uint64_t v)
{
	if (ctl.json)
		json_u64(&out.json, key, v);
	else
		out_line(key, "%llu", (unsigned long long)v);
}

void out_str(const char *key, const char *v)
{
	if (ctl.json)
		json_str(&out.json, key, v);
	else
		out_line(key, "%s", v);
}

void out_time(const char *key, uint64_t ns, int zero_never)
{
	char buf[TIME_STR_LEN], nskey[64];

	if (ns || !zero_never)
		format_time_ns(ns, buf);
	if (!ctl.json) {
		out_line(key, "%s", ns || !zero_never ? buf : "never");
		return;
	}
	snprintf(nskey, sizeof(nskey), "%s_ns", key);
	if (ns || !zero_never)
		json_str(&out.json, key, buf);
	else
		json_null(&out.json, key);
	json_u64(&out.json, nskey, ns);
}
