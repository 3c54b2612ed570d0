/*
 * A C++ symbol without a C++ compiler: the function below is named
 * _ZN4scry5outerEPKc in the symbol table, as g++ would name
 * scry::outer(const char *). scry -k must print it demangled, as strace
 * does: "(scry::outer(char const*)+0x..". Run alone it prints one line.
 */
#include <string.h>
#include <unistd.h>

static volatile int after_write;

__attribute__((noinline)) int cxx_outer(const char *s) __asm__("_ZN4scry5outerEPKc");

__attribute__((noinline)) int cxx_outer(const char *s)
{
	int r = (int)write(1, s, strlen(s));
	after_write++; /* no tail call: the frame stays */
	return r;
}

int main(void)
{
	return cxx_outer("stack_cxx\n") == 10 ? 0 : 1;
}
