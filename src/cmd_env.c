/* SPDX-License-Identifier: PostgreSQL */
/*
 * cmd_env: `safepg env` says which environment a connection resolves to
 * and why: the profiles read, the target libpq would use (client side),
 * then, unless --no-connect, what the server says about itself.  The
 * profiles are loaded and checked before anything connects: a bad profile
 * exits 8 without a connection attempt.  It runs no statement besides the
 * read-only catalog queries of serverid.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "safepg/class.h"
#include "safepg/envmatch.h"
#include "safepg/exitcode.h"
#include "safepg/profile.h"
#include "safepg/profile_file.h"
#include "safepg/serverid.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/target.h"
#include "safepg/banned.h"

static void usage(FILE *fp)
{
	fputs("usage: safepg env [OPTION]... [DBNAME [USERNAME]]\n"
	      "\n"
	      "Show which environment of the profile a connection resolves to, and why.\n"
	      "\n"
	      "  -h, --host=HOSTNAME      database server host or socket directory\n"
	      "  -p, --port=PORT          database server port\n"
	      "  -U, --username=USERNAME  database user name\n"
	      "  -d, --dbname=DBNAME      database name, conninfo string or URI\n"
	      "      --profile=FILE       read this profile instead of the user profile\n"
	      "      --no-connect         client side only: do not ask the server\n"
	      "  -?, --help               show this help, then exit\n"
	      "\n"
	      "Exit status: 0 ok, 2 cannot connect, 8 invalid profile.\n"
	      "See safepg(1) and safepg-profile(5).\n", fp);
}

/* The class order users see in the preset table. */
static const enum sp_class shown[] = {
	CLASS_READ, CLASS_WRITE, CLASS_DESTRUCTIVE, CLASS_CATASTROPHIC, CLASS_UNKNOWN,
};

static void print_report(const struct profile_set *set, const struct target *t,
			 const struct env_resolution *r, const struct strvec *notes,
			 int connected)
{
	struct strbuf sb = STRBUF_INIT;

	printf("environment: %s (%s)\n", r->primary ? r->primary : "(none)",
	       protection_name(r->protection));
	if (r->names.n > 1) {
		printf("also applies:");
		for (size_t i = 0; i < r->names.n; i++)
			if (!r->primary || strcmp(r->names.v[i], r->primary))
				printf(" %s", r->names.v[i]);
		putchar('\n');
	}
	if (r->description)
		printf("description: %s\n", r->description);
	printf("profile: %s\n", set->have_user ? set->user.name : "(built-in default)");
	for (size_t i = 0; i < set->nfloors; i++)
		printf("floor: %s\n", set->floors[i].name);
	target_describe(t, &sb);
	printf("target: %s\n", sb.buf);
	if (!connected)
		printf("server: not asked (--no-connect)\n");
	else if (t->tag_state == SERVER_TAG_SET) {
		printf("server: safepg.environment \"%s\" (set by the %s)", t->server_tag,
		       t->server_tag_source ? t->server_tag_source : "server");
		for (size_t i = 0; i < t->extra_tags.n; i++)
			printf("; also \"%s\" (set by the %s)", t->extra_tags.v[i],
			       i < t->extra_tag_sources.n && *t->extra_tag_sources.v[i] ?
			       t->extra_tag_sources.v[i] : "server");
		putchar('\n');
	}
	else if (t->tag_state == SERVER_TAG_ABSENT)
		printf("server: safepg.environment not set\n");
	else
		printf("server: safepg.environment unknown\n");
	if (connected && t->system_identifier)
		printf("system identifier: %llu\n", (unsigned long long)t->system_identifier);
	printf("actions:");
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
		printf("%s %s %s", i ? "," : "", class_name(shown[i]),
		       action_name(r->actions[shown[i]]));
	putchar('\n');
	printf("countdown: %us (without a terminal: %us)\n", r->countdown,
	       r->countdown_noninteractive);
	printf("confirm phrase: %s \"%s\"\n", phrase_kind_name(r->phrase), envmatch_phrase_text(r, t));
	printf("color: %s\n", r->color ? r->color : "none");
	printf("read only: %s\n", r->read_only ? "yes" : "no");
	printf("why:\n");
	for (size_t i = 0; i < notes->n; i++)
		printf("  %s\n", notes->v[i]);
	for (size_t i = 0; i < r->why.n; i++)
		printf("  %s\n", r->why.v[i]);
	strbuf_release(&sb);
}

int cmd_env(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, 'h' },
		{ "port", required_argument, NULL, 'p' },
		{ "username", required_argument, NULL, 'U' },
		{ "dbname", required_argument, NULL, 'd' },
		{ "profile", required_argument, NULL, 'P' },
		{ "no-connect", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, '?' },
		{ NULL, 0, NULL, 0 },
	};
	struct target_spec spec = { NULL, NULL, NULL, NULL };
	struct profile_set set;
	struct target t;
	struct env_resolution r;
	struct strvec notes = STRVEC_INIT;
	const char *profile_path = NULL, **kw = NULL, **vals = NULL;
	char *cause = NULL;
	PGconn *conn = NULL;
	int c, no_connect = 0, ret = SP_EXIT_ERROR, connected = 0;

	profile_set_init(&set);
	envmatch_target_init(&t);
	envmatch_resolution_init(&r);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h:p:U:d:?", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': spec.host = optarg; break;
		case 'p': spec.port = optarg; break;
		case 'U': spec.user = optarg; break;
		case 'd': spec.dbname = optarg; break;
		case 'P': profile_path = optarg; break;
		case 'N': no_connect = 1; break;
		case '?':
			if (optopt == 0 || optopt == '?') {
				if (!strcmp(argv[optind - 1], "-?") ||
				    !strcmp(argv[optind - 1], "--help")) {
					usage(stdout);
					ret = SP_EXIT_OK;
					goto out;
				}
			}
			fprintf(stderr, "safepg env: invalid option \"%s\"\n", argv[optind - 1]);
			fputs("Try \"safepg env --help\" for more information.\n", stderr);
			goto out;
		default:
			fprintf(stderr, "safepg env: unexpected option\n");
			goto out;
		}
	}
	/* psql's positional arguments: DBNAME then USERNAME, unless given as options */
	if (optind < argc && !spec.dbname)
		spec.dbname = argv[optind++];
	if (optind < argc && !spec.user)
		spec.user = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "safepg env: extra command-line argument \"%s\" ignored\n",
			argv[optind]);
	}

	/* Profiles first: a bad profile means nothing connects. */
	if (profile_file_load_all(profile_path, &set, &cause)) {
		profile_file_print_errors(stderr, cause);
		ret = SP_EXIT_CONFIG;
		goto out;
	}
	if (target_resolve(&spec, &t, &cause)) {
		fprintf(stderr, "safepg env: %s\n", cause);
		ret = SP_EXIT_ERROR;
		goto out;
	}
	if (!no_connect) {
		target_conn_params(&spec, &kw, &vals);
		conn = PQconnectdbParams(kw, vals, 1);
		if (!conn || PQstatus(conn) != CONNECTION_OK) {
			/* psql's wording, so scripts and people recognise it */
			fprintf(stderr, "safepg: error: %s", conn ? PQerrorMessage(conn) : "out of memory\n");
			ret = SP_EXIT_CONNECTION;
			goto out;
		}
		connected = 1;
		if (serverid_query(conn, &t, &notes, 1, &cause)) {
			strvec_pushf(&notes, "the server could not be asked: %s", cause);
			free(cause);
			cause = NULL;
		}
	}
	if (profile_set_resolve(&set, &t, &r, &cause)) {
		fprintf(stderr, "safepg env: %s\n", cause);
		goto out;
	}
	print_report(&set, &t, &r, &notes, connected);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("safepg env: stdout");
		goto out;
	}
	ret = SP_EXIT_OK;
out:
	if (conn)
		PQfinish(conn);
	free(kw);
	free(vals);
	free(cause);
	strvec_clear(&notes);
	envmatch_resolution_release(&r);
	envmatch_target_release(&t);
	profile_set_release(&set);
	return ret;
}
