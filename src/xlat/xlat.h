/* Constant tables. Each src/xlat/NAME.in becomes build/xlat/NAME.h (tools/gen_xlat.sh):
 * a `const struct xlat NAME` whose values are pinned in the .in file and checked
 * with static_assert against the system headers that define them. */
#ifndef SCRY_XLAT_H
#define SCRY_XLAT_H
#include <stdint.h>

struct xlat_entry {
	uint64_t val;
	const char *name;
};

enum xlat_kind {
	XLAT_LINEAR,  /* searched in order; flag tables keep multi-bit masks before their parts */
	XLAT_SORTED,  /* sorted by value: binary search */
	XLAT_INDEXED, /* e[i].val == i, holes have name NULL */
};

struct xlat {
	const struct xlat_entry *e;
	uint32_t n;
	uint8_t kind;
	const char *unknown; /* e.g. "AF_???": how strace names an unknown value */
	/* Flag tables only: bits under mask hold one enumerated value (O_ACCMODE,
	 * MAP_TYPE), printed first by name; the rest are independent bits. */
	uint64_t mask;
};

/* Name of val, or NULL. */
const char *xlat_name(const struct xlat *x, uint64_t val);

#endif
