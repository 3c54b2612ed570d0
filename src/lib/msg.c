#include "msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void vmsg(const char *fmt, va_list ap, int err)
{
	char buf[1024];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (err) {
		/* Messages are lowercase: "no such process", not "No such process". */
		char cause[256];
		snprintf(cause, sizeof(cause), "%s", strerror(err));
		if (cause[0] >= 'A' && cause[0] <= 'Z' && !(cause[1] >= 'A' && cause[1] <= 'Z'))
			cause[0] = (char)(cause[0] - 'A' + 'a');
		fprintf(stderr, "scry: %s: %s\n", buf, cause);
	} else
		fprintf(stderr, "scry: %s\n", buf);
}

void msg_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(fmt, ap, 0);
	va_end(ap);
}

void msg_perror(const char *fmt, ...)
{
	int err = errno;
	va_list ap;
	va_start(ap, fmt);
	vmsg(fmt, ap, err);
	va_end(ap);
}

void msg_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(fmt, ap, 0);
	va_end(ap);
}
