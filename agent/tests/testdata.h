/* SPDX-License-Identifier: GPL-2.0 */
/*
 * testdata.h - locate a file of the optional outside test material
 * (../shared/testdata beside the repository, or $LMISF_TESTDATA), from the
 * test program's own path so the working directory does not matter.
 * Header-only.
 */
#ifndef LMISF_TESTS_TESTDATA_H
#define LMISF_TESTS_TESTDATA_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Writes the path of rel into buf and returns buf, or NULL when the file
 * is absent (callers SKIP) or its path does not fit: a cut path would name
 * another file.
 */
static inline const char *testdata_file(char *buf, size_t size, const char *rel)
{
	const char *base = getenv("LMISF_TESTDATA");
	char exe[PATH_MAX], *p;
	ssize_t n;
	int i, len;

	buf[0] = '\0'; /* callers name it in their SKIP: never unset */
	if (base && *base) {
		len = snprintf(buf, size, "%s/%s", base, rel);
	} else {
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n <= 0)
			return NULL;
		exe[n] = '\0';
		/* <repo>/agent/build/<variant>/tests/<program> */
		for (i = 0; i < 5; i++) {
			p = strrchr(exe, '/');
			if (!p)
				return NULL;
			*p = '\0';
		}
		len = snprintf(buf, size, "%s/../shared/testdata/%s", exe, rel);
	}
	if (len < 0 || (size_t)len >= size || access(buf, R_OK))
		return NULL;
	return buf;
}

#endif /* LMISF_TESTS_TESTDATA_H */
