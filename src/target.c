/* SPDX-License-Identifier: PostgreSQL */
/*
 * target: the client side of where a connection goes, resolved with libpq
 * (PQconninfoParse, PQconndefaults) the way PQconnectdbParams would with
 * psql's keywords: explicit options, a conninfo or URI in the database name
 * overriding them, then the service file, PG* variables and defaults.  It
 * does not connect and does not resolve host names (see target.h).
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <pg_config.h>
#include <pg_config_manual.h>

#include "safepg/envmatch.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/target.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* The options target_resolve looks at, in a fixed order. */
enum opt {
	OPT_HOST, OPT_HOSTADDR, OPT_PORT, OPT_DBNAME, OPT_USER, OPT_SERVICE, OPT_COUNT
};

static const char *const opt_keywords[OPT_COUNT] = {
	"host", "hostaddr", "port", "dbname", "user", "service",
};

int target_is_conninfo(const char *s)
{
	return s && (!strncmp(s, "postgresql://", 13) || !strncmp(s, "postgres://", 11) ||
		     strchr(s, '=') != NULL);
}

static void set_opt(char *vals[OPT_COUNT], enum opt o, const char *v)
{
	/* libpq treats an empty value in the arrays as not given */
	if (!v || !*v)
		return;
	free(vals[o]);
	vals[o] = xstrdup(v);
}

static int opt_index(const char *keyword)
{
	for (int i = 0; i < OPT_COUNT; i++)
		if (!strcmp(keyword, opt_keywords[i]))
			return i;
	return -1;
}

/* Copy the values of opts that we track into vals, where opts has one. */
static void take_options(char *vals[OPT_COUNT], const PQconninfoOption *opts, int only_unset)
{
	for (const PQconninfoOption *o = opts; o && o->keyword; o++) {
		int i = opt_index(o->keyword);

		if (i < 0 || !o->val)
			continue;
		if (only_unset && vals[i])
			continue;
		set_opt(vals, (enum opt)i, o->val);
	}
}

/*
 * The defaults libpq would fill in for what is still unset: service file
 * entry (of the service named so far, else $PGSERVICE), PG* variables,
 * compiled-in defaults.  PQconndefaults() reads the service only from
 * $PGSERVICE, so a service named in a conninfo is put there for the call.
 */
static void add_defaults(char *vals[OPT_COUNT])
{
	const char *old = getenv("PGSERVICE");
	char *saved = old ? xstrdup(old) : NULL;
	PQconninfoOption *defs;

	if (vals[OPT_SERVICE])
		setenv("PGSERVICE", vals[OPT_SERVICE], 1);
	defs = PQconndefaults();
	if (vals[OPT_SERVICE]) {
		if (saved)
			setenv("PGSERVICE", saved, 1);
		else
			unsetenv("PGSERVICE");
	}
	free(saved);
	if (defs) {
		take_options(vals, defs, 1);
		PQconninfoFree(defs);
	}
}

/* Split a comma-separated libpq list; "" gives one empty element. */
static void split_list(const char *s, struct strvec *out)
{
	const char *p = s ? s : "";

	for (;;) {
		const char *comma = strchr(p, ',');

		if (!comma) {
			strvec_push(out, p);
			return;
		}
		strvec_pushn(out, p, (size_t)(comma - p));
		p = comma + 1;
	}
}

static unsigned parse_port(const char *s)
{
	char *end;
	long v;

	if (!s || !*s)
		s = DEF_PGPORT_STR;
	v = strtol(s, &end, 10);
	if (*end || v < 1 || v > 65535)
		return 0;	/* unknown: matches no `ports` entry; libpq will refuse it */
	return (unsigned)v;
}

static int build_hosts(char *vals[OPT_COUNT], struct target *t, char **cause)
{
	struct strvec hosts = STRVEC_INIT, addrs = STRVEC_INIT, ports = STRVEC_INIT;
	size_t n;
	int ret = -1;

	split_list(vals[OPT_HOST], &hosts);
	if (vals[OPT_HOSTADDR])
		split_list(vals[OPT_HOSTADDR], &addrs);
	split_list(vals[OPT_PORT], &ports);
	n = hosts.n;
	/* as libpq's connectOptions2: hostaddr decides the count when host is absent */
	if (addrs.n && !vals[OPT_HOST])
		n = addrs.n;
	if (addrs.n && addrs.n != n) {
		*cause = xasprintf("could not match %zu host names to %zu hostaddr values",
				   hosts.n, addrs.n);
		goto out;
	}
	if (ports.n != 1 && ports.n != n) {
		*cause = xasprintf("could not match %zu port numbers to %zu hosts", ports.n, n);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const char *h = i < hosts.n ? hosts.v[i] : "";
		const char *a = addrs.n ? addrs.v[i] : NULL;
		const char *p = ports.n == 1 ? ports.v[0] : ports.v[i];

		if (a && !*a)
			a = NULL;
		/* no host and no hostaddr: libpq's default Unix socket directory */
		if (!*h && !a)
			h = DEFAULT_PGSOCKET_DIR;
		envmatch_target_add_host(t, *h ? h : NULL, a, parse_port(p));
	}
	ret = 0;
out:
	strvec_clear(&hosts);
	strvec_clear(&addrs);
	strvec_clear(&ports);
	return ret;
}

int target_resolve(const struct target_spec *spec, struct target *t, char **cause)
{
	char *vals[OPT_COUNT] = { NULL };
	PQconninfoOption *parsed = NULL;
	char *err = NULL;
	int ret = -1;

	envmatch_target_init(t);
	set_opt(vals, OPT_HOST, spec->host);
	set_opt(vals, OPT_PORT, spec->port);
	set_opt(vals, OPT_USER, spec->user);
	if (target_is_conninfo(spec->dbname)) {
		/* expand_dbname: what the string sets overrides -h, -p and -U */
		parsed = PQconninfoParse(spec->dbname, &err);
		if (!parsed) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addstr(&sb, err ? err : "out of memory");
			strbuf_rtrim(&sb);
			*cause = strbuf_detach(&sb, NULL);
			goto out;
		}
		take_options(vals, parsed, 0);
	} else {
		set_opt(vals, OPT_DBNAME, spec->dbname);
	}
	add_defaults(vals);
	if (!vals[OPT_DBNAME] && vals[OPT_USER])
		vals[OPT_DBNAME] = xstrdup(vals[OPT_USER]);
	if (build_hosts(vals, t, cause))
		goto out;
	t->database = vals[OPT_DBNAME] ? xstrdup(vals[OPT_DBNAME]) : NULL;
	t->user = vals[OPT_USER] ? xstrdup(vals[OPT_USER]) : NULL;
	t->service = vals[OPT_SERVICE] ? xstrdup(vals[OPT_SERVICE]) : NULL;
	ret = 0;
out:
	if (ret)
		envmatch_target_release(t);
	for (int i = 0; i < OPT_COUNT; i++)
		free(vals[i]);
	if (parsed)
		PQconninfoFree(parsed);
	PQfreemem(err);
	return ret;
}

void target_conn_params(const struct target_spec *spec, const char ***keywords,
			const char ***values)
{
	const char **k = xcalloc(7, sizeof(*k)), **v = xcalloc(7, sizeof(*v));
	int n = 0;

	/* psql's order (startup.c): dbname after host, port and user */
	k[n] = "host", v[n++] = spec->host;
	k[n] = "port", v[n++] = spec->port;
	k[n] = "user", v[n++] = spec->user;
	k[n] = "dbname", v[n++] = spec->dbname;
	k[n] = "fallback_application_name", v[n++] = "safepg";
	k[n] = NULL, v[n] = NULL;
	*keywords = k;
	*values = v;
}

static void add_q(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	strbuf_addstr(sb, s);
	strbuf_addch(sb, '"');
}

void target_describe(const struct target *t, struct strbuf *out)
{
	for (size_t i = 0; i < t->nhosts; i++) {
		const struct target_host *h = &t->hosts[i];

		if (i)
			strbuf_addstr(out, " or ");
		if (h->host && h->host[0] == '/')
			strbuf_addstr(out, "socket ");
		else
			strbuf_addstr(out, "host ");
		add_q(out, h->host ? h->host : "");
		if (h->hostaddr) {
			strbuf_addstr(out, " (hostaddr ");
			add_q(out, h->hostaddr);
			strbuf_addch(out, ')');
		}
		if (h->port)
			strbuf_addf(out, " port %u", h->port);
		else
			strbuf_addstr(out, " port unknown");
	}
	strbuf_addstr(out, ", database ");
	add_q(out, t->database ? t->database : "");
	strbuf_addstr(out, ", user ");
	add_q(out, t->user ? t->user : "");
	if (t->service) {
		strbuf_addstr(out, ", service ");
		add_q(out, t->service);
	}
}
