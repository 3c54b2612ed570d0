/* Names and messages of errno values and signals, as strace prints them. */
#ifndef SCRY_ERRNO_NAMES_H
#define SCRY_ERRNO_NAMES_H

/* "ENOENT", or NULL if err (positive) has no name. */
const char *errno_name(int err);
/* The text strace puts in parentheses after the name: strerror(err), except
 * for the kernel's restart codes, which libc does not know ("To be restarted
 * if SA_RESTART is set" for ERESTARTSYS).  Never NULL. */
const char *errno_message(int err);
/* "SIGINT"; realtime signals as SIGRTMIN, SIGRT_1 ... SIGRT_32 (32..64);
 * NULL for 0 and numbers past 64. */
const char *signal_name(int sig);

#endif
