// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the JSON writer (json.c): commas, nesting, escaping. Its
 * output is what scripts and the selftests parse.
 */
#include <stdlib.h>
#include <string.h>

#include <kselftest_harness.h>

#include "json.h"

FIXTURE(mem)
{
	char *buf;
	size_t len;
	FILE *f;
	struct json j;
};

FIXTURE_SETUP(mem)
{
	self->f = open_memstream(&self->buf, &self->len);
	ASSERT_NE(NULL, self->f);
	json_init(&self->j, self->f);
}

FIXTURE_TEARDOWN(mem)
{
	if (self->f)
		fclose(self->f);
	free(self->buf);
}

static const char *text(FILE *f, char **buf)
{
	fflush(f);
	return *buf;
}

TEST_F(mem, nesting_and_commas)
{
	struct json *j = &self->j;

	json_arr_open(j, NULL);
	json_obj_open(j, NULL);
	json_u64(j, "id", 1);
	json_str(j, "xid", "x");
	json_arr_open(j, "targets");
	json_obj_open(j, NULL);
	json_str(j, "type", "ipv4");
	json_obj_close(j);
	json_obj_open(j, NULL);
	json_bool(j, "non_local", true);
	json_obj_close(j);
	json_arr_close(j);
	json_arr_open(j, "dids");
	json_arr_close(j);
	json_null(j, "last_intercept");
	json_obj_close(j);
	json_obj_open(j, NULL);
	json_u64(j, "id", 18446744073709551615ULL);
	json_bool(j, "b", false);
	json_obj_close(j);
	json_arr_close(j);
	EXPECT_STREQ(
		"[{\"id\":1,\"xid\":\"x\",\"targets\":[{\"type\":\"ipv4\"},"
		"{\"non_local\":true}],\"dids\":[],"
		"\"last_intercept\":null},"
		"{\"id\":18446744073709551615,\"b\":false}]\n",
		text(self->f, &self->buf));
}

TEST_F(mem, empty_array)
{
	json_arr_open(&self->j, NULL);
	json_arr_close(&self->j);
	EXPECT_STREQ("[]\n", text(self->f, &self->buf));
}

TEST_F(mem, escaping)
{
	json_obj_open(&self->j, NULL);
	json_str(&self->j, "v", "sip:\"a\\b\"@x\n\t\r\x01\x1f\x7f\xc3\xa9");
	json_obj_close(&self->j);
	EXPECT_STREQ("{\"v\":\"sip:\\\"a\\\\b\\\"@x\\n\\t\\r\\u0001\\u001f"
		     "\\u007f\xc3\xa9\"}\n",
		     text(self->f, &self->buf));
}

TEST_F(mem, keys_escaped)
{
	json_obj_open(&self->j, NULL);
	json_u64(&self->j, "a\"b", 0);
	json_obj_close(&self->j);
	EXPECT_STREQ("{\"a\\\"b\":0}\n", text(self->f, &self->buf));
}

TEST_HARNESS_MAIN
