/* SPDX-License-Identifier: PostgreSQL */
/*
 * exitcode: safepg's documented exit codes (design.md, "Exit codes";
 * man/safepg.1, EXIT STATUS).  Scripts depend on these numbers: never
 * renumber them.
 */
#ifndef SAFEPG_EXITCODE_H
#define SAFEPG_EXITCODE_H

#define SP_EXIT_OK		0	/* success */
#define SP_EXIT_ERROR		1	/* SQL error with -c, unreadable file, bad option (as psql) */
#define SP_EXIT_CONNECTION	2	/* connection failed or lost, non-interactive (as psql) */
#define SP_EXIT_SCRIPT_STOPPED	3	/* script stopped by ON_ERROR_STOP (as psql) */
#define SP_EXIT_REFUSED		4	/* refused by policy (block) */
#define SP_EXIT_DECLINED	5	/* confirmation declined, mistyped, or countdown cancelled */
#define SP_EXIT_NO_TTY		6	/* confirmation needed, no terminal, none on the command line */
#define SP_EXIT_NOT_APPROVED	7	/* approval required and not granted */
#define SP_EXIT_CONFIG		8	/* profile or configuration invalid: nothing was executed */
#define SP_EXIT_CHECK_FAILED	9	/* safepg check: a unit reached the --fail-on class */

#endif
