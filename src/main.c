/* SPDX-License-Identifier: PostgreSQL */
/*
 * main: dispatch.  safepg is one binary with several faces: the psql-like
 * client (the default), subcommands (`safepg check`, ...), and the guarded
 * PostgreSQL tools when called through a link named like one of them.  main
 * only decides which face to show; each lives in its own cmd_*.c.
 */
#include <stdio.h>
#include <string.h>

#include "safepg/cmd.h"
#include "safepg/cmd_client.h"
#include "safepg/exitcode.h"
#include "safepg/pgtool.h"
#include "safepg/profile_file.h"
#include "safepg/target.h"
#include "safepg/wrap.h"
#include "safepg/banned.h"

/* The name safepg was called by, without its directory. */
static const char *called_as(const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;

	return slash ? slash + 1 : argv0 ? argv0 : "";
}

int main(int argc, char **argv)
{
	const char *name = called_as(argv[0]);

	/* a link named pg_dump, dropdb, ...: the guarded tool */
	if (pgtool_lookup(name) != PGTOOL_NONE)
		return cmd_wrap(name, argc, argv);
	if (argc > 1 && pgtool_lookup(argv[1]) != PGTOOL_NONE)
		return cmd_wrap(argv[1], argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "shell-init"))
		return cmd_shell_init(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "profile"))
		return cmd_profile(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "audit")) return cmd_audit(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "env"))
		return cmd_env(argc - 1, argv + 1);
	return cmd_client_main(argc, argv);
}
