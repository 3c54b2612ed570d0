#include "value.h"

#include <string.h>

struct value *value_struct(struct arena *a, struct value *v, uint32_t nfields)
{
	memset(v, 0, sizeof(*v));
	v->kind = V_STRUCT;
	v->n = nfields;
	v->items = arena_zalloc(a, sizeof(struct value) * (nfields ? nfields : 1));
	return v->items;
}

struct value *value_array(struct arena *a, struct value *v, uint32_t nitems)
{
	memset(v, 0, sizeof(*v));
	v->kind = V_ARRAY;
	v->n = nitems;
	v->items = arena_zalloc(a, sizeof(struct value) * (nitems ? nitems : 1));
	return v->items;
}

struct value value_str(struct arena *a, const void *bytes, uint32_t len, int truncated)
{
	struct value v = {.kind = V_STR, .n = len};
	v.s = arena_memdup(a, bytes, len);
	if (truncated)
		v.flags |= VF_TRUNC;
	return v;
}

struct value value_struct_of(struct arena *a, const struct value *f, uint32_t n)
{
	struct value v;
	struct value *items = value_struct(a, &v, n);
	if (n)
		memcpy(items, f, n * sizeof(*items));
	return v;
}

struct value value_changed(struct arena *a, struct value in, struct value out)
{
	struct value v = value_array_of(a, (struct value[]){in, out}, 2);
	v.kind = V_CHANGED;
	return v;
}

struct value value_array_of(struct arena *a, const struct value *f, uint32_t n)
{
	struct value v;
	struct value *items = value_array(a, &v, n);
	if (n)
		memcpy(items, f, n * sizeof(*items));
	return v;
}
