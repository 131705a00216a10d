/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a command prints, in either form: human (wg/ip style, aligned
 * "key: value" lines, times in ISO 8601 UTC) or JSON (-j). Output is
 * buffered and written only when the command succeeds, so an interrupted
 * dump that is restarted, or an error halfway, never leaves half a listing.
 */
#ifndef LMISFCTL_OUTPUT_H
#define LMISFCTL_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "json.h"

void out_init(void);
/* Writes the buffered output to stdout; 0 or EXIT_KERNEL on I/O error. */
int out_flush(void);

/* Marks a point to rewind to, e.g. before a dump that may be restarted. */
struct out_mark {
	long pos;
	struct json json;
};
void out_mark(struct out_mark *m);
void out_rewind(const struct out_mark *m);

/* The JSON writer (-j) and the human text stream. */
struct json *out_json(void);
FILE *out_file(void);

/*
 * An object: a JSON object (key NULL inside an array or at the top), or a
 * title line ("task 1") with its fields indented below; consecutive
 * human objects are separated by a blank line.
 */
void out_obj_open(const char *key, const char *title_fmt, ...)
	__attribute__((format(printf, 2, 3)));
void out_obj_close(void);
/* A JSON array; nothing in human form. */
void out_arr_open(const char *key);
void out_arr_close(void);

/* Fields: key in snake_case for JSON, with dashes in human form. */
void out_u64(const char *key, uint64_t v);
void out_str(const char *key, const char *v);
/* ns since the epoch; 0 means never when zero_never is set. JSON gets
 * both the ISO string (key) and the number (key_ns). */
void out_time(const char *key, uint64_t ns, int zero_never);
/* A human-only "  key: value" line (JSON callers build their own). */
void out_line(const char *key, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* LMISFCTL_OUTPUT_H */
