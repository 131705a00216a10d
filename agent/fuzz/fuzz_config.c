// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the configuration parser and the replay task
 * syntax: any input is refused with a message or accepted with values in
 * their documented ranges; nothing leaks (ASan) either way.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "tasks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[512];
	struct lm_config c;
	struct task t;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	err[0] = 0;
	if (config_parse(&c, text, "f", err, sizeof(err)) == 0) {
		if (c.sink.qthreshold < 1 || c.sink.qthreshold > 1024 ||
		    c.n_dests > CONFIG_MAX_DESTS)
			__builtin_trap();
		for (unsigned int i = 0; i < c.n_dests; i++)
			if (!c.dests[i].address || !c.dests[i].port)
				__builtin_trap();
		config_free(&c);
	} else if (!err[0] || c.dests) {
		__builtin_trap();
	}
	if (task_parse_line(text, &t, err, sizeof(err)) == 0) {
		if (!t.n_targets || t.n_targets > LMISF_MAX_TARGETS)
			__builtin_trap();
		task_clear(&t);
	}
	free(text);
	return 0;
}
