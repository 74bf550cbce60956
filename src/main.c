/* SPDX-License-Identifier: PostgreSQL */
/*
 * main: dispatch.  safepg is one binary with several faces: the psql-like
 * client (the default), subcommands (`safepg check`, ...), and the guarded
 * PostgreSQL tools when called through a link named like one of them.  main
 * only decides which face to show; each lives in its own cmd_*.c.
 */
#include <stdio.h>
#include <string.h>

#include "safepg/cmd_client.h"
#include "safepg/exitcode.h"
#include "safepg/banned.h"

int main(int argc, char **argv)
{
	/* subcommands (check, profile, env) are dispatched here as they land */
	return cmd_client_main(argc, argv);
}
