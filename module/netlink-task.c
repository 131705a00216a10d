// SPDX-License-Identifier: GPL-2.0
/*
 * Task operations (X1 ActivateTask, ModifyTask, DeactivateTask,
 * DeactivateAllTasks, GetTaskDetails) and task notifications.
 */

#include <linux/slab.h>
#include "compat/compat.h"
#include "ident.h"
#include "netlink.h"
#include "sink.h"
#include "target.h"
#include "task.h"

#define TARGET_BIT(a) BIT(LMISF_TARGET_A_##a)

/* The attributes each target type allows. */
static u32 target_allowed(u32 type)
{
	switch (type) {
	case LMISF_TARGET_IPV4:
		return TARGET_BIT(TYPE) | TARGET_BIT(IPV4);
	case LMISF_TARGET_IPV6:
		return TARGET_BIT(TYPE) | TARGET_BIT(IPV6);
	case LMISF_TARGET_IPV4_CIDR:
		return TARGET_BIT(TYPE) | TARGET_BIT(IPV4) |
		       TARGET_BIT(PREFIX_LEN);
	case LMISF_TARGET_IPV6_CIDR:
		return TARGET_BIT(TYPE) | TARGET_BIT(IPV6) |
		       TARGET_BIT(PREFIX_LEN);
	case LMISF_TARGET_GTPU_TEID:
		return TARGET_BIT(TYPE) | TARGET_BIT(TEID) | TARGET_BIT(IPV4) |
		       TARGET_BIT(IPV6);
	}
	return TARGET_BIT(TYPE) | TARGET_BIT(VALUE) | TARGET_BIT(NON_LOCAL);
}

static int target_addr(struct nlattr **tb, struct nlattr *nest, u32 type,
		       struct lmisf_tentry *e, struct netlink_ext_ack *extack)
{
	bool v4 = type == LMISF_TARGET_IPV4 || type == LMISF_TARGET_IPV4_CIDR;
	bool cidr = type == LMISF_TARGET_IPV4_CIDR ||
		    type == LMISF_TARGET_IPV6_CIDR;
	unsigned int attr = v4 ? LMISF_TARGET_A_IPV4 : LMISF_TARGET_A_IPV6;
	union nf_inet_addr addr = {};
	unsigned int plen = v4 ? 32 : 128;

	if (LMISF_REQUIRE(extack, nest, tb, attr, "target address missing"))
		return -EINVAL;
	if (cidr) {
		if (LMISF_REQUIRE(extack, nest, tb, LMISF_TARGET_A_PREFIX_LEN,
				  "target prefix length missing"))
			return -EINVAL;
		plen = nla_get_u8(tb[LMISF_TARGET_A_PREFIX_LEN]);
		if (v4 && plen > 32) {
			LMISF_ERR_ATTR(extack,
				       tb[LMISF_TARGET_A_PREFIX_LEN],
				       "IPv4 prefix length over 32");
			return -EINVAL;
		}
	}
	nla_memcpy(&addr, tb[attr], sizeof(addr));
	e->key.ip.family = v4 ? NFPROTO_IPV4 : NFPROTO_IPV6;
	e->key.ip.plen = plen;
	lmisf_addr_mask(e->key.ip.family, &e->key.ip.addr, &addr, plen);
	if (memcmp(&e->key.ip.addr, &addr, sizeof(addr))) {
		LMISF_ERR_ATTR(extack, tb[attr],
			       "host bits set in target prefix");
		return -EINVAL;
	}
	return 0;
}

static int target_teid(struct nlattr **tb, struct nlattr *nest,
		       struct lmisf_tentry *e, struct netlink_ext_ack *extack)
{
	struct lmisf_teid_key *k = &e->key.teid;

	if (LMISF_REQUIRE(extack, nest, tb, LMISF_TARGET_A_TEID,
			  "target TEID missing"))
		return -EINVAL;
	k->teid = nla_get_u32(tb[LMISF_TARGET_A_TEID]);
	e->is_teid = true;
	if (tb[LMISF_TARGET_A_IPV4] && tb[LMISF_TARGET_A_IPV6]) {
		LMISF_ERR_ATTR(extack, tb[LMISF_TARGET_A_IPV6],
			       "TEID target has two endpoint addresses");
		return -EINVAL;
	}
	if (tb[LMISF_TARGET_A_IPV4]) {
		k->family = NFPROTO_IPV4;
		k->addr.ip = nla_get_in_addr(tb[LMISF_TARGET_A_IPV4]);
	} else if (tb[LMISF_TARGET_A_IPV6]) {
		k->family = NFPROTO_IPV6;
		k->addr.in6 = nla_get_in6_addr(tb[LMISF_TARGET_A_IPV6]);
	}
	return 0;
}

static int target_value(struct nlattr **tb, struct nlattr *nest, u32 type,
			struct netlink_ext_ack *extack)
{
	struct nlattr *a = tb[LMISF_TARGET_A_VALUE];
	const char *s;
	size_t len;

	if (LMISF_REQUIRE(extack, nest, tb, LMISF_TARGET_A_VALUE,
			  "target identity value missing"))
		return -EINVAL;
	s = nla_data(a);
	len = nla_len(a);
	if (len && !s[len - 1])
		len--;
	if (!lmisf_ident_valid(type, s, len)) {
		LMISF_ERR_ATTR(extack, a,
			       "identity value does not match its type");
		return -EINVAL;
	}
	return 0;
}

/*
 * The nest is stored as received and echoed by GET: a repeated attribute
 * would be ignored by the parser yet stored, so it is refused, which also
 * bounds a task's size (LMISF_TASK_MSG_MAX).
 */
static int target_no_dup(struct nlattr *nest, struct netlink_ext_ack *extack)
{
	unsigned long seen = 0;
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (__test_and_set_bit(nla_type(a), &seen)) {
			LMISF_ERR_ATTR(extack, a, "attribute repeated in target");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * Validates one LMISF_TASK_A_TARGET. For kernel-matched types, sets *kernel
 * and fills e (when given).
 */
static int target_parse(struct nlattr *nest, struct lmisf_tentry *e,
			bool *kernel, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LMISF_TARGET_A_MAX + 1];
	struct lmisf_tentry tmp = {};
	unsigned int i;
	u32 type;
	int err;

	err = nla_parse_nested(tb, LMISF_TARGET_A_MAX, nest,
			       lmisf_target_nl_policy, extack);
	if (err)
		return err;
	err = target_no_dup(nest, extack);
	if (err)
		return err;
	if (LMISF_REQUIRE(extack, nest, tb, LMISF_TARGET_A_TYPE,
			  "target type missing"))
		return -EINVAL;
	type = nla_get_u32(tb[LMISF_TARGET_A_TYPE]);
	for (i = 1; i <= LMISF_TARGET_A_MAX; i++) {
		if (tb[i] && !(target_allowed(type) & BIT(i))) {
			LMISF_ERR_ATTR(extack, tb[i],
				       "attribute not valid for this target type");
			return -EINVAL;
		}
	}
	switch (type) {
	case LMISF_TARGET_IPV4:
	case LMISF_TARGET_IPV6:
	case LMISF_TARGET_IPV4_CIDR:
	case LMISF_TARGET_IPV6_CIDR:
		err = target_addr(tb, nest, type, &tmp, extack);
		break;
	case LMISF_TARGET_GTPU_TEID:
		err = target_teid(tb, nest, &tmp, extack);
		break;
	default:
		*kernel = false;
		return target_value(tb, nest, type, extack);
	}
	*kernel = true;
	if (!err && e)
		*e = tmp;
	return err;
}

/*
 * A nest may end inside the padding of its last attribute (netlink accepts
 * that); the copy echoed by GET gets the aligned length every nest the
 * kernel builds has.
 */
static unsigned int blob_add(u8 *blob, unsigned int off,
			     const struct nlattr *a)
{
	struct nlattr *copy;

	if (blob) {
		copy = (struct nlattr *)(blob + off);
		memcpy(copy, a, a->nla_len);
		memset(blob + off + a->nla_len, 0,
		       NLA_ALIGN(a->nla_len) - a->nla_len);
		if (a->nla_type & NLA_F_NESTED)
			copy->nla_len = NLA_ALIGN(a->nla_len);
	}
	return off + NLA_ALIGN(a->nla_len);
}

/*
 * Builds a task's settings and kernel-matched targets from a validated
 * LMISF_A_TASK of TASK_NEW or TASK_SET.
 */
static int task_parse(struct nlattr *nest, struct nlattr **tb,
		      struct lmisf_task_cfg **cfgp, struct lmisf_tset **tsp,
		      struct netlink_ext_ack *extack)
{
	unsigned int ntargets = 0, nkernel = 0, ndids = 0, blob_len = 0;
	struct lmisf_task_cfg *cfg;
	struct lmisf_tset *ts;
	struct nlattr *a;
	bool kernel;
	int rem, err;

	if (LMISF_REQUIRE(extack, nest, tb, LMISF_TASK_A_DELIVERY,
			  "task delivery type missing"))
		return -EINVAL;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) == LMISF_TASK_A_TARGET) {
			if (++ntargets > LMISF_MAX_TARGETS) {
				LMISF_ERR_ATTR(extack, a,
					       "too many targets");
				return -EINVAL;
			}
			err = target_parse(a, NULL, &kernel, extack);
			if (err)
				return err;
			nkernel += kernel;
		} else if (nla_type(a) == LMISF_TASK_A_DID) {
			if (++ndids > LMISF_MAX_DIDS) {
				LMISF_ERR_ATTR(extack, a,
					       "too many destination IDs");
				return -EINVAL;
			}
		} else {
			continue;
		}
		blob_len = blob_add(NULL, blob_len, a);
	}
	if (LMISF_REQUIRE(extack, nest, tb, LMISF_TASK_A_TARGET,
			  "task has no target"))
		return -EINVAL;

	cfg = kvzalloc(struct_size(cfg, blob, blob_len), GFP_KERNEL);
	ts = kvzalloc(struct_size(ts, e, nkernel), GFP_KERNEL);
	if (!cfg || !ts) {
		kvfree(cfg);
		kvfree(ts);
		return -ENOMEM;
	}
	cfg->delivery = nla_get_u32(tb[LMISF_TASK_A_DELIVERY]);
	if (tb[LMISF_TASK_A_CORRELATION_ID]) {
		cfg->has_corr = true;
		cfg->corr = nla_get_u64(tb[LMISF_TASK_A_CORRELATION_ID]);
	}
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) == LMISF_TASK_A_TARGET) {
			/* validated above: cannot fail; nkernel entries */
			target_parse(a, &ts->e[ts->n], &kernel, extack);
			ts->n += kernel;
		} else if (nla_type(a) != LMISF_TASK_A_DID) {
			continue;
		}
		cfg->blob_len = blob_add(cfg->blob, cfg->blob_len, a);
	}
	*cfgp = cfg;
	*tsp = ts;
	return 0;
}

static size_t task_msg_size(struct lmisf_task *task, bool full)
{
	const struct lmisf_task_cfg *cfg = rcu_dereference_raw(task->cfg);
	size_t size = nla_total_size(sizeof(u32)) +	/* ID */
		      nla_total_size(LMISF_XID_LEN);

	if (full)
		size += nla_total_size(sizeof(u32)) * 3 +
			nla_total_size_64bit(sizeof(u64)) * 11 +
			cfg->blob_len;
	return genlmsg_total_size(nla_total_size(size) +
				  2 * nla_total_size(sizeof(u32)));
}

static int put_u64(struct sk_buff *skb, int attr, u64 v)
{
	return nla_put_u64_64bit(skb, attr, v, LMISF_TASK_A_PAD);
}

/* Mutex held. */
static int task_fill(struct sk_buff *skb, struct lmisf_net *ln,
		     struct lmisf_task *task, bool full)
{
	const struct lmisf_task_cfg *cfg;
	struct nlattr *nest;

	cfg = rcu_dereference_protected(task->cfg,
					lockdep_is_held(&ln->lock));
	nest = nla_nest_start(skb, LMISF_A_TASK);
	if (!nest ||
	    nla_put_u32(skb, LMISF_TASK_A_ID, task->id) ||
	    nla_put(skb, LMISF_TASK_A_XID, LMISF_XID_LEN, task->xid))
		return -EMSGSIZE;
	if (!full)
		goto out;
	if (nla_put_u32(skb, LMISF_TASK_A_DELIVERY, cfg->delivery) ||
	    (cfg->has_corr &&
	     put_u64(skb, LMISF_TASK_A_CORRELATION_ID, cfg->corr)))
		return -EMSGSIZE;
	if (skb_tailroom(skb) < cfg->blob_len)
		return -EMSGSIZE;
	skb_put_data(skb, cfg->blob, cfg->blob_len);
	if (put_u64(skb, LMISF_TASK_A_CREATED, task->created) ||
	    put_u64(skb, LMISF_TASK_A_MODIFIED, task->modified) ||
	    nla_put_u32(skb, LMISF_TASK_A_MODIFICATIONS,
			task->modifications) ||
	    put_u64(skb, LMISF_TASK_A_LAST_INTERCEPT,
		    atomic64_read(&task->last_intercept)) ||
	    put_u64(skb, LMISF_TASK_A_COPIES, atomic64_read(&task->copies)) ||
	    put_u64(skb, LMISF_TASK_A_COPY_BYTES,
		    atomic64_read(&task->copy_bytes)) ||
	    put_u64(skb, LMISF_TASK_A_COPY_DROPS,
		    atomic64_read(&task->copy_drops)) ||
	    put_u64(skb, LMISF_TASK_A_X2_PDUS, atomic64_read(&task->x2_pdus)) ||
	    put_u64(skb, LMISF_TASK_A_X2_BYTES,
		    atomic64_read(&task->x2_bytes)) ||
	    put_u64(skb, LMISF_TASK_A_X3_PDUS, atomic64_read(&task->x3_pdus)) ||
	    put_u64(skb, LMISF_TASK_A_X3_BYTES,
		    atomic64_read(&task->x3_bytes)) ||
	    nla_put_u32(skb, LMISF_TASK_A_FLOWS, task->nflows))
		return -EMSGSIZE;
out:
	nla_nest_end(skb, nest);
	return 0;
}

/* Unicasts a task event to the sink; mutex held. */
void lmisf_ntf_task(struct lmisf_net *ln, struct lmisf_task *task,
		    u32 event, u32 reason)
{
	bool full = event != LMISF_EVENT_DELETED;
	struct sk_buff *msg;
	void *hdr;

	msg = lmisf_ntf_new(ln, task_msg_size(task, full), LMISF_CMD_TASK_NTF,
			    event, &hdr);
	if (msg)
		lmisf_ntf_send(ln, msg, hdr, task_fill(msg, ln, task, full),
			       event, reason);
}

/* Parses the LMISF_A_TASK nest of a request (validated by the core). */
static int task_nest(struct genl_info *info, const struct nla_policy *pol,
		     struct nlattr **tb)
{
	return LMISF_PARSE_NEST(info, LMISF_A_TASK, tb, LMISF_TASK_A_MAX, pol,
				"task attribute missing");
}

static int require_xid(struct genl_info *info, struct nlattr **tb)
{
	if (LMISF_REQUIRE(info->extack, info->attrs[LMISF_A_TASK], tb,
			  LMISF_TASK_A_XID, "task XID missing"))
		return -EINVAL;
	return 0;
}

/* Looks up the task named by tb[LMISF_TASK_A_XID]; mutex held. */
static struct lmisf_task *task_by_xid(struct lmisf_net *ln, struct nlattr **tb,
				      struct netlink_ext_ack *extack)
{
	struct lmisf_task *task;

	task = lmisf_task_lookup(ln, nla_data(tb[LMISF_TASK_A_XID]));
	if (!task)
		LMISF_ERR_ATTR(extack, tb[LMISF_TASK_A_XID],
			       "unknown task XID");
	return task;
}

int lmisf_nl_task_new(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct nlattr *tb[LMISF_TASK_A_MAX + 1];
	struct lmisf_task_cfg *cfg;
	struct lmisf_task *task;
	struct lmisf_tset *ts;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = task_nest(info, lmisf_task_nl_policy, tb);
	if (err)
		return err;
	if (require_xid(info, tb))
		return -EINVAL;
	err = task_parse(info->attrs[LMISF_A_TASK], tb, &cfg, &ts,
			 info->extack);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		kvfree(cfg);
		kvfree(ts);
		return -ENOMEM;
	}

	mutex_lock(&ln->lock);
	err = lmisf_task_create(ln, nla_data(tb[LMISF_TASK_A_XID]), cfg, ts,
				&task);
	if (err == -EEXIST)
		LMISF_ERR_ATTR(info->extack, tb[LMISF_TASK_A_XID],
			       "task XID exists");
	else if (err == -ENOSPC)
		NL_SET_ERR_MSG_MOD(info->extack, "task limit reached");
	if (err)
		goto err_unlock;
	hdr = genlmsg_put_reply(msg, info, &lmisf_family, 0,
				LMISF_CMD_TASK_NEW);
	if (!hdr || task_fill(msg, ln, task, false)) {
		/* cannot happen: a few bytes in a page */
		err = -EMSGSIZE;
		lmisf_task_delete(ln, task, LMISF_REASON_USERSPACE);
		goto err_unlock;
	}
	genlmsg_end(msg, hdr);
	lmisf_ntf_task(ln, task, LMISF_EVENT_NEW, 0);
	mutex_unlock(&ln->lock);
	return genlmsg_reply(msg, info);

err_unlock:
	mutex_unlock(&ln->lock);
	nlmsg_free(msg);
	return err;
}

int lmisf_nl_task_set(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct nlattr *tb[LMISF_TASK_A_MAX + 1];
	struct lmisf_task_cfg *cfg;
	struct lmisf_task *task;
	struct lmisf_tset *ts;
	int err;

	err = task_nest(info, lmisf_task_nl_policy, tb);
	if (err)
		return err;
	if (require_xid(info, tb))
		return -EINVAL;
	err = task_parse(info->attrs[LMISF_A_TASK], tb, &cfg, &ts,
			 info->extack);
	if (err)
		return err;
	mutex_lock(&ln->lock);
	task = task_by_xid(ln, tb, info->extack);
	if (!task) {
		kvfree(cfg);
		kvfree(ts);
		err = -ENOENT;
	} else {
		err = lmisf_task_replace(ln, task, cfg, ts);
		if (!err)
			lmisf_ntf_task(ln, task, LMISF_EVENT_MODIFIED, 0);
	}
	mutex_unlock(&ln->lock);
	return err;
}

int lmisf_nl_task_del(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct nlattr *tb[LMISF_TASK_A_MAX + 1];
	struct lmisf_task *task;
	int err;

	err = task_nest(info, lmisf_task_sel_nl_policy, tb);
	if (err)
		return err;
	if (require_xid(info, tb))
		return -EINVAL;
	mutex_lock(&ln->lock);
	task = task_by_xid(ln, tb, info->extack);
	if (task)
		lmisf_task_delete(ln, task, LMISF_REASON_USERSPACE);
	mutex_unlock(&ln->lock);
	return task ? 0 : -ENOENT;
}

int lmisf_nl_task_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));

	mutex_lock(&ln->lock);
	lmisf_tasks_flush(ln, LMISF_REASON_FLUSH);
	mutex_unlock(&ln->lock);
	return 0;
}

int lmisf_nl_task_get(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct nlattr *tb[LMISF_TASK_A_MAX + 1];
	struct lmisf_task *task;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = task_nest(info, lmisf_task_sel_nl_policy, tb);
	if (err)
		return err;
	if (require_xid(info, tb))
		return -EINVAL;
	mutex_lock(&ln->lock);
	task = task_by_xid(ln, tb, info->extack);
	if (!task) {
		err = -ENOENT;
		goto out;
	}
	msg = genlmsg_new(task_msg_size(task, true), GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &lmisf_family, 0,
				LMISF_CMD_TASK_GET);
	if (!hdr || task_fill(msg, ln, task, true)) {
		nlmsg_free(msg);
		err = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
out:
	mutex_unlock(&ln->lock);
	return err;
}

/* The first part of a dump must hold the largest task. */
int lmisf_nl_task_dump_start(struct netlink_callback *cb)
{
	cb->min_dump_alloc = LMISF_TASK_MSG_MAX;
	return 0;
}

/*
 * Resumes from the next task ID; flags NLM_F_DUMP_INTR (through the
 * generation in cb->seq) when the task table changed between two parts.
 */
int lmisf_nl_task_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lmisf_net *ln = lmisf_pernet(sock_net(skb->sk));
	struct lmisf_dump_ctx *ctx = (void *)cb->ctx;
	struct lmisf_task *task;
	unsigned int added = 0;
	unsigned long id;
	int err = 0;

	NL_ASSERT_DUMP_CTX_FITS(struct lmisf_dump_ctx);
	if (!ctx->started) {
		struct nlattr **attrs = lmisf_dump_attrs(cb);
		struct nlattr *tb[LMISF_TASK_A_MAX + 1];

		ctx->started = true;
		ctx->next_id = 1;
		if (attrs[LMISF_A_TASK]) {
			err = nla_parse_nested(tb, LMISF_TASK_A_MAX,
					       attrs[LMISF_A_TASK],
					       lmisf_task_sel_nl_policy,
					       cb->extack);
			if (err)
				return err;
			if (tb[LMISF_TASK_A_ID])
				ctx->next_id =
				    (unsigned long)
				    nla_get_u32(tb[LMISF_TASK_A_ID]) + 1;
		}
	}

	mutex_lock(&ln->lock);
	cb->seq = ln->tasks.gen;
	xa_for_each_start(&ln->tasks.ids, id, task, ctx->next_id) {
		void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, &lmisf_family,
					NLM_F_MULTI, LMISF_CMD_TASK_GET);

		if (!hdr)
			goto full;
		genl_dump_check_consistent(cb, hdr);
		if (task_fill(skb, ln, task, true)) {
			genlmsg_cancel(skb, hdr);
			goto full;
		}
		genlmsg_end(skb, hdr);
		ctx->next_id = id + 1;
		added++;
	}
	mutex_unlock(&ln->lock);
	return skb->len;

full:
	mutex_unlock(&ln->lock);
	/* a task too large for an empty message would end the dump early */
	return added ? skb->len : -EMSGSIZE;
}

int lmisf_nl_task_report(struct sk_buff *skb, struct genl_info *info)
{
	struct lmisf_net *ln = lmisf_pernet(genl_info_net(info));
	struct nlattr *tb[LMISF_TASK_A_MAX + 1];
	struct lmisf_task *task;
	int err;

	err = task_nest(info, lmisf_task_report_nl_policy, tb);
	if (err)
		return err;
	if (require_xid(info, tb))
		return -EINVAL;
	if (!lmisf_sink_is(ln, info->snd_portid)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "only the bound sink may report");
		return -EPERM;
	}
	mutex_lock(&ln->lock);
	task = task_by_xid(ln, tb, info->extack);
	if (task) {
		if (tb[LMISF_TASK_A_X2_PDUS])
			atomic64_add(nla_get_u64(tb[LMISF_TASK_A_X2_PDUS]),
				     &task->x2_pdus);
		if (tb[LMISF_TASK_A_X2_BYTES])
			atomic64_add(nla_get_u64(tb[LMISF_TASK_A_X2_BYTES]),
				     &task->x2_bytes);
		if (tb[LMISF_TASK_A_X3_PDUS])
			atomic64_add(nla_get_u64(tb[LMISF_TASK_A_X3_PDUS]),
				     &task->x3_pdus);
		if (tb[LMISF_TASK_A_X3_BYTES])
			atomic64_add(nla_get_u64(tb[LMISF_TASK_A_X3_BYTES]),
				     &task->x3_bytes);
		if (tb[LMISF_TASK_A_LAST_INTERCEPT])
			atomic64_set(&task->last_intercept,
				     nla_get_u64(tb[LMISF_TASK_A_LAST_INTERCEPT]));
	}
	mutex_unlock(&ln->lock);
	return task ? 0 : -ENOENT;
}
