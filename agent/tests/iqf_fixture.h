/* SPDX-License-Identifier: GPL-2.0 */
/* Builders for IQF requests in tests (static storage, one request at once). */
#ifndef LMISF_TEST_IQF_FIXTURE_H
#define LMISF_TEST_IQF_FIXTURE_H

#include "icf_fixture.h"
#include "iqf.h"

struct req_buf {
	Lmisf__Iqf__IdentityAssociationRequest req;
	Lmisf__Iqf__RequestValues rv;
	Lmisf__Iqf__SUPI supi;
	Lmisf__Iqf__FiveGGUTI guti;
	Lmisf__Iqf__FiveGSTMSI stmsi;
	Lmisf__Iqf__FiveGSTAI tai;
	Lmisf__Iqf__NCGI ncgi;
	char time[40];
};

static inline Lmisf__Iqf__IdentityAssociationRequest *rq_init(struct req_buf *b,
							      int type)
{
	lmisf__iqf__identity_association_request__init(&b->req);
	lmisf__iqf__request_values__init(&b->rv);
	lmisf__iqf__supi__init(&b->supi);
	lmisf__iqf__five_gguti__init(&b->guti);
	lmisf__iqf__five_gstmsi__init(&b->stmsi);
	lmisf__iqf__five_gstai__init(&b->tai);
	lmisf__iqf__ncgi__init(&b->ncgi);
	b->req.type = type;
	b->req.request_values = &b->rv;
	return &b->req;
}

static inline void rq_supi(struct req_buf *b, const char *imsi)
{
	b->supi.value_case = LMISF__IQF__SUPI__VALUE_SUPI_IMSI;
	b->supi.supi_imsi = (char *)imsi;
	b->rv.supi = &b->supi;
}

/* The fixture GUTIs: MCC 234, MNC 15, region 1, set 5, pointer 3. */
static inline void rq_guti(struct req_buf *b, uint32_t tmsi)
{
	b->guti.mcc = (char *)"234";
	b->guti.mnc = (char *)"15";
	b->guti.amf_region_id = 1;
	b->guti.amf_set_id = 5;
	b->guti.amf_pointer = 3;
	b->guti.five_g_tmsi = tmsi;
	b->rv.five_g_guti = &b->guti;
}

static inline void rq_stmsi(struct req_buf *b, uint32_t tmsi)
{
	b->stmsi.amf_set_id = 5;
	b->stmsi.amf_pointer = 3;
	b->stmsi.five_g_tmsi = tmsi;
	b->rv.five_g_s_tmsi = &b->stmsi;
}

static inline void rq_tai(struct req_buf *b, const char *tac)
{
	b->tai.mcc = (char *)"234";
	b->tai.mnc = (char *)"15";
	b->tai.tac = (char *)tac;
	b->rv.tai = &b->tai;
}

static inline void rq_time(struct req_buf *b, lm_ms_t t)
{
	lm_time_format_rfc3339(t, b->time);
	b->req.observed_time = b->time;
}

/*
 * The fixtures' SUPI 1 record with every optional field: @suci, an IMEI,
 * an MSISDN and the one-TAI list @tl.
 */
static inline void mk_full_assoc(struct icf_assoc_event *a, const char *supi,
				 uint32_t tmsi, lm_ms_t t, const uint8_t *suci,
				 uint16_t suci_len, const uint8_t *tl)
{
	mk_assoc(a, supi, tmsi, t);
	a->suci = suci;
	a->suci_len = suci_len;
	a->pei_type = ICF_PEI_IMEI;
	a->pei = (const uint8_t *)"35925406123456";
	a->pei_len = 14;
	a->gpsi_type = ICF_GPSI_MSISDN;
	a->gpsi = "447700900001";
	a->gpsi_len = 12;
	a->has_tai_list = true;
	a->tai_list = tl;
	a->n_tai_list = 1;
}

#endif
