/* SPDX-License-Identifier: PostgreSQL */
/*
 * sha256: SHA-256 (FIPS 180-4) over bytes in memory, incremental
 * (init/update/final) or in one call, with a lowercase hex form.  Used by
 * the audit log for statement digests and its hash chain.  The work is
 * OpenSSL's libcrypto (already loaded with libpq), which uses the CPU's
 * SHA instructions where it has them: the log hashes every statement.
 * Pure: no I/O, no globals, no allocation.  A struct sha256 may be copied
 * to fork a running digest.  It is not a MAC and offers no HMAC or key
 * handling.
 */
#ifndef SAFEPG_SHA256_H
#define SAFEPG_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* SHA256_CTX is all we need of libcrypto's low-level interface. */
#ifndef OPENSSL_SUPPRESS_DEPRECATED
#define OPENSSL_SUPPRESS_DEPRECATED
#endif
#include <openssl/sha.h>

#define SHA256_LEN	32			/* digest bytes */
#define SHA256_HEX_LEN	(2 * SHA256_LEN)	/* hex digits, without the NUL */

struct sha256 {
	SHA256_CTX c;
};

/* Start a new digest (no allocation; nothing to release). */
void sha256_init(struct sha256 *c);
/* Hash len more bytes of data (data may be NULL when len is 0). */
void sha256_update(struct sha256 *c, const void *data, size_t len);
/* Finish: write the digest to out; c must be initialised again before reuse. */
void sha256_final(struct sha256 *c, unsigned char out[SHA256_LEN]);

/* The digest of data[0..len-1] in one call. */
void sha256_digest(const void *data, size_t len, unsigned char out[SHA256_LEN]);
/* Write the 64 lowercase hex digits of digest and a NUL to hex. */
void sha256_to_hex(const unsigned char digest[SHA256_LEN], char hex[SHA256_HEX_LEN + 1]);
/* sha256_digest then sha256_to_hex. */
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);

#endif
