// SPDX-License-Identifier: GPL-2.0
/* Printing IQF responses as text or JSON (one object per line). */
#include "print.h"

#include <inttypes.h>
#include <string.h>

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void json_kv(FILE *f, const char *k, const char *v, bool *first)
{
	fprintf(f, "%s\"%s\":", *first ? "" : ",", k);
	json_str(f, v);
	*first = false;
}

static void hex(FILE *f, const ProtobufCBinaryData *b)
{
	for (size_t i = 0; i < b->len; i++)
		fprintf(f, "%02x", b->data[i]);
}

static const char *status_name(int s)
{
	switch (s) {
	case LMISF__IQF__RESPONSE_STATUS__ASSOCIATIONS_FOUND:
		return "associations_found";
	case LMISF__IQF__RESPONSE_STATUS__NO_ASSOCIATION_FOUND:
		return "no_association_found";
	case LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED:
		return "request_rejected";
	case LMISF__IQF__RESPONSE_STATUS__DEACTIVATED:
		return "deactivated";
	}
	return "unknown";
}

static const char *reason_name(int r)
{
	const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(
		&lmisf__iqf__reject_reason__descriptor, r);

	return v ? v->name : "UNKNOWN";
}

static void tai_text(char *buf, size_t n, const Lmisf__Iqf__FiveGSTAI *t)
{
	snprintf(buf, n, "%s-%s-%s", t->mcc, t->mnc, t->tac);
}

static void record_json(FILE *f, const Lmisf__Iqf__IdentityAssociationRecord *a)
{
	const Lmisf__Iqf__FiveGGUTI *g = a->five_g_guti;
	bool first = true;
	char buf[64];

	fputc('{', f);
	if (a->supi->value_case == LMISF__IQF__SUPI__VALUE_SUPI_IMSI)
		json_kv(f, "supi_imsi", a->supi->supi_imsi, &first);
	else if (a->supi->value_case == LMISF__IQF__SUPI__VALUE_SUPI_NAI)
		json_kv(f, "supi_nai", a->supi->supi_nai, &first);
	if (a->has_suci) {
		fprintf(f, ",\"suci\":\"");
		hex(f, &a->suci);
		fputc('"', f);
	}
	fprintf(f,
		",\"five_g_guti\":{\"mcc\":\"%s\",\"mnc\":\"%s\","
		"\"amf_region_id\":%u,\"amf_set_id\":%u,\"amf_pointer\":%u,"
		"\"five_g_tmsi\":%u}",
		g->mcc, g->mnc, g->amf_region_id, g->amf_set_id, g->amf_pointer,
		g->five_g_tmsi);
	if (a->pei) {
		switch (a->pei->value_case) {
		case LMISF__IQF__PEI__VALUE_PEI_IMEI:
			json_kv(f, "pei_imei", a->pei->pei_imei, &first);
			break;
		case LMISF__IQF__PEI__VALUE_PEI_IMEISV:
			json_kv(f, "pei_imeisv", a->pei->pei_imeisv, &first);
			break;
		case LMISF__IQF__PEI__VALUE_PEI_MAC:
			json_kv(f, "pei_mac", a->pei->pei_mac, &first);
			break;
		case LMISF__IQF__PEI__VALUE_PEI_EUI64:
			json_kv(f, "pei_eui64", a->pei->pei_eui64, &first);
			break;
		default:
			break;
		}
	}
	if (a->gpsi) {
		if (a->gpsi->value_case == LMISF__IQF__GPSI__VALUE_GPSI_MSISDN)
			json_kv(f, "gpsi_msisdn", a->gpsi->gpsi_msisdn, &first);
		else if (a->gpsi->value_case ==
			 LMISF__IQF__GPSI__VALUE_GPSI_NAI)
			json_kv(f, "gpsi_nai", a->gpsi->gpsi_nai, &first);
	}
	json_kv(f, "association_start_time", a->association_start_time, &first);
	if (a->association_end_time)
		json_kv(f, "association_end_time", a->association_end_time,
			&first);
	if (a->tai) {
		tai_text(buf, sizeof(buf), a->tai);
		json_kv(f, "tai", buf, &first);
	}
	if (a->n_five_gs_tai_list) {
		fprintf(f, ",\"five_gs_tai_list\":[");
		for (size_t i = 0; i < a->n_five_gs_tai_list; i++) {
			tai_text(buf, sizeof(buf), a->five_gs_tai_list[i]);
			if (i)
				fputc(',', f);
			json_str(f, buf);
		}
		fputc(']', f);
	}
	if (a->ncgi) {
		snprintf(buf, sizeof(buf), "%s-%s-%s", a->ncgi->mcc,
			 a->ncgi->mnc, a->ncgi->nci);
		json_kv(f, "ncgi", buf, &first);
	}
	fputc('}', f);
}

static void record_text(FILE *f, const Lmisf__Iqf__IdentityAssociationRecord *a)
{
	const Lmisf__Iqf__FiveGGUTI *g = a->five_g_guti;
	char buf[64];

	if (a->supi->value_case == LMISF__IQF__SUPI__VALUE_SUPI_IMSI)
		fprintf(f, "  SUPI        imsi-%s\n", a->supi->supi_imsi);
	else
		fprintf(f, "  SUPI        nai-%s\n", a->supi->supi_nai);
	fprintf(f,
		"  5G-GUTI     %s-%s AMF region %u set %u pointer %u, "
		"5G-TMSI 0x%08x\n",
		g->mcc, g->mnc, g->amf_region_id, g->amf_set_id, g->amf_pointer,
		g->five_g_tmsi);
	if (a->has_suci) {
		fprintf(f, "  SUCI        ");
		hex(f, &a->suci);
		fputc('\n', f);
	}
	if (a->pei) {
		const char *kind = "", *v = "";

		switch (a->pei->value_case) {
		case LMISF__IQF__PEI__VALUE_PEI_IMEI:
			kind = "imei", v = a->pei->pei_imei;
			break;
		case LMISF__IQF__PEI__VALUE_PEI_IMEISV:
			kind = "imeisv", v = a->pei->pei_imeisv;
			break;
		case LMISF__IQF__PEI__VALUE_PEI_MAC:
			kind = "mac", v = a->pei->pei_mac;
			break;
		case LMISF__IQF__PEI__VALUE_PEI_EUI64:
			kind = "eui64", v = a->pei->pei_eui64;
			break;
		default:
			break;
		}
		fprintf(f, "  PEI         %s-%s\n", kind, v);
	}
	if (a->gpsi)
		fprintf(f, "  GPSI        %s-%s\n",
			a->gpsi->value_case ==
					LMISF__IQF__GPSI__VALUE_GPSI_MSISDN ?
				"msisdn" :
				"nai",
			a->gpsi->value_case ==
					LMISF__IQF__GPSI__VALUE_GPSI_MSISDN ?
				a->gpsi->gpsi_msisdn :
				a->gpsi->gpsi_nai);
	fprintf(f, "  start       %s\n", a->association_start_time);
	fprintf(f, "  end         %s\n",
		a->association_end_time ? a->association_end_time :
					  "(still active)");
	if (a->tai) {
		tai_text(buf, sizeof(buf), a->tai);
		fprintf(f, "  TAI         %s\n", buf);
	}
	if (a->n_five_gs_tai_list) {
		fprintf(f, "  TAI list   ");
		for (size_t i = 0; i < a->n_five_gs_tai_list; i++) {
			tai_text(buf, sizeof(buf), a->five_gs_tai_list[i]);
			fprintf(f, " %s", buf);
		}
		fputc('\n', f);
	}
	if (a->ncgi)
		fprintf(f, "  NCGI        %s-%s-%s\n", a->ncgi->mcc,
			a->ncgi->mnc, a->ncgi->nci);
}

void print_response(FILE *f, const Lmisf__Iqf__IdentityAssociationResponse *r,
		    bool json)
{
	if (json) {
		fprintf(f, "{\"status\":\"%s\"", status_name((int)r->status));
		if (r->has_request_id)
			fprintf(f, ",\"request_id\":%" PRIu64, r->request_id);
		if (r->has_reject_reason) {
			fprintf(f, ",\"reject_reason\":\"%s\"",
				reason_name((int)r->reject_reason));
			if (r->reject_detail) {
				fprintf(f, ",\"reject_detail\":");
				json_str(f, r->reject_detail);
			}
		}
		if (r->has_ongoing_association_task_id)
			fprintf(f, ",\"ongoing_association_task_id\":%" PRIu64,
				r->ongoing_association_task_id);
		fprintf(f, ",\"multiple_supis\":%s,\"truncated\":%s",
			r->multiple_supis ? "true" : "false",
			r->truncated ? "true" : "false");
		if (r->cache_period_start && r->cache_period_end)
			fprintf(f,
				",\"cache_period\":{\"start\":\"%s\",\"end\":"
				"\"%s\"}",
				r->cache_period_start, r->cache_period_end);
		fprintf(f, ",\"associations\":[");
		for (size_t i = 0; i < r->n_associations; i++) {
			if (i)
				fputc(',', f);
			record_json(f, r->associations[i]);
		}
		fprintf(f, "]}\n");
		return;
	}
	switch (r->status) {
	case LMISF__IQF__RESPONSE_STATUS__REQUEST_REJECTED:
		fprintf(f, "request rejected: %s (%s)\n",
			reason_name((int)r->reject_reason),
			r->reject_detail ? r->reject_detail : "");
		return;
	case LMISF__IQF__RESPONSE_STATUS__NO_ASSOCIATION_FOUND:
		fprintf(f, "no association found\n");
		break;
	case LMISF__IQF__RESPONSE_STATUS__DEACTIVATED:
		fprintf(f, "ongoing request %" PRIu64 " deactivated\n",
			r->ongoing_association_task_id);
		return;
	default:
		fprintf(f, "%zu association%s%s%s\n", r->n_associations,
			r->n_associations == 1 ? "" : "s",
			r->multiple_supis ? " -- WARNING: several SUPIs match" :
					    "",
			r->truncated ? " (truncated)" : "");
		break;
	}
	for (size_t i = 0; i < r->n_associations; i++) {
		fprintf(f, "association %zu\n", i + 1);
		record_text(f, r->associations[i]);
	}
	if (r->has_ongoing_association_task_id)
		fprintf(f,
			"ongoing request %" PRIu64
			": waiting for updates (Ctrl-C ends it)\n",
			r->ongoing_association_task_id);
	if (r->cache_period_start && r->cache_period_end)
		fprintf(f, "cache period %s .. %s\n", r->cache_period_start,
			r->cache_period_end);
}

void print_update(FILE *f, const Lmisf__Iqf__IdentityAssociationUpdate *u,
		  bool json)
{
	if (json) {
		fprintf(f,
			"{\"update\":{\"ongoing_association_task_id\":%" PRIu64
			",\"update_details\":",
			u->ongoing_association_task_id);
		record_json(f, u->update_details);
		fprintf(f, "}}\n");
		return;
	}
	fprintf(f, "update for ongoing request %" PRIu64 "\n",
		u->ongoing_association_task_id);
	record_text(f, u->update_details);
}
