/* SPDX-License-Identifier: PostgreSQL */
/*
 * envmatch: patterns, presets, and resolving a target into its effective
 * environment.  See envmatch.h.
 *
 * The rule everything here follows: whatever is uncertain counts towards
 * more protection.  A multi-host target matches an environment when any of
 * its hosts does (the connection may reach that host); the client side and
 * the server side both contribute, and every class gets the strictest action
 * of every environment that applies.  Nothing here resolves names or reads
 * files; a host name never matches a CIDR block.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "safepg/envmatch.h"
#include "safepg/profile.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* ---------------------------------------------------------------- target */

void envmatch_target_init(struct target *t)
{
	memset(t, 0, sizeof(*t));
	strvec_init(&t->extra_tags);
	strvec_init(&t->extra_tag_sources);
}

void envmatch_target_add_tag(struct target *t, const char *tag, const char *source)
{
	t->tag_state = SERVER_TAG_SET;
	if (!t->server_tag) {
		t->server_tag = xstrdup(tag);
		t->server_tag_source = source ? xstrdup(source) : NULL;
		return;
	}
	if (!strcmp(t->server_tag, tag) || strvec_contains(&t->extra_tags, tag))
		return;
	strvec_push(&t->extra_tags, tag);
	strvec_push(&t->extra_tag_sources, source ? source : "");
}

void envmatch_target_release(struct target *t)
{
	for (size_t i = 0; i < t->nhosts; i++) {
		free(t->hosts[i].host);
		free(t->hosts[i].hostaddr);
	}
	free(t->hosts);
	free(t->database);
	free(t->user);
	free(t->service);
	free(t->server_tag);
	free(t->server_tag_source);
	strvec_clear(&t->extra_tags);
	strvec_clear(&t->extra_tag_sources);
	envmatch_target_init(t);
}

void envmatch_target_add_host(struct target *t, const char *host, const char *hostaddr,
			      unsigned port)
{
	struct target_host *h;

	ALLOC_GROW(t->hosts, t->nhosts + 1, t->alloc);
	h = &t->hosts[t->nhosts++];
	h->host = host ? xstrdup(host) : NULL;
	h->hostaddr = hostaddr ? xstrdup(hostaddr) : NULL;
	h->port = port;
}

/* ------------------------------------------------------------ messages */

/* s quoted for a message: control characters escaped, long text cut. */
static void add_q(struct strbuf *sb, const char *s)
{
	size_t len = strlen(s), show = len;

	if (show > 80) {
		show = 77;
		while (show > 0 && ((unsigned char)s[show] & 0xC0) == 0x80)
			show--;
	}
	strbuf_addch(sb, '"');
	for (size_t i = 0; i < show; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			strbuf_addf(sb, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(sb, "\\x%02x", c);
		else if (c == 0xC2 && i + 1 < show && (unsigned char)s[i + 1] >= 0x80 &&
			 (unsigned char)s[i + 1] <= 0x9F)
			strbuf_addf(sb, "\\u%04x", (unsigned char)s[++i]);
		else
			strbuf_addch(sb, (char)c);
	}
	if (show < len)
		strbuf_addstr(sb, "...");
	strbuf_addch(sb, '"');
}

/* ----------------------------------------------------------------- globs */

/* Bytes in the UTF-8 character at s (1 for a stray byte), at most n. */
static size_t char_len(const char *s, size_t n)
{
	size_t i = 1;

	if ((unsigned char)s[0] < 0xC0)
		return 1;
	while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int upper(int c)
{
	return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

int envmatch_glob_check(const char *pattern, char **cause)
{
	struct strbuf q = STRBUF_INIT;
	const char *p = pattern;
	const char *problem = NULL, *hint = NULL;

	if (!*p) {
		*cause = xstrdup("empty pattern");
		return -1;
	}
	while (*p && !problem) {
		if (*p == '\\') {
			if (!p[1]) {
				problem = "it ends with a backslash";
				break;
			}
			p += 2;
		} else if (*p == '[') {
			p++;
			if (*p == '!' || *p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']') {
				if ((unsigned char)*p >= 0x80) {
					problem = "only ASCII characters may appear in [...]";
					break;
				}
				if (*p == '\\') {
					if (!p[1])
						break;
					p++;
					if ((unsigned char)*p >= 0x80) {
						problem = "only ASCII characters may appear in [...]";
						break;
					}
				}
				p++;
			}
			if (!problem && *p != ']') {
				problem = "\"[\" is not closed";
				hint = "close the set with \"]\", or write \\[ for a literal \"[\"";
			}
			if (*p)
				p++;
		} else {
			p++;
		}
	}
	if (!problem)
		return 0;
	strbuf_addstr(&q, "bad glob ");
	add_q(&q, pattern);
	strbuf_addf(&q, ": %s", problem);
	if (hint)
		strbuf_addf(&q, "\nhint: %s", hint);
	*cause = strbuf_detach(&q, NULL);
	return -1;
}

/*
 * Does the set at p (just after '[') contain c?  *end is set after the
 * closing ']'.  The pattern has been checked.
 */
static int set_matches(const char *p, const char **end, int c, int casefold)
{
	int neg = 0, hit = 0, first = 1;

	if (*p == '!' || *p == '^') {
		neg = 1;
		p++;
	}
	while (*p && (first || *p != ']')) {
		int lo, hi;

		first = 0;
		if (*p == '\\' && p[1])
			p++;
		lo = (unsigned char)*p++;
		hi = lo;
		if (*p == '-' && p[1] && p[1] != ']') {
			p++;
			if (*p == '\\' && p[1])
				p++;
			hi = (unsigned char)*p++;
		}
		if ((c >= lo && c <= hi) ||
		    (casefold && ((lower(c) >= lo && lower(c) <= hi) ||
				  (upper(c) >= lo && upper(c) <= hi))))
			hit = 1;
	}
	*end = *p ? p + 1 : p;
	return hit != neg;
}

int envmatch_glob(const char *pattern, const char *s, size_t slen, int casefold)
{
	const char *p = pattern, *star_p = NULL;
	size_t i = 0, star_i = 0;

	/*
	 * Iterative matching with one backtrack point, the last '*': when a
	 * later token fails, that star swallows one more character.  Earlier
	 * stars never need to be revisited, so this is O(len(p) * len(s)).
	 */
	for (;;) {
		const char *next = p + 1;
		size_t clen = 1;
		int ok;

		if (*p == '*') {
			while (*p == '*')
				p++;
			star_p = p;
			star_i = i;
			continue;
		}
		if (i == slen) {
			if (!*p)
				return 1;
			ok = 0;
		} else if (!*p) {
			ok = 0;
		} else if (*p == '?') {
			clen = char_len(s + i, slen - i);
			ok = 1;
		} else if (*p == '[') {
			clen = char_len(s + i, slen - i);
			/* sets hold ASCII only: a non-ASCII character matches only a negated set */
			ok = set_matches(p + 1, &next, (unsigned char)s[i], casefold);
		} else {
			int pc = (unsigned char)*p, sc = (unsigned char)s[i];

			if (pc == '\\' && p[1]) {
				pc = (unsigned char)p[1];
				next = p + 2;
			}
			ok = casefold ? lower(pc) == lower(sc) : pc == sc;
		}
		if (ok) {
			p = next;
			i += clen;
			continue;
		}
		if (!star_p || star_i >= slen)
			return 0;
		star_i += char_len(s + star_i, slen - star_i);
		i = star_i;
		p = star_p;
	}
}

/* ------------------------------------------------------------- addresses */

/*
 * Parse a literal IPv4 or IPv6 address (an IPv6 zone "%eth0" ignored; an
 * IPv4-mapped IPv6 address turned into IPv4).  Returns the family (4 or 6)
 * with the address in out, or 0.
 */
static int parse_addr(const char *s, size_t len, unsigned char out[16])
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	const char *pct = memchr(s, '%', len);
	char *copy;
	int family = 0;

	if (pct)
		len = (size_t)(pct - s);
	/* nothing longer than "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is an address */
	if (len == 0 || len > 45)
		return 0;
	copy = xstrndup(s, len);
	if (!pct && inet_pton(AF_INET, copy, out) == 1) {
		family = 4;
	} else if (inet_pton(AF_INET6, copy, out) == 1) {
		family = 6;
		if (!memcmp(out, mapped, sizeof(mapped))) {
			memmove(out, out + 12, 4);
			family = 4;
		}
	}
	free(copy);
	return family;
}

static int prefix_contains(const unsigned char *net, unsigned prefix, const unsigned char *addr)
{
	unsigned full = prefix / 8, rest = prefix % 8;

	if (memcmp(net, addr, full))
		return 0;
	if (rest) {
		unsigned char mask = (unsigned char)(0xFF << (8 - rest));

		if ((net[full] & mask) != (addr[full] & mask))
			return 0;
	}
	return 1;
}

/* 1 when s is made only of digits and dots: meant as an IPv4 address. */
static int looks_ipv4(const char *s)
{
	return strspn(s, "0123456789.") == strlen(s) && strchr(s, '.');
}

int envmatch_host_pattern_parse(const char *text, struct host_pattern *out, char **cause)
{
	struct strbuf msg = STRBUF_INIT;
	const char *slash;
	char *glob_cause = NULL;

	memset(out, 0, sizeof(*out));
	if (!*text) {
		*cause = xstrdup("empty host pattern");
		return -1;
	}
	if (text[0] == '/') {
		/* a Unix socket directory: a glob on the path */
		size_t len = strlen(text);

		while (len > 1 && text[len - 1] == '/')
			len--;
		out->text = xstrndup(text, len);
		if (envmatch_glob_check(out->text, &glob_cause)) {
			*cause = glob_cause;
			envmatch_host_pattern_release(out);
			return -1;
		}
		out->kind = HOST_PATTERN_GLOB;
		return 0;
	}
	slash = strchr(text, '/');
	if (slash) {
		const char *bits = slash + 1;
		unsigned long prefix = 0;
		unsigned maxbits;
		int written6;
		int family = parse_addr(text, (size_t)(slash - text), out->addr);

		strbuf_addstr(&msg, "bad CIDR ");
		add_q(&msg, text);
		if (!family || memchr(text, '%', (size_t)(slash - text))) {
			char *addr = xstrndup(text, (size_t)(slash - text));

			strbuf_addstr(&msg, ": ");
			add_q(&msg, addr);
			strbuf_addstr(&msg, " is not an IPv4 or IPv6 address");
			free(addr);
			goto fail;
		}
		/* an IPv4-mapped IPv6 block ("::ffff:10.0.0.0/104") is kept as IPv4 */
		written6 = memchr(text, ':', (size_t)(slash - text)) != NULL;
		maxbits = written6 ? 128 : 32;
		if (!*bits || strspn(bits, "0123456789") != strlen(bits) || strlen(bits) > 3) {
			strbuf_addf(&msg, ": the prefix length must be a number from 0 to %u",
				    maxbits);
			goto fail;
		}
		prefix = strtoul(bits, NULL, 10);
		if (prefix > maxbits) {
			strbuf_addf(&msg, ": the prefix length must be from 0 to %u", maxbits);
			goto fail;
		}
		if (written6 && family == 4) {
			if (prefix < 96) {
				strbuf_addstr(&msg, ": an IPv4-mapped block needs a prefix length "
					      "from 96 to 128");
				goto fail;
			}
			prefix -= 96;
			maxbits = 32;
		}
		{
			/* bits after the prefix must be zero: "10.20.1.0/16" is a typo */
			unsigned char net[16];
			unsigned full = (unsigned)prefix / 8, rest = (unsigned)prefix % 8;

			memcpy(net, out->addr, sizeof(net));
			if (full < maxbits / 8) {
				net[full] &= rest ? (unsigned char)(0xFF << (8 - rest)) : 0;
				for (unsigned k = full + 1; k < maxbits / 8; k++)
					net[k] = 0;
			}
			if (memcmp(net, out->addr, maxbits / 8)) {
				char shown[INET6_ADDRSTRLEN];

				inet_ntop(family == 4 ? AF_INET : AF_INET6, net, shown, sizeof(shown));
				strbuf_addf(&msg, ": address bits are set after the first %lu"
					    "\nhint: did you mean \"%s/%lu\"?", prefix, shown, prefix);
				goto fail;
			}
		}
		out->text = xstrdup(text);
		out->kind = HOST_PATTERN_ADDR;
		out->family = family;
		out->prefix = (unsigned)prefix;
		strbuf_release(&msg);
		return 0;
	}
	out->family = parse_addr(text, strlen(text), out->addr);
	if (out->family) {
		out->text = xstrdup(text);
		out->kind = HOST_PATTERN_ADDR;
		out->prefix = out->family == 4 ? 32 : 128;
		return 0;
	}
	if (looks_ipv4(text)) {
		strbuf_addstr(&msg, "bad host pattern ");
		add_q(&msg, text);
		strbuf_addstr(&msg, ": not an IPv4 address");
		goto fail;
	}
	if (envmatch_glob_check(text, &glob_cause)) {
		*cause = glob_cause;
		return -1;
	}
	out->text = xstrdup(text);
	out->kind = HOST_PATTERN_GLOB;
	return 0;

fail:
	memset(out, 0, sizeof(*out));
	*cause = strbuf_detach(&msg, NULL);
	return -1;
}

void envmatch_host_pattern_release(struct host_pattern *hp)
{
	free(hp->text);
	memset(hp, 0, sizeof(*hp));
}

static int addr_matches(const struct host_pattern *hp, const char *s)
{
	unsigned char a[16];

	if (!s)
		return 0;
	return parse_addr(s, strlen(s), a) == hp->family && prefix_contains(hp->addr, hp->prefix, a);
}

int envmatch_host_pattern_matches(const struct host_pattern *hp, const struct target_host *h)
{
	const char *host = h->host ? h->host : "";
	size_t len = strlen(host);

	switch (hp->kind) {
	case HOST_PATTERN_GLOB:
		if (host[0] == '/') {
			/* a socket directory: a path, compared case-sensitively */
			while (len > 1 && host[len - 1] == '/')
				len--;
			if (envmatch_glob(hp->text, host, len, 0))
				return 1;
		} else if (envmatch_glob(hp->text, host, len, 1)) {
			return 1;
		}
		return h->hostaddr && envmatch_glob(hp->text, h->hostaddr, strlen(h->hostaddr), 1);
	case HOST_PATTERN_ADDR:
		return addr_matches(hp, h->host) || addr_matches(hp, h->hostaddr);
	case HOST_PATTERN_NONE:
	default:
		return 0;
	}
}

/* --------------------------------------------------------------- presets */

/* The presets table of man/safepg-profile.5, in class order read..catastrophic. */
static const enum action presets[PROTECTION_COUNT][CLASS_COUNT] = {
	[PROTECTION_OFF] = {
		[CLASS_READ] = ACTION_ALLOW, [CLASS_WRITE] = ACTION_ALLOW,
		[CLASS_DESTRUCTIVE] = ACTION_ALLOW, [CLASS_CATASTROPHIC] = ACTION_ALLOW,
		[CLASS_UNKNOWN] = ACTION_ALLOW,
	},
	[PROTECTION_WARN] = {
		[CLASS_READ] = ACTION_ALLOW, [CLASS_WRITE] = ACTION_ALLOW,
		[CLASS_DESTRUCTIVE] = ACTION_WARN, [CLASS_CATASTROPHIC] = ACTION_CONFIRM,
		[CLASS_UNKNOWN] = ACTION_WARN,
	},
	[PROTECTION_CONFIRM] = {
		[CLASS_READ] = ACTION_ALLOW, [CLASS_WRITE] = ACTION_ALLOW,
		[CLASS_DESTRUCTIVE] = ACTION_CONFIRM, [CLASS_CATASTROPHIC] = ACTION_CONFIRM,
		[CLASS_UNKNOWN] = ACTION_CONFIRM,
	},
	[PROTECTION_STRICT] = {
		[CLASS_READ] = ACTION_ALLOW, [CLASS_WRITE] = ACTION_WARN,
		[CLASS_DESTRUCTIVE] = ACTION_CONFIRM, [CLASS_CATASTROPHIC] = ACTION_BLOCK,
		[CLASS_UNKNOWN] = ACTION_CONFIRM,
	},
	[PROTECTION_READONLY] = {
		[CLASS_READ] = ACTION_ALLOW, [CLASS_WRITE] = ACTION_BLOCK,
		[CLASS_DESTRUCTIVE] = ACTION_BLOCK, [CLASS_CATASTROPHIC] = ACTION_BLOCK,
		[CLASS_UNKNOWN] = ACTION_BLOCK,
	},
};

void envmatch_preset(enum protection p, enum action out[CLASS_COUNT])
{
	/* An unset or bad protection gets confirm: never less than that. */
	if (p <= PROTECTION_NONE || p >= PROTECTION_COUNT)
		p = PROTECTION_CONFIRM;
	for (int c = 0; c < CLASS_COUNT; c++)
		out[c] = presets[p][c];
}

unsigned envmatch_preset_countdown(enum protection p)
{
	switch (p) {
	case PROTECTION_OFF:
		return 0;
	case PROTECTION_STRICT:
	case PROTECTION_READONLY:
		return 10;
	case PROTECTION_WARN:
	case PROTECTION_CONFIRM:
	case PROTECTION_NONE:
	case PROTECTION_COUNT:
	default:
		return 5;
	}
}

const char *envmatch_preset_color(enum protection p)
{
	switch (p) {
	case PROTECTION_STRICT:
	case PROTECTION_READONLY:
		return "red";
	case PROTECTION_CONFIRM:
		return "yellow";
	case PROTECTION_OFF:
	case PROTECTION_WARN:
	case PROTECTION_NONE:
	case PROTECTION_COUNT:
	default:
		return "none";
	}
}

/* ------------------------------------------------------------ resolution */

void envmatch_resolution_init(struct env_resolution *r)
{
	memset(r, 0, sizeof(*r));
	strvec_init(&r->names);
	strvec_init(&r->why);
}

void envmatch_resolution_release(struct env_resolution *r)
{
	strvec_clear(&r->names);
	strvec_clear(&r->why);
	free(r->primary);
	free(r->primary_profile);
	free(r->description);
	free(r->phrase_literal);
	free(r->color);
	free(r->title);
	free(r->background);
	envmatch_resolution_init(r);
}

/* An environment that applies, and how it came to. */
struct contrib {
	const struct profile *prof;
	const struct environment *env;
	int floor;		/* it comes from a floor profile */
	int client;		/* client side: matched, or a default standing in for it */
	int server;		/* the server named it */
};

struct resolver {
	const struct target *t;
	struct env_resolution *r;
	struct contrib *c;
	size_t n, alloc;
	struct profile builtin;
	int builtin_loaded;
	struct environment *synth;	/* stand-ins for server tags no profile knows */
	size_t nsynth;
};

static const char *label(const struct resolver *rs, const struct profile *p)
{
	if (p == &rs->builtin)
		return "the built-in default";
	return p->name ? p->name : "the profile";
}

static int load_builtin(struct resolver *rs, char **cause)
{
	if (rs->builtin_loaded)
		return 0;
	if (profile_parse(&rs->builtin, "(built-in default)", profile_default_yaml(),
			  strlen(profile_default_yaml()), cause))
		return -1;
	rs->builtin_loaded = 1;
	return 0;
}

static void add_contrib(struct resolver *rs, const struct profile *p,
			const struct environment *e, int floor, int client, int server)
{
	for (size_t i = 0; i < rs->n; i++) {
		if (rs->c[i].env == e) {
			rs->c[i].client |= client;
			rs->c[i].server |= server;
			return;
		}
	}
	ALLOC_GROW(rs->c, rs->n + 1, rs->alloc);
	rs->c[rs->n].prof = p;
	rs->c[rs->n].env = e;
	rs->c[rs->n].floor = floor;
	rs->c[rs->n].client = client;
	rs->c[rs->n].server = server;
	rs->n++;
}

static void why(struct resolver *rs, struct strbuf *sb)
{
	strvec_push(&rs->r->why, sb->buf);
	strbuf_reset(sb);
}

static int has_client_keys(const struct env_match *m)
{
	return m->nhosts || m->nports || m->databases.n || m->users.n || m->services.n;
}

/* The first of globs matching s, or NULL. */
static const char *glob_hit(const struct strvec *globs, const char *s)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < globs->n; i++)
		if (envmatch_glob(globs->v[i], s, strlen(s), 0))
			return globs->v[i];
	return NULL;
}

static int match_name(const struct strvec *globs, const char *what, const char *value,
		      struct strbuf *sb)
{
	const char *hit;

	if (!globs->n)
		return 1;
	hit = glob_hit(globs, value);
	if (!hit)
		return 0;
	strbuf_addf(sb, ", %s ", what);
	add_q(sb, value);
	strbuf_addstr(sb, " matches ");
	add_q(sb, hit);
	return 1;
}

/* Do the client-side keys of m match t?  Appends ", reasons" to sb when they do. */
static int match_one(const struct env_match *m, const struct target *t, struct strbuf *sb)
{
	if (m->nhosts || m->nports) {
		int found = 0;

		for (size_t i = 0; i < t->nhosts && !found; i++) {
			const struct target_host *h = &t->hosts[i];
			const struct host_pattern *hit = NULL;
			int port_ok = !m->nports;

			for (size_t j = 0; j < m->nhosts && !hit; j++)
				if (envmatch_host_pattern_matches(&m->hosts[j], h))
					hit = &m->hosts[j];
			if (m->nhosts && !hit)
				continue;
			for (size_t j = 0; j < m->nports && !port_ok; j++)
				port_ok = (unsigned)m->ports[j] == h->port;
			if (!port_ok)
				continue;
			found = 1;
			if (hit) {
				strbuf_addstr(sb, ", host ");
				add_q(sb, h->host ? h->host : "");
				if (h->hostaddr) {
					strbuf_addstr(sb, " (hostaddr ");
					add_q(sb, h->hostaddr);
					strbuf_addch(sb, ')');
				}
				strbuf_addstr(sb, " matches ");
				add_q(sb, hit->text);
			}
			if (m->nports)
				strbuf_addf(sb, ", port %u", h->port);
		}
		if (!found)
			return 0;
	}
	return match_name(&m->databases, "database", t->database, sb) &&
	       match_name(&m->users, "user", t->user, sb) &&
	       match_name(&m->services, "service", t->service, sb);
}

/* Client-side match of e; the reasons (", host ... matches ...") into sb. */
static int client_match(const struct environment *e, const struct target *t,
			struct strbuf *sb)
{
	size_t start = sb->len;

	for (size_t j = 0; j < e->nmatches; j++) {
		const struct env_match *m = &e->matches[j];

		if (!has_client_keys(m))
			continue;
		strbuf_setlen(sb, start);
		if (match_one(m, t, sb)) {
			if (e->nmatches > 1)
				strbuf_addf(sb, " (match entry %zu)", j + 1);
			return 1;
		}
	}
	strbuf_setlen(sb, start);
	return 0;
}

/* Does e answer to the server tag?  Its server_tag entries, else its name. */
static int env_has_tag(const struct environment *e, const char *tag)
{
	int tagged = 0;

	for (size_t j = 0; j < e->nmatches; j++) {
		if (e->matches[j].server_tag) {
			tagged = 1;
			if (!strcmp(e->matches[j].server_tag, tag))
				return 1;
		}
	}
	return !tagged && !strcmp(e->name, tag);
}

/* The i-th tag the server sets (0: the effective one), with its source. */
static const char *tag_at(const struct target *t, size_t i, const char **source)
{
	if (t->tag_state != SERVER_TAG_SET || !t->server_tag)
		return NULL;
	if (i == 0) {
		*source = t->server_tag_source;
		return t->server_tag;
	}
	if (i - 1 >= t->extra_tags.n)
		return NULL;
	*source = i - 1 < t->extra_tag_sources.n && *t->extra_tag_sources.v[i - 1] ?
		  t->extra_tag_sources.v[i - 1] : NULL;
	return t->extra_tags.v[i - 1];
}

/* Does the server name e? */
static int server_match(const struct environment *e, const struct target *t,
			struct strbuf *sb)
{
	const char *tag, *source;
	int hit = 0;

	for (size_t i = 0; (tag = tag_at(t, i, &source)); i++) {
		if (!env_has_tag(e, tag))
			continue;
		strbuf_addstr(sb, ", the server's safepg.environment is ");
		add_q(sb, tag);
		if (source)
			strbuf_addf(sb, " (set by the %s)", source);
		hit = 1;
	}
	if (t->system_identifier) {
		for (size_t j = 0; j < e->nmatches; j++) {
			if (e->matches[j].system_identifier == t->system_identifier) {
				strbuf_addf(sb, ", the cluster's system identifier is %llu",
					    (unsigned long long)t->system_identifier);
				hit = 1;
				break;
			}
		}
	}
	return hit;
}

/*
 * Add every environment of p that applies to t.  Returns how many matched
 * on the client side.
 */
static size_t scan_profile(struct resolver *rs, const struct profile *p, int floor)
{
	struct strbuf sb = STRBUF_INIT, reasons = STRBUF_INIT;
	size_t client_hits = 0;

	for (size_t i = 0; i < p->nenvs; i++) {
		const struct environment *e = &p->envs[i];
		int client, server;

		strbuf_reset(&reasons);
		client = client_match(e, rs->t, &reasons);
		if (client) {
			strbuf_addf(&sb, "environment \"%s\" of %s matches on the client side: ",
				    e->name, label(rs, p));
			strbuf_addstr(&sb, reasons.buf + 2);
			why(rs, &sb);
		}
		strbuf_reset(&reasons);
		server = server_match(e, rs->t, &reasons);
		if (server) {
			strbuf_addf(&sb, "environment \"%s\" of %s matches on the server side: ",
				    e->name, label(rs, p));
			strbuf_addstr(&sb, reasons.buf + 2);
			why(rs, &sb);
		}
		if (client || server)
			add_contrib(rs, p, e, floor, client, server);
		client_hits += client;
	}
	strbuf_release(&sb);
	strbuf_release(&reasons);
	return client_hits;
}

/*
 * A host of t that no environment of p matches on the client side, or
 * NULL.  libpq may connect to any host of a multi-host target, so each one
 * must get an environment: a host nothing matches gets the default.
 */
static const struct target_host *unmatched_host(const struct profile *p,
						const struct target *t)
{
	struct strbuf sb = STRBUF_INIT;
	struct target one = *t;
	const struct target_host *found = NULL;

	for (size_t i = 0; i < t->nhosts && !found; i++) {
		int any = 0;

		one.hosts = &t->hosts[i];
		one.nhosts = 1;
		for (size_t e = 0; e < p->nenvs && !any; e++) {
			any = client_match(&p->envs[e], &one, &sb);
			strbuf_reset(&sb);
		}
		if (!any)
			found = &t->hosts[i];
	}
	strbuf_release(&sb);
	return found;
}

/*
 * Nothing of p matched on the client side, or not for host uh: p's
 * default_environment stands in.  Returns 1, or 0 when p names none.
 */
static int add_default_env(struct resolver *rs, const struct profile *p, int floor,
			   const struct target_host *uh)
{
	struct strbuf sb = STRBUF_INIT;
	const struct environment *e;

	if (!p->default_environment || !(e = profile_find(p, p->default_environment)))
		return 0;
	if (uh) {
		strbuf_addstr(&sb, "host ");
		add_q(&sb, uh->host ? uh->host : (uh->hostaddr ? uh->hostaddr : ""));
		strbuf_addf(&sb, " matches no environment of %s", label(rs, p));
	} else {
		strbuf_addf(&sb, "no environment of %s matches on the client side", label(rs, p));
	}
	strbuf_addf(&sb, "; its default_environment \"%s\" applies", e->name);
	why(rs, &sb);
	strbuf_release(&sb);
	add_contrib(rs, p, e, floor, 1, 0);
	return 1;
}

/*
 * Scan p and add its default where the client side left a host (or
 * everything) unmatched.  Returns 0 when a default was needed but p has
 * none.
 */
static int scan_with_default(struct resolver *rs, const struct profile *p, int floor)
{
	size_t hits = scan_profile(rs, p, floor);
	const struct target_host *uh = hits ? unmatched_host(p, rs->t) : NULL;

	if (hits && !uh)
		return 1;
	return add_default_env(rs, p, floor, uh);
}

/* A stand-in for a server tag that names no environment: protection confirm. */
static void make_synth(struct environment *e, const char *name)
{
	memset(e, 0, sizeof(*e));
	e->name = xstrdup(name);
	e->protection = PROTECTION_CONFIRM;
	envmatch_preset(e->protection, e->actions);
	e->countdown = envmatch_preset_countdown(e->protection);
	e->countdown_noninteractive = e->countdown;
	e->phrase = PHRASE_DATABASE;
	e->color = xstrdup(envmatch_preset_color(e->protection));
}

struct aggregate {
	enum action actions[CLASS_COUNT];
	unsigned countdown, countdown_noninteractive;
	int read_only;
};

static void aggregate_add(struct aggregate *a, const struct environment *e)
{
	for (int c = CLASS_READ; c < CLASS_COUNT; c++)
		a->actions[c] = action_max(a->actions[c], e->actions[c]);
	if (e->countdown > a->countdown)
		a->countdown = e->countdown;
	if (e->countdown_noninteractive > a->countdown_noninteractive)
		a->countdown_noninteractive = e->countdown_noninteractive;
	a->read_only |= e->read_only;
}

static int aggregate_equal(const struct aggregate *a, const struct aggregate *b)
{
	for (int c = CLASS_READ; c < CLASS_COUNT; c++)
		if (a->actions[c] != b->actions[c])
			return 0;
	return a->countdown == b->countdown &&
	       a->countdown_noninteractive == b->countdown_noninteractive &&
	       a->read_only == b->read_only;
}

/* Strictness for choosing the primary: actions, then read-only, then countdown. */
static unsigned long strictness(const struct environment *e)
{
	unsigned long score = 0;

	for (int c = CLASS_READ; c < CLASS_COUNT; c++)
		score += (unsigned long)e->actions[c];
	return score * 2 * (PROFILE_MAX_COUNTDOWN + 1) * 2 +
	       (unsigned long)(e->read_only ? 1 : 0) * (PROFILE_MAX_COUNTDOWN + 1) * 2 +
	       e->countdown;
}

/* The class order users see: read, write, destructive, catastrophic, unknown. */
static const enum sp_class shown_classes[] = {
	CLASS_READ, CLASS_WRITE, CLASS_DESTRUCTIVE, CLASS_CATASTROPHIC, CLASS_UNKNOWN,
};

static void explain_floor(struct resolver *rs, const struct aggregate *user,
			  const struct aggregate *all)
{
	struct strbuf sb = STRBUF_INIT;
	struct strvec floors = STRVEC_INIT;
	int any = 0;

	for (size_t i = 0; i < rs->n; i++)
		if (rs->c[i].floor)
			strvec_push_unique(&floors, label(rs, rs->c[i].prof));
	strbuf_addf(&sb, "floor %s made it stricter:", floors.n ? floors.v[0] : "");
	for (size_t i = 1; i < floors.n; i++)
		strbuf_addf(&sb, "%s%s", i + 1 == floors.n ? " and " : ", ", floors.v[i]);
	for (size_t k = 0; k < sizeof(shown_classes) / sizeof(shown_classes[0]); k++) {
		enum sp_class c = shown_classes[k];

		if (all->actions[c] != user->actions[c]) {
			strbuf_addf(&sb, "%s %s %s instead of %s", any ? "," : "", class_name(c),
				    action_name(all->actions[c]), action_name(user->actions[c]));
			any = 1;
		}
	}
	if (all->countdown != user->countdown) {
		strbuf_addf(&sb, "%s countdown %us instead of %us", any ? "," : "", all->countdown,
			    user->countdown);
		any = 1;
	}
	if (all->countdown_noninteractive != user->countdown_noninteractive) {
		strbuf_addf(&sb, "%s countdown without a terminal %us instead of %us",
			    any ? "," : "", all->countdown_noninteractive,
			    user->countdown_noninteractive);
		any = 1;
	}
	if (all->read_only != user->read_only)
		strbuf_addf(&sb, "%s read-only", any ? "," : "");
	why(rs, &sb);
	strbuf_release(&sb);
	strvec_clear(&floors);
}

static void explain_disagreement(struct resolver *rs)
{
	struct strvec server = STRVEC_INIT, client = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	int differs = 0;

	for (size_t i = 0; i < rs->n; i++) {
		if (rs->c[i].server)
			strvec_push_unique(&server, rs->c[i].env->name);
		if (rs->c[i].client)
			strvec_push_unique(&client, rs->c[i].env->name);
	}
	for (size_t i = 0; i < server.n; i++)
		if (!strvec_contains(&client, server.v[i]))
			differs = 1;
	if (differs) {
		rs->r->server_disagrees = 1;
		strbuf_addstr(&sb, "the server says");
		for (size_t i = 0; i < server.n; i++)
			strbuf_addf(&sb, "%s \"%s\"", i ? " and" : "", server.v[i]);
		strbuf_addstr(&sb, " but the client side matched");
		for (size_t i = 0; i < client.n; i++)
			strbuf_addf(&sb, "%s \"%s\"", i ? " and" : "", client.v[i]);
		if (!client.n)
			strbuf_addstr(&sb, " nothing");
		strbuf_addf(&sb, ": the stricter applies (\"%s\")", rs->r->primary);
		why(rs, &sb);
	}
	strvec_clear(&server);
	strvec_clear(&client);
	strbuf_release(&sb);
}

int envmatch_resolve(const struct profile *user, const struct profile *const *floors,
		     size_t nfloors, const struct target *t, struct env_resolution *r,
		     char **cause)
{
	struct resolver rs;
	struct strbuf sb = STRBUF_INIT;
	struct aggregate user_agg, all_agg;
	const struct profile *up = user;
	const struct contrib *primary = NULL;
	size_t first_n;
	const char *tag, *source;
	int ret = -1, any_floor = 0;

	envmatch_resolution_init(r);
	memset(&rs, 0, sizeof(rs));
	memset(&user_agg, 0, sizeof(user_agg));
	memset(&all_agg, 0, sizeof(all_agg));
	rs.t = t;
	rs.r = r;
	profile_init(&rs.builtin);

	if (t->tag_state == SERVER_TAG_ABSENT)
		strvec_push(&r->why, "the server sets no safepg.environment");
	else if (t->tag_state == SERVER_TAG_UNREADABLE)
		strvec_push(&r->why, "the server's safepg.environment could not be read");

	if (!up) {
		if (load_builtin(&rs, cause))
			goto cleanup;
		up = &rs.builtin;
		r->used_default = 1;
		strvec_push(&r->why, "no profile: the built-in default applies");
	}

	/*
	 * The user profile.  When nothing in it matches on the client side,
	 * its default_environment stands in for the client side, or the
	 * built-in default does: a server tag alone never relaxes what the
	 * client side would have got.
	 */
	if (!scan_with_default(&rs, up, 0)) {
		if (load_builtin(&rs, cause))
			goto cleanup;
		strbuf_addf(&sb, "%s leaves a host without an environment and names no "
			    "default_environment: the built-in default applies", label(&rs, up));
		why(&rs, &sb);
		r->used_default = 1;
		scan_with_default(&rs, &rs.builtin, 0);
	}
	/* a floor without a match and without a default adds nothing */
	for (size_t i = 0; i < nfloors; i++)
		scan_with_default(&rs, floors[i], 1);

	/* Server tags no loaded profile knows. */
	rs.synth = xcalloc(1 + t->extra_tags.n, sizeof(*rs.synth));
	for (size_t i = 0; (tag = tag_at(t, i, &source)); i++) {
		const struct environment *e;
		int known = 0;

		for (size_t k = 0; k < rs.n && !known; k++)
			known = rs.c[k].server && env_has_tag(rs.c[k].env, tag);
		if (known)
			continue;
		if (load_builtin(&rs, cause))
			goto cleanup;
		r->server_tag_unknown = 1;
		strbuf_addstr(&sb, "the server's safepg.environment ");
		add_q(&sb, tag);
		strbuf_addstr(&sb, " names no environment in any profile: ");
		e = profile_find(&rs.builtin, tag);
		if (e) {
			strbuf_addf(&sb, "the built-in default's \"%s\" applies", e->name);
			r->used_default = 1;
			add_contrib(&rs, &rs.builtin, e, 0, 0, 1);
		} else {
			make_synth(&rs.synth[rs.nsynth], tag);
			strbuf_addstr(&sb, "protection confirm applies");
			add_contrib(&rs, &rs.builtin, &rs.synth[rs.nsynth], 0, 0, 1);
			rs.nsynth++;
		}
		why(&rs, &sb);
	}

	/* A floor's environment of the same name cannot be loosened by the user. */
	first_n = rs.n;
	for (size_t i = 0; i < first_n; i++) {
		if (rs.c[i].floor)
			continue;
		for (size_t f = 0; f < nfloors; f++) {
			const struct environment *e = profile_find(floors[f], rs.c[i].env->name);
			int known = 0;

			if (!e)
				continue;
			for (size_t k = 0; k < rs.n; k++)
				known |= rs.c[k].env == e;
			if (!known) {
				strbuf_addf(&sb, "floor %s defines \"%s\" too: its settings apply",
					    label(&rs, floors[f]), e->name);
				why(&rs, &sb);
			}
			add_contrib(&rs, floors[f], e, 1, rs.c[i].client, rs.c[i].server);
		}
	}

	/* Every class gets the strictest action of every environment that applies. */
	for (size_t i = 0; i < rs.n; i++) {
		const struct contrib *c = &rs.c[i];

		aggregate_add(&all_agg, c->env);
		if (c->floor)
			any_floor = 1;
		else
			aggregate_add(&user_agg, c->env);
		strvec_push_unique(&r->names, c->env->name);
		if (!primary || strictness(c->env) > strictness(primary->env))
			primary = c;
	}
	memcpy(r->actions, all_agg.actions, sizeof(r->actions));
	r->countdown = all_agg.countdown;
	r->countdown_noninteractive = all_agg.countdown_noninteractive;
	r->read_only = all_agg.read_only;
	if (primary) {
		const struct environment *e = primary->env;

		r->primary = xstrdup(e->name);
		r->primary_profile = xstrdup(label(&rs, primary->prof));
		r->description = e->description ? xstrdup(e->description) : NULL;
		r->protection = e->protection;
		r->phrase = e->phrase;
		r->phrase_literal = e->phrase_literal ? xstrdup(e->phrase_literal) : NULL;
		r->color = xstrdup(e->color ? e->color : "none");
		r->title = e->title ? xstrdup(e->title) : NULL;
		r->background = e->background ? xstrdup(e->background) : NULL;
	}
	if (any_floor && !aggregate_equal(&user_agg, &all_agg)) {
		r->floor_applied = 1;
		explain_floor(&rs, &user_agg, &all_agg);
	}
	if (primary)
		explain_disagreement(&rs);
	ret = 0;

cleanup:
	if (ret)
		envmatch_resolution_release(r);
	strbuf_release(&sb);
	free(rs.c);
	for (size_t i = 0; i < rs.nsynth; i++) {
		free(rs.synth[i].name);
		free(rs.synth[i].color);
	}
	free(rs.synth);
	profile_release(&rs.builtin);
	return ret;
}

const char *envmatch_phrase_text(const struct env_resolution *r, const struct target *t)
{
	switch (r->phrase) {
	case PHRASE_LITERAL:
		return r->phrase_literal ? r->phrase_literal : "";
	case PHRASE_ENVIRONMENT:
		return r->primary ? r->primary : "";
	case PHRASE_HOST:
		/* the host connected to, when known; else the first one */
		for (size_t i = 0; i < t->nhosts; i++)
			if (t->hosts[i].hostaddr && t->hosts[i].host)
				return t->hosts[i].host;
		return t->nhosts && t->hosts[0].host ? t->hosts[0].host : "";
	case PHRASE_DATABASE:
	case PHRASE_NONE:
	case PHRASE_COUNT:
	default:
		return t->database ? t->database : "";
	}
}
