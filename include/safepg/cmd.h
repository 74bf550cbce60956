/* SPDX-License-Identifier: PostgreSQL */
/*
 * cmd: entry points of safepg's subcommands, called by main with the
 * subcommand's own argv (argv[0] is the subcommand name).  Each returns an
 * exit code from exitcode.h; they are the only places besides main that
 * decide how the process ends.
 */
#ifndef SAFEPG_CMD_H
#define SAFEPG_CMD_H

/* `safepg check`: classify files, -c strings or stdin without connecting. */
int cmd_check(int argc, char **argv);
/* `safepg audit verify [FILE]`: check an audit log's hash chain (cmd_audit.c). */
int cmd_audit(int argc, char **argv);

#endif
