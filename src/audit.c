/* SPDX-License-Identifier: PostgreSQL */
/*
 * audit: the audit log file.  Finds it (the profile's audit.path or the XDG
 * state directory), creates it private (directories 0700, file 0600), and
 * appends one record per call: under an exclusive flock, it reads the last
 * line to chain to, then writes the new line with a single write(2) on an
 * O_APPEND descriptor, and fsyncs when asked.  Every failure is reported to
 * the caller, who refuses what it cannot log.  It does not build or check
 * lines (auditrec.c), redact statements, or rotate the log.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "safepg/audit.h"
#include "safepg/profile_file.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

struct audit {
	int fd;
	char *path;
	char *os_user;		/* the invoking user, for records that leave it out */
};

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
	if (!a)
		return;
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

int audit_append(struct audit *a, const struct audit_record *rec, int sync, char **cause)
{
	struct audit_record r = *rec;
	struct strbuf out = STRBUF_INIT;
	char prev[SHA256_HEX_LEN + 1];
	struct stat st;
	struct timespec now;
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
	if (st.st_size > 0 && last_line_hash(a->fd, st.st_size, prev, &torn, a->path, cause) < 0)
		goto out;

	/* Taken under the lock, so the times in the file never go backwards. */
	if (!r.ts_ms) {
		clock_gettime(CLOCK_REALTIME, &now);
		r.ts_ms = (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
	}
	if (!r.pid)
		r.pid = (long)getpid();
	if (!r.os_user)
		r.os_user = a->os_user;

	/*
	 * A torn last line (a crash in the middle of someone's write) is closed
	 * with a newline in our own write and chained to as it is: verify will
	 * name it, and the log goes on instead of refusing every statement.
	 */
	if (torn)
		strbuf_addch(&out, '\n');
	if (auditrec_format(&out, &r, st.st_size > 0 ? prev : NULL, cause) < 0)
		goto out;

	do
		n = write(a->fd, out.buf, out.len);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)out.len) {
		int err = n < 0 ? errno : ENOSPC;
		/* Cut off the part that made it, so no half line of ours remains. */
		int cut = n > 0 ? ftruncate(a->fd, st.st_size) : 0;

		*cause = xasprintf("could not write to audit log \"%s\": %s%s\n"
				   "hint: free some space, or set audit.path in the profile",
				   a->path, strerror(err),
				   cut < 0 ? " (a partial line remains at its end)" : "");
		goto out;
	}
	if (sync && fsync(a->fd) < 0) {
		*cause = xasprintf("could not flush audit log \"%s\" to disk: %s", a->path,
				   strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (locked)
		(void)flock(a->fd, LOCK_UN);
	strbuf_release(&out);
	return rc;
}
