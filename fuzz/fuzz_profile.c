/* SPDX-License-Identifier: PostgreSQL */
/*
 * fuzz_profile: libFuzzer target for the profile loader.  Any bytes go to
 * profile_parse; a profile that loads is described and resolved against a
 * few fixed targets (sockets, names, addresses, a server tag, several
 * hosts), so the matcher, globs and CIDR code run on fuzzed patterns too.
 * Errors must come back as text, never as a crash, a leak or a hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "safepg/envmatch.h"
#include "safepg/profile.h"
#include "safepg/strbuf.h"
#include "safepg/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void resolve_all(const struct profile *p)
{
	static const struct {
		const char *host, *hostaddr, *db, *user, *tag;
		unsigned port;
	} targets[] = {
		{ "/var/run/postgresql", NULL, "shop", "postgres", NULL, 5432 },
		{ "db1.prod.example.com", "10.20.1.2", "shop_eu", "app", "production", 5432 },
		{ "::1", NULL, "x", "analyst_1", "staging", 6543 },
		{ NULL, "fd00:20::5", "", "", "", 0 },
	};
	const struct profile *floors[1] = { p };

	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		struct target t;
		struct env_resolution r;
		char *cause = NULL;

		envmatch_target_init(&t);
		envmatch_target_add_host(&t, targets[i].host, targets[i].hostaddr, targets[i].port);
		if (i == 3)
			envmatch_target_add_host(&t, "db1.example.com", NULL, 5432);
		t.database = strdup(targets[i].db);
		t.user = strdup(targets[i].user);
		if (targets[i].tag) {
			t.tag_state = SERVER_TAG_SET;
			t.server_tag = strdup(targets[i].tag);
		}
		t.system_identifier = i == 2 ? 7301234567890123456u : 0;
		/* as the user profile, then as a floor under the built-in default */
		if (envmatch_resolve(p, NULL, 0, &t, &r, &cause) == 0)
			envmatch_resolution_release(&r);
		free(cause);
		cause = NULL;
		if (envmatch_resolve(NULL, floors, 1, &t, &r, &cause) == 0)
			envmatch_resolution_release(&r);
		free(cause);
		envmatch_target_release(&t);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile p = PROFILE_INIT;
	struct strbuf sb = STRBUF_INIT;
	char *cause = NULL;

	if (profile_parse(&p, "fuzz.yaml", (const char *)data, size, &cause) == 0) {
		profile_describe(&p, &sb);
		resolve_all(&p);
		strbuf_release(&sb);
		profile_release(&p);
	} else if (!cause) {
		abort();	/* an error must say why */
	}
	free(cause);
	return 0;
}
