/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The end of both netlink fuzzing programs (lmisf_nlfuzz, lmisf_nlrace):
 * once the namespaces of the tests are gone, the module unloads and the
 * kernel logged nothing; main() loads the module, opens /dev/kmsg at its
 * end and picks the seed. Included last, after FIXTURE(NLFUZZ_FIXTURE)
 * and the program's statics kmsg_fd and seed.
 */
#ifndef LMISF_NLFUZZ_MAIN_H
#define LMISF_NLFUZZ_MAIN_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

TEST_F(NLFUZZ_FIXTURE, unload)
{
	const char *ko = getenv("LMISF_KO");
	int ret;

	if (!ko || !*ko || !strcmp(ko, "-"))
		SKIP(return, "LMISF_KO not set: leaving a hand-loaded module");
	ret = lmisf_unload();
	ASSERT_EQ(0, ret) TH_LOG("rmmod lmisf: %s", strerror(-ret));
	ASSERT_NE(0, access("/sys/module/lmisf", F_OK));
}

TEST_F(NLFUZZ_FIXTURE, kernel_log)
{
	if (kmsg_fd < 0)
		SKIP(return, "/dev/kmsg not readable");
	EXPECT_EQ(0, fz_kernel_reports(kmsg_fd));
}

int main(int argc, char **argv)
{
	const char *s = getenv("LMISF_NLFUZZ_SEED");
	char reason[256];

	if (lmisf_family_ready(reason, sizeof(reason))) {
		printf("1..0 # SKIP %s\n", reason);
		return KSFT_SKIP;
	}
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg_fd >= 0)
		lseek(kmsg_fd, 0, SEEK_END);
	seed = s && *s ? strtoull(s, NULL, 0) :
			 (uint64_t)time(NULL) << 16 ^ (uint64_t)getpid();
	return test_harness_run(argc, argv);
}

#endif /* LMISF_NLFUZZ_MAIN_H */
