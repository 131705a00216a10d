/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent's bounded tables (dialogs, registrations, IP fragments, TCP
 * streams; media flows waiting for removal) share one shape: entries
 * hashed for lookup and kept on an intrusive list, oldest first, for
 * shedding and expiry. This is that list, the victim choice at the limit
 * and the bucket count.
 */
#ifndef LMISF_LRU_H
#define LMISF_LRU_H

#include <stdbool.h>
#include <stddef.h>

struct lru_node {
	struct lru_node *prev, *next;
};

struct lru {
	struct lru_node *head, *tail; /* oldest first */
};

#define lru_entry(node, type, member) \
	((type *)((char *)(node)-offsetof(type, member)))
/* The entry of @node, NULL for NULL (the oldest: lru_or_null(l->head)). */
#define lru_or_null(node, type, member) \
	((node) ? lru_entry(node, type, member) : NULL)

static inline void lru_del(struct lru *l, struct lru_node *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else
		l->head = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		l->tail = n->prev;
	n->prev = n->next = NULL;
}

static inline void lru_add_tail(struct lru *l, struct lru_node *n)
{
	n->prev = l->tail;
	n->next = NULL;
	if (l->tail)
		l->tail->next = n;
	else
		l->head = n;
	l->tail = n;
}

/* Used again: to the young end. */
static inline void lru_touch(struct lru *l, struct lru_node *n)
{
	lru_del(l, n);
	lru_add_tail(l, n);
}

/*
 * lru_victim - the entry to shed at the limit: the oldest of the 16
 * oldest for which @busy (intercepted by a task) is false, else the
 * oldest of all (bounded memory wins); NULL when empty.
 */
static inline struct lru_node *lru_victim(const struct lru *l,
					  bool (*busy)(const struct lru_node *))
{
	struct lru_node *n = l->head;
	int scan = 16;

	for (; n && scan--; n = n->next)
		if (!busy(n))
			return n;
	return l->head;
}

/* Hash buckets for at most @max entries: a power of two, 64 to 2^20. */
static inline size_t lru_buckets(unsigned int max)
{
	size_t n = 64;

	while (n < max && n < (1u << 20))
		n <<= 1;
	return n;
}

#endif /* LMISF_LRU_H */
