/* SPDX-License-Identifier: PostgreSQL */
/*
 * spawn: child processes for what psql runs through a shell — \! COMMAND,
 * \o |COMMAND, \g |COMMAND, \copy ... PROGRAM, backquotes, \e's editor.
 * popen and system are banned in safepg (banned.h); this module does the
 * same with fork and exec of /bin/sh -c, so that every shell command goes
 * through one place, after the guard has classified it.
 */
#ifndef SAFEPG_SPAWN_H
#define SAFEPG_SPAWN_H

#include <stdio.h>
#include <sys/types.h>

/*
 * Start /bin/sh -c cmd with a pipe to its stdin (mode "w") or from its
 * stdout (mode "r").  Returns the stream and the child's pid in *pid, or
 * NULL with errno set.
 */
FILE *spawn_pipe_open(const char *cmd, const char *mode, pid_t *pid);
/* Close the stream and wait for the child: its wait status, or -1. */
int spawn_pipe_close(FILE *f, pid_t pid);
/*
 * Run /bin/sh -c cmd and wait (system(3) semantics: SIGINT and SIGQUIT are
 * ignored while waiting).  Returns the wait status, or -1 if the child
 * could not be started.
 */
int spawn_shell(const char *cmd);

#endif
