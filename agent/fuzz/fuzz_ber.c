// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_ber.c - libFuzzer target for the BER reader: walk any TLV tree,
 * run every value getter on every primitive, and check that INTEGERs and
 * RELATIVE-OIDs the reader accepts re-encode to the same octets (the
 * reader only accepts minimal encodings), and that ber_gtime_quick()
 * (minute cache hit or miss) and ber_get_gtime() agree on every value of
 * the quick form.
 */
#include <stdlib.h>
#include <string.h>

#include "ber.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* "YYYYMMDDHHMMSS[.f]Z", 1-9 fraction digits: ber_gtime_quick()'s form. */
static bool quick_form(const uint8_t *p, size_t n)
{
	size_t i;

	if (n < 15 || n > 25 || n == 16 || p[n - 1] != 'Z')
		return false;
	for (i = 0; i < n - 1; i++)
		if (i != 14 && (p[i] < '0' || p[i] > '9'))
			return false;
	return n == 15 || p[14] == '.' || p[14] == ',';
}

/*
 * The quick reading, twice (the second from its minute cache), must
 * give what the long way gives, and say yes wherever the long way does
 * on its form.
 */
static void check_gtime(struct ber_reader *r, const struct ber_tlv *t)
{
	int64_t q1 = 0, q2 = 0, slow = 0;
	bool ok1 = ber_gtime_quick(t->val, t->len, &q1);
	bool ok2 = ber_gtime_quick(t->val, t->len, &q2);
	bool ok = !ber_get_gtime(r, t, &slow);

	if (ok1 != ok2 || (ok1 && (!ok || q1 != slow || q2 != slow)))
		abort();
	if (ok && quick_form(t->val, t->len) && !ok1)
		abort();
}

static void check_prim(struct ber_reader *r, const struct ber_tlv *t)
{
	uint32_t arcs[BER_OID_MAX_ARCS];
	uint8_t bits[64];
	struct ber_enc e;
	int64_t v, ns;
	size_t n;
	bool b;

	ber_enc_init(&e);
	if (!ber_get_int(r, t, &v)) {
		ber_put_int(&e, t->cls, t->num, v);
		if (ber_enc_error(&e) || e.len < t->len ||
		    memcmp(e.buf + e.len - t->len, t->val, t->len))
			abort();
	}
	ber_enc_reset(&e);
	if (!ber_get_reloid(r, t, arcs, BER_OID_MAX_ARCS, &n)) {
		ber_put_reloid(&e, t->cls, t->num, arcs, n);
		if (ber_enc_error(&e) || e.len < t->len ||
		    memcmp(e.buf + e.len - t->len, t->val, t->len))
			abort();
	}
	ber_enc_reset(&e);
	check_gtime(r, t);
	if (!ber_get_gtime(r, t, &ns)) {
		/* Whatever we read must be writable and read back equal. */
		struct ber_reader r2;
		struct ber_tlv t2;
		int64_t ns2;

		ber_put_gtime(&e, BER_UNIVERSAL, BER_TAG_GENERALIZEDTIME, ns);
		if (ber_enc_error(&e))
			abort();
		ber_reader_init(&r2, e.buf, e.len, 0, NULL);
		if (ber_read(&r2, &t2) || ber_get_gtime(&r2, &t2, &ns2) ||
		    ns2 != ns)
			abort();
	}
	ber_enc_free(&e);
	(void)ber_get_bool(r, t, &b);
	(void)ber_get_null(r, t);
	(void)ber_get_digits(r, t, 0, 64);
	(void)ber_get_bits(r, t, bits, sizeof(bits), &n);
}

static void walk(struct ber_reader *r, int depth)
{
	struct ber_tlv t;

	while (!ber_reader_done(r)) {
		if (ber_read(r, &t))
			return;
		if (t.cons && depth < 32) {
			struct ber_reader sub;

			ber_reader_sub(&sub, r, &t);
			walk(&sub, depth + 1);
		} else if (!t.cons) {
			check_prim(r, &t);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ber_error err;
	struct ber_reader r;
	struct ber_tlv t;

	ber_reader_init(&r, data, size, 4096, &err);
	walk(&r, 0);
	ber_reader_init(&r, data, size, 0, &err);
	r.flags = BER_RD_STRICT_LEN;
	walk(&r, 0);
	(void)ber_header(data, size, &t, 0);
	return 0;
}
