/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test certificates made at run time with the openssl command: a CA "ca"
 * signing "srv" and "cli", and a second CA "evil" signing "bad" (EC P-256,
 * valid two days), in a fresh directory under /tmp.
 */
#ifndef LMISF_TEST_TLS_CERTS_H
#define LMISF_TEST_TLS_CERTS_H

#include <stdio.h>
#include <stdlib.h>

static char dir[64];

static int sh(const char *fmt, const char *a, const char *b)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), fmt, a, b, a, b, a, b);
	return system(cmd);
}

/* CA "ca" signing "srv" and "cli"; a second CA "evil" signing "bad". */
static int make_certs(void)
{
	static const char *const cmds[] = {
		"cd %s && openssl req -x509 -newkey ec -pkeyopt "
		"ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem "
		"-subj /CN=test-ca -days 2 >/dev/null 2>&1%s",
		"cd %s && openssl req -x509 -newkey ec -pkeyopt "
		"ec_paramgen_curve:prime256v1 -nodes -keyout evil.key -out "
		"evil.pem -subj /CN=evil-ca -days 2 >/dev/null 2>&1%s",
	};
	static const char *const leaf[][2] = { { "srv", "ca" },
					       { "cli", "ca" },
					       { "bad", "evil" } };

	for (unsigned int i = 0; i < 2; i++)
		if (sh(cmds[i], dir, ""))
			return -1;
	for (unsigned int i = 0; i < 3; i++) {
		char cmd[1024];

		snprintf(
			cmd, sizeof(cmd),
			"cd %s && openssl req -newkey ec -pkeyopt "
			"ec_paramgen_curve:prime256v1 -nodes -keyout %s.key "
			"-out %s.csr -subj /CN=%s >/dev/null 2>&1 && "
			"openssl x509 -req -in %s.csr -CA %s.pem -CAkey %s.key "
			"-CAcreateserial -out %s.pem -days 2 >/dev/null 2>&1",
			dir, leaf[i][0], leaf[i][0], leaf[i][0], leaf[i][0],
			leaf[i][1], leaf[i][1], leaf[i][0]);
		if (system(cmd))
			return -1;
	}
	return 0;
}

#endif
