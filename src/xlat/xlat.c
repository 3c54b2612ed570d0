#include "xlat.h"

#include <stddef.h>

const char *xlat_name(const struct xlat *x, uint64_t val)
{
	if (!x)
		return NULL;
	switch (x->kind) {
	case XLAT_INDEXED:
		return val < x->n ? x->e[val].name : NULL;
	case XLAT_SORTED: {
		uint32_t lo = 0, hi = x->n;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (x->e[mid].val == val)
				return x->e[mid].name;
			if (x->e[mid].val < val)
				lo = mid + 1;
			else
				hi = mid;
		}
		return NULL;
	}
	default:
		for (uint32_t i = 0; i < x->n; i++)
			if (x->e[i].val == val)
				return x->e[i].name;
		return NULL;
	}
}
