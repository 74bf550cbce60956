/* SPDX-License-Identifier: PostgreSQL */
/*
 * cmd_client: the entry point of the psql-compatible client, what
 * `safepg` runs when no subcommand is named.
 */
#ifndef SAFEPG_CMD_CLIENT_H
#define SAFEPG_CMD_CLIENT_H

/*
 * Parse psql's options from argv (argv[0] is the program), connect, run
 * the -c/-f actions or the interactive loop.  Returns the exit code
 * (exitcode.h); exits directly on --help, --version and option errors.
 */
int cmd_client_main(int argc, char **argv);

/* The --help text (psql's options plus safepg's additions), on stdout. */
void cmd_client_usage(void);

#endif
