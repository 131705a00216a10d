/* SPDX-License-Identifier: GPL-2.0 */
/*
 * capture.h - what the seed capture files (capture.c, capture_script.c)
 * share: one seed written into $FUZZ_CAPTURE_DIR/<target>/.
 */
#ifndef LMISF_FUZZ_CAPTURE_H
#define LMISF_FUZZ_CAPTURE_H

#include <stddef.h>

/* Seeds past this size slow every fuzz run for little coverage. */
#define CAPTURE_MAX (64 * 1024)

/* Saves @pre then @buf as one seed of @target, named by their hash. */
void capture_save2(const char *target, const void *pre, size_t npre,
		   const void *buf, size_t len);

#endif /* LMISF_FUZZ_CAPTURE_H */
