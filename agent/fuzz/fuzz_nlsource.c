// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the live source's message handling: any datagram
 * on the data socket (copies, task and flow events, errors) goes through
 * the parsers, the task mirror and the pipeline without a crash or a read
 * past its end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "nlsource.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pipeline *pl;
	static struct nlsource *ns;
	static struct lm_config cfg;
	/* netlink messages are 4-byte aligned in a real receive buffer */
	uint8_t *buf = malloc(size ? size : 1);

	if (!pl) {
		log_set_level(LOG_LVL_ERR);
		config_default(&cfg);
		pl = pipeline_new(&cfg, PL_SRC_KERNEL);
		ns = nlsource_new_detached(pl);
		if (!pl || !ns)
			abort();
	}
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	nlsource_input(ns, buf, size);
	free(buf);
	return 0;
}
