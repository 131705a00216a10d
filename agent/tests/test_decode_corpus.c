// SPDX-License-Identifier: GPL-2.0
/*
 * Replays the committed fuzz_decode corpus (agent/fuzz/corpus/fuzz_decode:
 * seeds and inputs of past findings) through the decoder under ASan and
 * UBSan, so that a regression shows up in `make tests` without clang.
 */
#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "../fuzz/decode_records.h"

/* <repo>/agent from <repo>/agent/build/<variant>/tests/<program> */
static int agent_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *p;
	int i;

	if (n <= 0)
		return -1;
	buf[n] = 0;
	for (i = 0; i < 4; i++) {
		p = strrchr(buf, '/');
		if (!p)
			return -1;
		*p = 0;
	}
	return 0;
}

TEST(corpus_replays_cleanly)
{
	char dir[4096], path[4600];
	static uint8_t data[1 << 20];
	struct dirent *de;
	size_t n;
	FILE *f;
	DIR *d;
	int files = 0;

	ASSERT_EQ(0, agent_dir(dir, sizeof(dir) - 32));
	strcat(dir, "/fuzz/corpus/fuzz_decode");
	d = opendir(dir);
	ASSERT_NE(NULL, d) TH_LOG("%s", dir);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		f = fopen(path, "rb");
		ASSERT_NE(NULL, f);
		n = fread(data, 1, sizeof(data), f);
		fclose(f);
		decode_records_run(data, n);
		files++;
	}
	closedir(d);
	EXPECT_GE(files, 6);
}

/* The seeds, truncated at every length: no state left half-built. */
TEST(truncated_seeds)
{
	char dir[4096], path[4600];
	static uint8_t data[1 << 16];
	static const char *const seeds[] = { "frag", "gtpu", "tcp", "mixed" };
	size_t n, i, k;
	FILE *f;

	ASSERT_EQ(0, agent_dir(dir, sizeof(dir) - 32));
	for (k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
		snprintf(path, sizeof(path), "%s/fuzz/corpus/fuzz_decode/%s",
			 dir, seeds[k]);
		f = fopen(path, "rb");
		ASSERT_NE(NULL, f);
		n = fread(data, 1, sizeof(data), f);
		fclose(f);
		for (i = 0; i <= n; i++)
			decode_records_run(data, i);
	}
}

TEST_HARNESS_MAIN
