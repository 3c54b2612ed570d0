#ifndef SCRY_CMD_H
#define SCRY_CMD_H

#define SCRY_VERSION "0.1.0"

/* Each returns scry's exit status; argv[0] is the command's name. */
int cmd_trace(int argc, char **argv);
int cmd_convert(int argc, char **argv);

#endif
