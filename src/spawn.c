/* SPDX-License-Identifier: PostgreSQL */
/*
 * spawn: /bin/sh -c children with or without a pipe.  See spawn.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "safepg/spawn.h"
#include "safepg/banned.h"

extern char **environ;

static void exec_shell(const char *cmd)
{
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

FILE *spawn_pipe_open(const char *cmd, const char *mode, pid_t *pid)
{
	int fds[2];
	int reading = mode[0] == 'r';
	pid_t child;
	FILE *f;

	fflush(NULL);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return NULL;
	child = fork();
	if (child < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		errno = e;
		return NULL;
	}
	if (child == 0) {
		/* the child's end becomes its stdout (reading) or stdin (writing) */
		int target = reading ? STDOUT_FILENO : STDIN_FILENO;
		int mine = reading ? fds[1] : fds[0];

		if (dup2(mine, target) < 0)
			_exit(127);
		signal(SIGPIPE, SIG_DFL);
		exec_shell(cmd);
	}
	close(reading ? fds[1] : fds[0]);
	f = fdopen(reading ? fds[0] : fds[1], reading ? "r" : "w");
	if (!f) {
		int e = errno;
		close(reading ? fds[0] : fds[1]);
		waitpid(child, NULL, 0);
		errno = e;
		return NULL;
	}
	*pid = child;
	return f;
}

int spawn_pipe_close(FILE *f, pid_t pid)
{
	int status;

	fclose(f);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return status;
}

int spawn_shell(const char *cmd)
{
	struct sigaction ign, old_int, old_quit;
	pid_t child;
	int status = -1;

	fflush(NULL);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	child = fork();
	if (child == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		exec_shell(cmd);
	}
	if (child > 0) {
		while (waitpid(child, &status, 0) < 0) {
			if (errno != EINTR) {
				status = -1;
				break;
			}
		}
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	return status;
}
