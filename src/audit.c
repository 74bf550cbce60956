/* SPDX-License-Identifier: PostgreSQL */
/*
 * audit: the audit log file.  Finds it (the profile's audit.path or the XDG
 * state directory), creates it private (directories 0700, file 0600), and
 * appends records: under an exclusive flock it chains to the file's last
 * line (read back only when another writer moved the end since our last
 * write), writes with a single write(2) on an O_APPEND descriptor, and
 * fsyncs when asked.  The lines of simply allowed statements may be queued
 * and written together (audit_queue).  Every failure is reported to the
 * caller, who refuses what it cannot log.  It does not build or check lines
 * (auditrec.c), redact statements, or rotate the log.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "safepg/audit.h"
#include "safepg/profile_file.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* Queued lines are written when there are this many, or this old, or this large. */
#define QUEUE_LINES	64
#define QUEUE_MS	1000
#define QUEUE_BYTES	(64 * 1024)

struct audit {
	int fd;
	char *path;
	char *os_user;		/* the invoking user, for records that leave it out */
	long pid;		/* ours, taken once */
	/*
	 * The chain as we left it: the hash of the last line we wrote and the
	 * file's size just after.  Under the lock, a file still that size ends
	 * with our line, and its last line need not be read back.
	 */
	char chain[SHA256_HEX_LEN + 1];
	off_t chain_end;	/* -1: not known */
	/* Lines waiting to be written (audit_queue): bodies, one per '\n'. */
	struct strbuf queue;
	/* The last queued record, not formatted yet (audit_prepare); its strings are owned. */
	struct audit_record raw;
	struct strvec raw_strings;	/* what raw's pointers point into */
	struct strvec raw_reasons;
	int have_raw;
	size_t nqueued;
	long long queued_since;	/* ms, the oldest queued line's time */
};

/* The log whose queue is written at exit (the one audit_queue last used). */
static struct audit *exit_flush;

/* The home directory (allocated): $HOME, else the password database; NULL. */
static char *home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h && *h)
		return xstrdup(h);
	pw = getpwuid(getuid());
	return pw && pw->pw_dir && *pw->pw_dir ? xstrdup(pw->pw_dir) : NULL;
}

char *audit_default_path(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	char *home, *path;

	/* The XDG spec: a relative value is invalid and must be ignored. */
	if (state && state[0] == '/')
		return xasprintf("%s/safepg/audit.jsonl", state);
	home = home_dir();
	if (!home)
		return NULL;
	path = xasprintf("%s/.local/state/safepg/audit.jsonl", home);
	free(home);
	return path;
}

const char *audit_profile_path(const struct profile_set *set)
{
	for (size_t i = 0; i < set->nfloors; i++)
		if (set->floors[i].audit_path)
			return set->floors[i].audit_path;
	return set->have_user ? set->user.audit_path : NULL;
}

static char *user_name(void)
{
	struct passwd *pw = getpwuid(getuid());

	if (pw && pw->pw_name && *pw->pw_name)
		return xstrdup(pw->pw_name);
	return xasprintf("%lu", (unsigned long)getuid());
}

/*
 * mkdir -p for the directories above path, each created 0700: the log says
 * what was run where, which is nobody else's business.
 */
static int make_parents(const char *path, char **cause)
{
	char *dir = xstrdup(path);
	int rc = 0;

	for (char *p = dir + 1; *p; p++) {
		struct stat st;
		int err = 0;

		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			err = errno;
		else if (stat(dir, &st) < 0)
			err = errno;
		else if (!S_ISDIR(st.st_mode))
			err = ENOTDIR;
		if (err) {
			*cause = xasprintf("could not create directory \"%s\": %s\n"
					   "hint: set audit.path in the profile to a writable place",
					   dir, strerror(err));
			rc = -1;
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

/* Make a newly created file's directory entry durable. */
static void sync_parent(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int fd;

	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

struct audit *audit_open(const char *path, char **cause)
{
	struct audit *a = NULL;
	char *full = NULL;
	struct stat st;
	int fd = -1, created = 0;

	if (!path) {
		full = audit_default_path();
		if (!full) {
			*cause = xstrdup("could not find the audit log: no home directory\n"
					 "hint: set HOME or XDG_STATE_HOME, or audit.path in the profile");
			goto fail;
		}
	} else if (!strncmp(path, "~/", 2)) {
		char *home = home_dir();

		if (!home) {
			*cause = xasprintf("could not open audit log \"%s\": no home directory\n"
					   "hint: set HOME, or give audit.path as an absolute path",
					   path);
			goto fail;
		}
		full = xasprintf("%s%s", home, path + 1);
		free(home);
	} else if (!*path) {
		*cause = xstrdup("audit log path is empty");
		goto fail;
	} else {
		full = xstrdup(path);
	}

	if (make_parents(full, cause) < 0)
		goto fail;
	/* O_RDWR, not O_WRONLY: append reads the last line back and may cut off a short write. */
	fd = open(full, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd >= 0)
		created = 1;
	else if (errno == EEXIST)
		fd = open(full, O_RDWR | O_APPEND | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		*cause = xasprintf("could not open audit log \"%s\": %s\n"
				   "hint: check its permissions, or set audit.path in the profile",
				   full, strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st) < 0) {
		*cause = xasprintf("could not stat audit log \"%s\": %s", full, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		*cause = xasprintf("audit log \"%s\" is not a regular file\n"
				   "hint: set audit.path in the profile to a file", full);
		goto fail;
	}
	if (created) {
		(void)fchmod(fd, 0600);		/* whatever the umask */
		sync_parent(full);
	}
	a = xcalloc(1, sizeof(*a));
	a->fd = fd;
	a->path = full;
	a->os_user = user_name();
	a->pid = (long)getpid();
	a->chain_end = -1;
	strbuf_init(&a->queue, 0);
	strvec_init(&a->raw_strings);
	strvec_init(&a->raw_reasons);
	return a;

fail:
	if (fd >= 0)
		close(fd);
	free(full);
	return NULL;
}

const char *audit_path(const struct audit *a)
{
	return a->path;
}

void audit_close(struct audit *a)
{
	char *cause = NULL;

	if (!a)
		return;
	if (audit_flush(a, &cause) < 0)
		free(cause);	/* nowhere left to say it: the caller is done with the log */
	if (exit_flush == a)
		exit_flush = NULL;
	strbuf_release(&a->queue);
	strvec_clear(&a->raw_strings);
	strvec_clear(&a->raw_reasons);
	if (a->fd >= 0)
		close(a->fd);
	free(a->path);
	free(a->os_user);
	free(a);
}

/* pread all of buf[0..len-1] from off; 0, or -1 with errno (0: the file shrank). */
static int pread_full(int fd, char *buf, size_t len, off_t off)
{
	while (len) {
		ssize_t n = pread(fd, buf, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = 0;
			return -1;
		}
		buf += n, len -= (size_t)n, off += n;
	}
	return 0;
}

/*
 * The "prev" for the next line: the hash of the last line of the first size
 * bytes of the file, without its newline.  *torn = 1 when the file does not
 * end with a newline.  Scans backwards for the line's start, then hashes it
 * forwards, so time is linear in the line's length and memory constant.
 */
static int last_line_hash(int fd, off_t size, char hex[SHA256_HEX_LEN + 1], int *torn,
			  const char *path, char **cause)
{
	enum { BLOCK = 8192 };
	char *buf = xmalloc(BLOCK);
	off_t start = 0, end, pos;
	struct sha256 c;
	unsigned char d[SHA256_LEN];
	int rc = -1;

	if (pread_full(fd, buf, 1, size - 1) < 0)
		goto fail;
	*torn = buf[0] != '\n';
	end = *torn ? size : size - 1;
	for (pos = end; pos > 0 && !start;) {
		size_t want = pos < BLOCK ? (size_t)pos : BLOCK;
		char *nl;

		pos -= (off_t)want;
		if (pread_full(fd, buf, want, pos) < 0)
			goto fail;
		if ((nl = memrchr(buf, '\n', want)))
			start = pos + (nl - buf) + 1;
	}
	sha256_init(&c);
	for (pos = start; pos < end;) {
		size_t want = end - pos < BLOCK ? (size_t)(end - pos) : BLOCK;

		if (pread_full(fd, buf, want, pos) < 0)
			goto fail;
		sha256_update(&c, buf, want);
		pos += (off_t)want;
	}
	sha256_final(&c, d);
	sha256_to_hex(d, hex);
	rc = 0;
	goto out;
fail:
	*cause = xasprintf("could not read audit log \"%s\": %s", path,
			   errno ? strerror(errno) : "the file shrank while locked");
out:
	free(buf);
	return rc;
}

static int lock(int fd)
{
	int rc;

	while ((rc = flock(fd, LOCK_EX)) < 0 && errno == EINTR)
		;
	return rc;
}

static long long now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Fill in what the record leaves to us and append its body to out. */
static int format_body(struct audit *a, const struct audit_record *rec, struct strbuf *out,
		       char **cause)
{
	struct audit_record r = *rec;

	if (!r.ts_ms)
		r.ts_ms = now_ms();
	if (!r.pid)
		r.pid = a->pid;
	if (!r.os_user)
		r.os_user = a->os_user;
	return auditrec_format_body(out, &r, cause);
}

/*
 * Write the queued lines, then rec's when rec is not NULL, as one write(2)
 * under the lock, chained to the file's last line.  rec's time is taken
 * under the lock, so the times of lines written this way never go
 * backwards.  The queue is emptied whether or not the write succeeds (a log
 * that cannot be written must not make us hold every later line in memory).
 */
static int write_lines(struct audit *a, const struct audit_record *rec, int sync, char **cause)
{
	struct strbuf out = STRBUF_INIT, body = STRBUF_INIT;

	if (audit_prepare(a, cause) < 0)
		return -1;
	char prev[SHA256_HEX_LEN + 1], next[SHA256_HEX_LEN + 1];
	const char *p, *end, *chained;
	struct stat st;
	int torn = 0, locked = 0, rc = -1;
	ssize_t n;

	if (lock(a->fd) < 0) {
		*cause = xasprintf("could not lock audit log \"%s\": %s\n"
				   "hint: the log must be on a file system with flock",
				   a->path, strerror(errno));
		goto out;
	}
	locked = 1;
	if (fstat(a->fd, &st) < 0) {
		*cause = xasprintf("could not stat audit log \"%s\": %s", a->path, strerror(errno));
		goto out;
	}
	if (rec && format_body(a, rec, &body, cause) < 0)
		goto out;
	if (st.st_size == 0) {
		chained = NULL;
	} else if (st.st_size == a->chain_end) {
		chained = a->chain;	/* nobody wrote since we did */
	} else {
		if (last_line_hash(a->fd, st.st_size, prev, &torn, a->path, cause) < 0)
			goto out;
		chained = prev;
	}

	/*
	 * A torn last line (a crash in the middle of someone's write) is closed
	 * with a newline in our own write and chained to as it is: verify will
	 * name it, and the log goes on instead of refusing every statement.
	 */
	if (torn)
		strbuf_addch(&out, '\n');
	for (p = a->queue.buf, end = p + a->queue.len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		auditrec_chain(&out, p, (size_t)(nl - p), chained, next);
		memcpy(prev, next, sizeof(prev));
		chained = prev;
		p = nl + 1;
	}
	if (rec) {
		auditrec_chain(&out, body.buf, body.len, chained, next);
		memcpy(prev, next, sizeof(prev));
	}

	do
		n = write(a->fd, out.buf, out.len);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)out.len) {
		int err = n < 0 ? errno : ENOSPC;
		/* Cut off the part that made it, so no half line of ours remains. */
		int cut = n > 0 ? ftruncate(a->fd, st.st_size) : 0;

		a->chain_end = -1;
		*cause = xasprintf("could not write to audit log \"%s\": %s%s\n"
				   "hint: free some space, or set audit.path in the profile",
				   a->path, strerror(err),
				   cut < 0 ? " (a partial line remains at its end)" : "");
		goto out;
	}
	memcpy(a->chain, prev, sizeof(a->chain));
	a->chain_end = st.st_size + (off_t)out.len;
	if (sync && fsync(a->fd) < 0) {
		*cause = xasprintf("could not flush audit log \"%s\" to disk: %s", a->path,
				   strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (locked)
		(void)flock(a->fd, LOCK_UN);
	strbuf_setlen(&a->queue, 0);
	a->nqueued = 0;
	strbuf_release(&out);
	strbuf_release(&body);
	return rc;
}

int audit_append(struct audit *a, const struct audit_record *rec, int sync, char **cause)
{
	return write_lines(a, rec, sync, cause);
}

static void flush_at_exit(void)
{
	char *cause = NULL;

	if (exit_flush && audit_flush(exit_flush, &cause) < 0) {
		fprintf(stderr, "safepg: warning: the audit log cannot be written\n%s\n", cause);
		free(cause);
	}
}

/* A copy of s kept with the raw record; NULL stays NULL. */
static const char *keep(struct audit *a, const char *s)
{
	if (!s)
		return NULL;
	strvec_push(&a->raw_strings, s);
	return a->raw_strings.v[a->raw_strings.n - 1];
}

int audit_prepare(struct audit *a, char **cause)
{
	size_t before = a->queue.len;
	int rc = 0;

	if (!a->have_raw)
		return 0;
	a->have_raw = 0;
	if (format_body(a, &a->raw, &a->queue, cause) < 0) {
		strbuf_setlen(&a->queue, before);
		a->nqueued--;
		rc = -1;
	} else {
		strbuf_addch(&a->queue, '\n');
	}
	strvec_clear(&a->raw_strings);
	strvec_clear(&a->raw_reasons);
	return rc;
}

int audit_queue(struct audit *a, const struct audit_record *rec, char **cause)
{
	static int registered;
	long long now = now_ms();

	/* the one before is formatted now, if nothing did it while the server worked */
	if (audit_prepare(a, cause) < 0)
		return -1;
	a->raw = *rec;
	if (!a->raw.ts_ms)
		a->raw.ts_ms = now;	/* the time it happened, not the time it is formatted */
	a->raw.os_user = keep(a, rec->os_user);
	a->raw.tool = keep(a, rec->tool);
	a->raw.environment = keep(a, rec->environment);
	a->raw.host = keep(a, rec->host);
	a->raw.database = keep(a, rec->database);
	a->raw.db_user = keep(a, rec->db_user);
	a->raw.kind = keep(a, rec->kind);
	a->raw.statement = keep(a, rec->statement);
	a->raw.sqlstate = keep(a, rec->sqlstate);
	for (size_t i = 0; i < rec->nreasons; i++)
		strvec_push(&a->raw_reasons, rec->reasons[i]);
	a->raw.reasons = (const char *const *)a->raw_reasons.v;
	a->have_raw = 1;
	if (!a->nqueued++)
		a->queued_since = now;
	if (!registered) {
		registered = 1;
		atexit(flush_at_exit);
	}
	exit_flush = a;
	if (a->nqueued >= QUEUE_LINES || a->queue.len >= QUEUE_BYTES ||
	    now - a->queued_since >= QUEUE_MS || now < a->queued_since)
		return audit_flush(a, cause);
	return 0;
}

int audit_flush(struct audit *a, char **cause)
{
	if (!a->nqueued)
		return 0;
	return write_lines(a, NULL, 0, cause);
}
