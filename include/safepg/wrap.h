/* SPDX-License-Identifier: PostgreSQL */
/*
 * wrap: the guarded PostgreSQL tools (`safepg pg_dump ...`, or safepg
 * called through a link named pg_dump, dropdb, ...).  The call is parsed
 * and classified (pgtool.h), the environment resolved as the client
 * resolves it (profiles, the target, a short libpq connection to ask the
 * server about itself; when that connection fails the client-side match
 * is used and the user is told), then the client's policy, confirmation
 * on /dev/tty and audit apply, and the real tool is exec'd with the
 * arguments unchanged (less safepg's own --confirm=PHRASE).  It never runs
 * itself: a candidate whose real path is safepg's own binary is skipped.
 * It does not look into archives or at the objects of the target database.
 */
#ifndef SAFEPG_WRAP_H
#define SAFEPG_WRAP_H

/*
 * Run tool (a name pgtool_lookup knows) with argv[1..argc-1]; argv[0] is
 * the name it was called by.  Returns only when the tool is not run:
 * SP_EXIT_REFUSED (4), SP_EXIT_DECLINED (5), SP_EXIT_NO_TTY (6),
 * SP_EXIT_CONFIG (8), or 1 when the real tool cannot be found or exec'd.
 * Otherwise the real tool replaces the process and its exit code is the
 * caller's.
 */
int cmd_wrap(const char *tool, int argc, char **argv);

/*
 * `safepg shell-init bash|zsh|fish`: print aliases that send each guarded
 * tool through safepg.  argv[0] is "shell-init".  Returns 0, or 1 for a
 * missing or unknown shell.
 */
int cmd_shell_init(int argc, char **argv);

#endif
