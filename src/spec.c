/* SPDX-License-Identifier: PostgreSQL */
/*
 * spec: speculative classification of a script's statements in a thread,
 * so that parsing statement N+1 happens while the server runs statement N
 * (spec.h says what is handed over and when).  The thread owns its reader,
 * its classify_ctx and its file descriptor; the queue between it and the
 * session is a ring under one mutex.  It does not send, decide, audit or
 * print anything (apart from the optional statistics line at the end).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safepg/classify.h"
#include "safepg/reader.h"
#include "safepg/spec.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

#define QUEUE_MAX	256		/* verdicts waiting */
#define QUEUE_BYTES	(4 << 20)	/* statement text waiting */
#define LOOK_AHEAD	32		/* how far spec_take looks for a match */
#define CHUNK		(64 * 1024)

struct spec_entry {
	char *text;
	size_t len;
	struct verdict v;
};

struct spec {
	char *path;
	const char *purpose;
	int tried, running;	/* launch() was called; the thread runs (session side only) */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t room;		/* signalled when the queue shrinks or stop is set */
	int fd;
	struct spec_entry q[QUEUE_MAX];
	size_t head, n, bytes;
	int stop;
	/* statements the fast path declines, seen by each side (the thread skips to the session) */
	unsigned long long seen_by_session, seen_by_thread;
	unsigned long long handed, asked;
};

static void entry_free(struct spec_entry *e)
{
	free(e->text);
	e->text = NULL;
	verdict_release(&e->v);
}

/* Whether the verdict on text could depend on the session rather than the text. */
static int session_dependent(const char *text)
{
	static const char *const words[] = {
		"prepare", "execute", "deallocate", "discard", "standard_conforming_strings",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasestr(text, words[i]))
			return 1;
	return 0;
}

/* Queue a verdict; 0, or -1 when told to stop. */
static int push(struct spec *sp, const struct reader_unit *u, struct verdict *v)
{
	struct spec_entry *e;

	pthread_mutex_lock(&sp->mu);
	while (!sp->stop && (sp->n == QUEUE_MAX || sp->bytes > QUEUE_BYTES))
		pthread_cond_wait(&sp->room, &sp->mu);
	if (sp->stop) {
		pthread_mutex_unlock(&sp->mu);
		return -1;
	}
	e = &sp->q[(sp->head + sp->n) % QUEUE_MAX];
	e->text = xmemdupz(u->text.buf, u->text.len);
	e->len = u->text.len;
	e->v = *v;		/* moved: the caller starts a new one */
	verdict_init(v);
	sp->n++;
	sp->bytes += u->text.len;
	pthread_mutex_unlock(&sp->mu);
	return 0;
}

static int stopping(struct spec *sp)
{
	int stop;

	pthread_mutex_lock(&sp->mu);
	stop = sp->stop;
	pthread_mutex_unlock(&sp->mu);
	return stop;
}

/* Behind the session: this statement has been classified there already. */
static int behind(struct spec *sp)
{
	int b;

	pthread_mutex_lock(&sp->mu);
	b = ++sp->seen_by_thread <= sp->seen_by_session;
	pthread_mutex_unlock(&sp->mu);
	return b;
}

static void *run(void *arg)
{
	struct spec *sp = arg;
	struct reader *r = reader_new(NULL);
	struct classify_ctx *ctx = classify_ctx_new();
	struct reader_unit u;
	struct verdict v;
	enum reader_status st;
	char *buf = xmalloc(CHUNK);

	reader_unit_init(&u);
	verdict_init(&v);
	while ((st = reader_next(r, &u)) != READER_DONE) {
		if (st == READER_NEED_INPUT) {
			ssize_t n;

			if (stopping(sp))
				break;
			n = read(sp->fd, buf, CHUNK);

			if (n < 0 && errno == EINTR)
				continue;
			if (n > 0)
				reader_feed(r, buf, (size_t)n);
			else
				reader_feed_eof(r);
			continue;
		}
		if (u.kind != READER_UNIT_SQL)
			continue;
		if (classify_fast(u.text.buf, u.text.len, &v))
			continue;	/* the session's fast path takes it too */
		if (behind(sp) || session_dependent(u.text.buf)) {
			/* still lexed as the session will: COPY data must be passed over */
			if (strcasestr(u.text.buf, "copy")) {
				classify_sql_parsed(ctx, u.text.buf, u.text.len, &v);
				if (v.copy_from_stdin)
					reader_begin_copy(r, 0);
			}
			continue;
		}
		classify_sql_parsed(ctx, u.text.buf, u.text.len, &v);
		if (v.copy_from_stdin)
			reader_begin_copy(r, 0);
		if (push(sp, &u, &v) < 0)
			break;
	}
	verdict_release(&v);
	reader_unit_release(&u);
	reader_free(r);
	classify_ctx_free(ctx);
	free(buf);
	return NULL;
}

struct spec *spec_start(const char *path, const char *purpose)
{
	const char *off = getenv("SAFEPG_SPECULATE");
	struct spec *sp;

	if (!path || (off && !strcmp(off, "0")))
		return NULL;
	sp = xcalloc(1, sizeof(*sp));
	sp->path = xstrdup(path);
	sp->purpose = purpose;
	sp->fd = -1;
	pthread_mutex_init(&sp->mu, NULL);
	pthread_cond_init(&sp->room, NULL);
	for (size_t i = 0; i < QUEUE_MAX; i++)
		verdict_init(&sp->q[i].v);
	return sp;
}

/*
 * The thread, started when the first statement the fast path declines
 * comes: a script of nothing but such shapes never pays for a second
 * reader.  0 when it runs.
 */
static int launch(struct spec *sp)
{
	struct stat st;

	sp->tried = 1;
	sp->fd = open(sp->path, O_RDONLY | O_CLOEXEC);
	if (sp->fd < 0)
		return -1;
	if (fstat(sp->fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    pthread_create(&sp->thread, NULL, run, sp) != 0) {
		close(sp->fd);
		sp->fd = -1;
		return -1;
	}
	sp->running = 1;
	return 0;
}

int spec_take(struct spec *sp, const char *text, size_t len, int std_strings,
	      struct verdict *out)
{
	size_t k, look;
	int found = 0;

	if (!sp->tried)
		(void)launch(sp);
	if (!sp->running)
		return 0;
	pthread_mutex_lock(&sp->mu);
	sp->seen_by_session++;
	sp->asked++;
	look = sp->n < LOOK_AHEAD ? sp->n : LOOK_AHEAD;
	for (k = 0; k < look; k++) {
		struct spec_entry *e = &sp->q[(sp->head + k) % QUEUE_MAX];

		if (e->len == len && !memcmp(e->text, text, len)) {
			found = 1;
			break;
		}
	}
	if (found) {
		/* the ones before it were for statements the session saw otherwise */
		for (size_t i = 0; i <= k; i++) {
			struct spec_entry *e = &sp->q[sp->head];

			sp->bytes -= e->len;
			if (i == k && std_strings) {
				verdict_release(out);
				*out = e->v;
				verdict_init(&e->v);
			}
			entry_free(e);
			sp->head = (sp->head + 1) % QUEUE_MAX;
			sp->n--;
		}
		found = std_strings;
		sp->handed += (unsigned long long)found;
	} else if (sp->n == QUEUE_MAX || sp->bytes > QUEUE_BYTES) {
		/* out of step: make room rather than let the thread wait for ever */
		struct spec_entry *e = &sp->q[sp->head];

		sp->bytes -= e->len;
		entry_free(e);
		sp->head = (sp->head + 1) % QUEUE_MAX;
		sp->n--;
	}
	pthread_cond_signal(&sp->room);
	pthread_mutex_unlock(&sp->mu);
	return found;
}

void spec_stop(struct spec *sp)
{
	const char *stats = getenv("SAFEPG_SPEC_STATS");

	if (!sp)
		return;
	if (sp->running) {
		pthread_mutex_lock(&sp->mu);
		sp->stop = 1;
		pthread_cond_broadcast(&sp->room);
		pthread_mutex_unlock(&sp->mu);
		pthread_join(sp->thread, NULL);
		close(sp->fd);
	}
	if (stats && !strcmp(stats, "1"))
		fprintf(stderr, "safepg: classified ahead for %s: %llu of %llu statements\n",
			sp->purpose, sp->handed, sp->asked);
	for (size_t i = 0; i < sp->n; i++)
		entry_free(&sp->q[(sp->head + i) % QUEUE_MAX]);
	pthread_cond_destroy(&sp->room);
	pthread_mutex_destroy(&sp->mu);
	free(sp->path);
	free(sp);
}
