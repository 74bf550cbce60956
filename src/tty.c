/* SPDX-License-Identifier: PostgreSQL */
/*
 * tty: the confirmation question and the countdown on /dev/tty (see
 * tty.h).  Signal handling while the question is up is local to this file:
 * handlers only set flags and, for a suspend, put the saved terminal
 * settings back with tcsetattr (async-signal-safe) before stopping.  The
 * handler state below is the only global here; it is set while tty_ask
 * runs and cleared when it returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "safepg/strbuf.h"
#include "safepg/tty.h"
#include "safepg/banned.h"

#define TTY_MAX_ANSWER 4096	/* longer answers are wrong anyway; stop reading there */

static volatile sig_atomic_t tty_int_seen;
static volatile sig_atomic_t tty_term_seen;	/* the signal number */
static volatile sig_atomic_t tty_resumed;
static volatile sig_atomic_t tty_fd = -1;
static volatile sig_atomic_t tty_mode_set;	/* the terminal is in our countdown mode */
static struct termios tty_saved, tty_mode;

struct saved_handlers {
	struct sigaction intr, term, hup, tstp;
};

static void on_int(int signo)
{
	(void)signo;
	tty_int_seen = 1;
}

static void on_term(int signo)
{
	tty_term_seen = signo;
}

/*
 * Suspend while asking: give the shell the terminal as we found it, stop,
 * and when continued put our mode back and ask for a redraw.
 */
static void on_tstp(int signo)
{
	int save_errno = errno;

	(void)signo;
	if (tty_fd >= 0)
		(void)tcsetattr(tty_fd, TCSANOW, &tty_saved);
	(void)raise(SIGSTOP);
	if (tty_fd >= 0 && tty_mode_set)
		(void)tcsetattr(tty_fd, TCSANOW, &tty_mode);
	tty_resumed = 1;
	errno = save_errno;
}

static void install(struct saved_handlers *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a signal must interrupt read() and poll() */
	sa.sa_handler = on_int;
	sigaction(SIGINT, &sa, &old->intr);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, &old->term);
	sigaction(SIGHUP, &sa, &old->hup);
	sa.sa_handler = on_tstp;
	sigaction(SIGTSTP, &sa, &old->tstp);
}

static void uninstall(const struct saved_handlers *old)
{
	sigaction(SIGINT, &old->intr, NULL);
	sigaction(SIGTERM, &old->term, NULL);
	sigaction(SIGHUP, &old->hup, NULL);
	sigaction(SIGTSTP, &old->tstp, NULL);
}

int tty_present(void)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

const char *tty_sgr(const char *color)
{
	static const struct {
		const char *name, *sgr;
	} colors[] = {
		{ "black", "\033[1;30m" }, { "red", "\033[1;31m" }, { "green", "\033[1;32m" },
		{ "yellow", "\033[1;33m" }, { "blue", "\033[1;34m" }, { "magenta", "\033[1;35m" },
		{ "cyan", "\033[1;36m" }, { "white", "\033[1;37m" },
	};
	const char *no_color = getenv("NO_COLOR");

	if (!color || (no_color && *no_color))
		return NULL;
	for (size_t i = 0; i < sizeof(colors) / sizeof(colors[0]); i++)
		if (!strcmp(colors[i].name, color))
			return colors[i].sgr;
	return NULL;
}

const char *tty_answer_text(enum tty_answer a)
{
	switch (a) {
	case TTY_CONFIRMED: return "confirmed";
	case TTY_MISTYPED: return "the phrase did not match";
	case TTY_EMPTY: return "empty answer";
	case TTY_INTERRUPTED: return "interrupted";
	case TTY_CANCELLED: return "countdown cancelled";
	case TTY_TERMINATED: return "terminated";
	case TTY_NO_TTY: return "no terminal";
	case TTY_ANSWER_NONE:
	default: return "no answer";
	}
}

static void put(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		s += n;
		len -= (size_t)n;
	}
}

static void show_question(int fd, const struct tty_question *q)
{
	struct strbuf sb = STRBUF_INIT;
	const char *sgr = tty_sgr(q->color);

	strbuf_addstr(&sb, "\n");
	if (q->env_name) {
		if (sgr)
			strbuf_addf(&sb, "%s[%s]\033[0m ", sgr, q->env_name);
		else
			strbuf_addf(&sb, "[%s] ", q->env_name);
	}
	strbuf_addf(&sb, "%s\n", q->headline ? q->headline : "confirmation needed");
	if (q->where && *q->where)
		strbuf_addf(&sb, "  target: %s\n", q->where);
	if (q->details)
		for (size_t i = 0; i < q->details->n; i++)
			strbuf_addf(&sb, "  %s\n", q->details->v[i]);
	put(fd, sb.buf, sb.len);
	strbuf_release(&sb);
}

/*
 * Read one line from the terminal in its own (canonical) mode.  Returns 1
 * with the line in *out, 0 at end of input, -1 on Ctrl-C or a termination
 * signal.
 */
static int read_answer(int fd, const struct tty_question *q, struct strbuf *out)
{
	for (;;) {
		char c;
		ssize_t n;

		if (tty_int_seen || tty_term_seen)
			return -1;
		if (tty_resumed) {
			/* back from a suspend: say again what is being asked */
			tty_resumed = 0;
			show_question(fd, q);
			put(fd, q->prompt, strlen(q->prompt));
			strbuf_setlen(out, 0);
		}
		n = read(fd, &c, 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return 0;
		}
		if (n == 0)
			return 0;
		if (c == '\n' || c == '\r')
			return 1;
		if (out->len < TTY_MAX_ANSWER)
			strbuf_addch(out, c);
	}
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Count down on fd, one line rewritten each second.  The terminal is in a
 * mode without echo or line editing, so any key is seen at once (Ctrl-C
 * still raises SIGINT).
 */
static enum tty_answer countdown(int fd, unsigned seconds)
{
	long long end = now_ms() + (long long)seconds * 1000;
	long long shown = -1;

	tty_mode = tty_saved;
	tty_mode.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	tty_mode.c_lflag |= ISIG;
	tty_mode.c_cc[VMIN] = 1;
	tty_mode.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSAFLUSH, &tty_mode) != 0)
		return TTY_CANCELLED;	/* cannot watch for a key: do not run */
	tty_mode_set = 1;
	for (;;) {
		long long left = end - now_ms();
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int r;

		if (tty_term_seen)
			return TTY_TERMINATED;
		if (tty_int_seen)
			return TTY_CANCELLED;
		if (left <= 0)
			break;
		if ((left + 999) / 1000 != shown || tty_resumed) {
			char line[96];
			int len;

			tty_resumed = 0;
			shown = (left + 999) / 1000;
			len = snprintf(line, sizeof(line),
				       "\rrunning in %lld s; press any key to cancel ", shown);
			if (len > 0)
				put(fd, line, (size_t)len);
		}
		r = poll(&pfd, 1, (int)(left % 1000 ? left % 1000 : 1000));
		if (r < 0 && errno != EINTR)
			return TTY_CANCELLED;
		if (r > 0) {
			char c;

			/* swallow the key so it does not reach the next prompt */
			if (read(fd, &c, 1) < 0)
				c = 0;
			return TTY_CANCELLED;
		}
	}
	{
		static const char done[] = "\rrunning now                                   \n";

		put(fd, done, sizeof(done) - 1);
	}
	return TTY_CONFIRMED;
}

enum tty_answer tty_ask(const struct tty_question *q)
{
	struct saved_handlers old;
	struct strbuf answer = STRBUF_INIT;
	enum tty_answer ret = TTY_ANSWER_NONE;
	int fd, r, have_saved;

	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return TTY_NO_TTY;
	have_saved = tcgetattr(fd, &tty_saved) == 0;
	tty_int_seen = 0;
	tty_term_seen = 0;
	tty_resumed = 0;
	tty_mode_set = 0;
	tty_fd = have_saved ? fd : -1;
	install(&old);

	show_question(fd, q);
	if (q->phrase) {
		const char *prompt = q->prompt ? q->prompt : "Type the phrase to confirm: ";

		/*
		 * The question is on the screen now: whatever was typed before it
		 * appeared was not typed in answer to it.
		 */
		(void)tcflush(fd, TCIFLUSH);
		put(fd, prompt, strlen(prompt));
		r = read_answer(fd, q, &answer);
		if (tty_term_seen) {
			ret = TTY_TERMINATED;
			goto out;
		}
		if (r < 0) {
			put(fd, "\n", 1);
			ret = TTY_INTERRUPTED;
			goto out;
		}
		if (r == 0) {
			put(fd, "\n", 1);
			ret = TTY_INTERRUPTED;
			goto out;
		}
		if (answer.len == 0) {
			ret = TTY_EMPTY;
			goto out;
		}
		if (strcmp(answer.buf, q->phrase) != 0) {
			ret = TTY_MISTYPED;
			goto out;
		}
	}
	if (q->countdown > 0 && have_saved) {
		ret = countdown(fd, q->countdown);
		if (ret != TTY_CONFIRMED)
			put(fd, "\n", 1);
	} else {
		ret = TTY_CONFIRMED;
	}
out:
	if (have_saved)
		(void)tcsetattr(fd, TCSAFLUSH, &tty_saved);
	tty_mode_set = 0;
	tty_fd = -1;
	close(fd);
	uninstall(&old);
	strbuf_release_secret(&answer);
	if (ret == TTY_TERMINATED)
		(void)raise(tty_term_seen);
	return ret;
}

enum tty_answer tty_countdown_stderr(unsigned seconds, const char *what)
{
	struct saved_handlers old;
	enum tty_answer ret = TTY_CONFIRMED;
	long long end = now_ms() + (long long)seconds * 1000;
	long long shown = -1;

	if (seconds == 0)
		return TTY_CONFIRMED;
	tty_int_seen = 0;
	tty_term_seen = 0;
	tty_fd = -1;
	install(&old);
	for (;;) {
		long long left = end - now_ms();

		if (tty_term_seen) {
			ret = TTY_TERMINATED;
			break;
		}
		if (tty_int_seen) {
			ret = TTY_CANCELLED;
			break;
		}
		if (left <= 0)
			break;
		if ((left + 999) / 1000 != shown) {
			shown = (left + 999) / 1000;
			fprintf(stderr, "safepg: running %s in %lld s (Ctrl-C cancels)\n",
				what ? what : "the statement", shown);
		}
		(void)poll(NULL, 0, (int)(left % 1000 ? left % 1000 : 1000));
	}
	uninstall(&old);
	if (ret == TTY_TERMINATED)
		(void)raise(tty_term_seen);
	return ret;
}
