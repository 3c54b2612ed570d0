#include "tracee.h"
#include "lib/xalloc.h"

#include <stdlib.h>

void tracee_table_init(struct tracee_table *t)
{
	t->nbuckets = 1024;
	t->buckets = xcalloc(t->nbuckets, sizeof(*t->buckets));
	t->count = 0;
	t->all = NULL;
}

void tracee_table_release(struct tracee_table *t)
{
	while (t->all)
		tracee_remove(t, t->all);
	free(t->buckets);
	t->buckets = NULL;
}

static unsigned bucket_of(const struct tracee_table *t, int tid)
{
	return (unsigned)tid * 2654435761u % t->nbuckets;
}

struct tracee *tracee_find(struct tracee_table *t, int tid)
{
	for (struct tracee *tr = t->buckets[bucket_of(t, tid)]; tr; tr = tr->hnext)
		if (tr->tid == tid)
			return tr;
	return NULL;
}

static void hash_insert(struct tracee_table *t, struct tracee *tr)
{
	unsigned b = bucket_of(t, tr->tid);
	tr->hnext = t->buckets[b];
	t->buckets[b] = tr;
}

static void hash_unlink(struct tracee_table *t, struct tracee *tr)
{
	struct tracee **pp = &t->buckets[bucket_of(t, tr->tid)];
	while (*pp && *pp != tr)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = tr->hnext;
}

struct tracee *tracee_add(struct tracee_table *t, int tid, int tgid)
{
	struct tracee *tr = xcalloc(1, sizeof(*tr));
	tr->tid = tid;
	tr->tgid = tgid;
	hash_insert(t, tr);
	tr->next = t->all;
	if (t->all)
		t->all->prev = tr;
	t->all = tr;
	t->count++;
	return tr;
}

void tracee_remove(struct tracee_table *t, struct tracee *tr)
{
	hash_unlink(t, tr);
	if (tr->prev)
		tr->prev->next = tr->next;
	else
		t->all = tr->next;
	if (tr->next)
		tr->next->prev = tr->prev;
	t->count--;
	free(tr);
}

void tracee_rekey(struct tracee_table *t, struct tracee *tr, int newtid)
{
	hash_unlink(t, tr);
	tr->tid = newtid;
	hash_insert(t, tr);
}
