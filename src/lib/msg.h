/* Messages to the user: stderr only, "scry: " prefix, lowercase, no final full stop. */
#ifndef SCRY_MSG_H
#define SCRY_MSG_H

void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Appends ": strerror(errno)". */
void msg_perror(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
