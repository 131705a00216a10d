/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A cursor over a verb's arguments, iproute2 style ("KEYWORD VALUE ...").
 * The typed getters parse with parse.c and end the program with a usage
 * error (exit 2) naming the keyword and the bad value.
 */
#ifndef LMISFCTL_ARGS_H
#define LMISFCTL_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "parse.h"

struct args {
	int argc;
	char **argv;
};

bool args_more(const struct args *a);
const char *args_peek(const struct args *a);
const char *args_next(struct args *a);
/* Consumes the next argument if it is kw. */
bool args_accept(struct args *a, const char *kw);
/* The value after keyword kw (already consumed); usage error if none. */
const char *args_value(struct args *a, const char *kw);
/* Usage error unless all arguments were consumed. */
void args_end(const struct args *a);

void args_uuid(struct args *a, const char *kw, uint8_t uuid[16]);
void args_addr(struct args *a, const char *kw, int family, struct addr *ad);
void args_prefix(struct args *a, const char *kw, int family, struct prefix *p);
uint64_t args_u64(struct args *a, const char *kw);
uint32_t args_u32(struct args *a, const char *kw);
uint16_t args_port(struct args *a, const char *kw);
uint8_t args_proto(struct args *a, const char *kw);

/* Marks kw as seen; usage error if it already was. */
void args_once(bool *seen, const char *kw);

#endif /* LMISFCTL_ARGS_H */
