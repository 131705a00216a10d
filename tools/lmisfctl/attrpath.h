/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names the attribute an extended ACK points at: NLMSGERR_ATTR_OFFS (and
 * MISS_NEST) are byte offsets into the request we sent, which we walk with
 * the family's attribute names to print e.g. "task.target[2].value".
 */
#ifndef LMISFCTL_ATTRPATH_H
#define LMISFCTL_ATTRPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nlmsghdr;

/* The attribute at offset offs of req (a request of this family). */
void attr_path(const struct nlmsghdr *req, uint32_t offs, char *buf,
	       size_t len);
/* Attribute type missing in the nest at nest_offs (top level if !nest). */
void attr_missing(const struct nlmsghdr *req, bool nest, uint32_t nest_offs,
		  uint32_t type, char *buf, size_t len);

#endif /* LMISFCTL_ATTRPATH_H */
