// SPDX-License-Identifier: GPL-2.0
/*
 * Per-socket private data of a generic netlink family, for kernels before
 * 6.10 (see compat.h). A socket is named by its namespace and port ID; the
 * NETLINK_URELEASE notifier, called for every netlink socket that had a
 * port ID, says when it is gone. One family uses this, lmisf's.
 */

#include <linux/hashtable.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include "compat.h"

struct sock_priv {
	struct hlist_node node;
	possible_net_t net;
	u32 portid;
	u64 data[];			/* priv_size bytes */
};

static DEFINE_SPINLOCK(privs_lock);
static DEFINE_HASHTABLE(privs, 6);	/* by portid; privs_lock */
static size_t priv_size;
static void (*priv_destroy)(void *priv);

static struct sock_priv *priv_find(const struct net *net, u32 portid)
{
	struct sock_priv *p;

	hash_for_each_possible(privs, p, node, portid)
		if (p->portid == portid && net_eq(read_pnet(&p->net), net))
			return p;
	return NULL;
}

static void priv_free(struct sock_priv *p)
{
	priv_destroy(p->data);
	kfree(p);
}

void *lmisf_genl_sk_priv_get(struct genl_family *family,
			     struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	u32 portid = info->snd_portid;
	struct sock_priv *p, *new;

	spin_lock_bh(&privs_lock);
	p = priv_find(net, portid);
	spin_unlock_bh(&privs_lock);
	if (p)
		return p->data;	/* only its socket's release frees it */

	new = kzalloc(struct_size(new, data, DIV_ROUND_UP(priv_size, 8)),
		      GFP_KERNEL);
	if (!new)
		return ERR_PTR(-ENOMEM);
	write_pnet(&new->net, net);
	new->portid = portid;
	spin_lock_bh(&privs_lock);
	p = priv_find(net, portid);
	if (!p) {
		hash_add(privs, &new->node, portid);
		p = new;
		new = NULL;
	}
	spin_unlock_bh(&privs_lock);
	kfree(new);
	return p->data;
}

static int sock_priv_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct netlink_notify *n = ptr;
	struct sock_priv *p;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	spin_lock_bh(&privs_lock);
	p = priv_find(n->net, n->portid);
	if (p)
		hash_del(&p->node);
	spin_unlock_bh(&privs_lock);
	if (p)
		priv_free(p);
	return NOTIFY_DONE;
}

static struct notifier_block sock_priv_notifier = {
	.notifier_call = sock_priv_event,
};

int lmisf_genl_register_family(struct genl_family *family, size_t size,
			       void (*destroy)(void *priv))
{
	int err;

	priv_size = size;
	priv_destroy = destroy;
	err = netlink_register_notifier(&sock_priv_notifier);
	if (err)
		return err;
	err = genl_register_family(family);
	if (err)
		netlink_unregister_notifier(&sock_priv_notifier);
	return err;
}

/* As genl_unregister_family() does on 6.10: the data of open sockets too. */
void lmisf_genl_unregister_family(struct genl_family *family)
{
	struct hlist_node *tmp;
	struct sock_priv *p;
	unsigned int bkt;

	genl_unregister_family(family);
	netlink_unregister_notifier(&sock_priv_notifier);
	hash_for_each_safe(privs, bkt, tmp, p, node) {
		hash_del(&p->node);
		priv_free(p);
	}
}
