/*
 * A known call chain down to write(2), for the -k tests (tests/stack/):
 * main -> outer -> middle -> leaf -> write. The functions are kept out of
 * line and do work after each call, so that -O2 -fomit-frame-pointer keeps
 * them as real frames (no tail calls); DWARF CFI is all an unwinder has
 * here. Run alone it prints one line.
 */
#include <string.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

static volatile int depth_seen;

NOINLINE static int leaf(const char *s)
{
	depth_seen++;
	return (int)write(1, s, strlen(s)); /* stack_c: the write */
}

NOINLINE static int middle(const char *s)
{
	int r = leaf(s);
	depth_seen++;
	return r;
}

NOINLINE static int outer(const char *s)
{
	int r = middle(s);
	depth_seen++;
	return r;
}

int main(void)
{
	return outer("stack_c\n") == 8 ? 0 : 1;
}
