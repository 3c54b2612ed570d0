#include "syscalls/sysent.h"

#include <stddef.h>
#include <string.h>

static const struct {
	const struct sysent *rows;
	const unsigned *n;
} tables[ARCH_COUNT] = {
    [ARCH_X86_64] = {sysent_x86_64, &nsysent_x86_64},
    [ARCH_I386] = {sysent_i386, &nsysent_i386},
};

const struct sysent *sysent_lookup(enum sys_arch arch, uint64_t nr)
{
	if ((unsigned)arch >= ARCH_COUNT || nr >= *tables[arch].n)
		return NULL;
	const struct sysent *se = &tables[arch].rows[nr];
	return se->name ? se : NULL;
}

/* Linear: it runs only while parsing -e options. */
long sysent_find(enum sys_arch arch, const char *name)
{
	if ((unsigned)arch >= ARCH_COUNT || !name)
		return -1;
	for (unsigned nr = 0; nr < *tables[arch].n; nr++) {
		const char *n = tables[arch].rows[nr].name;
		if (n && strcmp(n, name) == 0)
			return (long)nr;
	}
	return -1;
}
