// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the packet decoder: a sequence of frames (see
 * decode_records.h) through link stripping, IPv4/IPv6, fragment
 * reassembly, GTP-U and TCP reassembly, with state kept across frames.
 */
#include <stddef.h>
#include <stdint.h>

#include "decode_records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	decode_records_run(data, size);
	return 0;
}
