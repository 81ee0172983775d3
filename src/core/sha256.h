/*
 * sha256.h - SHA-256 (FIPS 180-4), incremental.  A source's identity is the
 * hash of its bytes: re-importing the same bytes is a no-op whatever the
 * file is called.
 */
#ifndef PMORTEM_SHA256_H
#define PMORTEM_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;            /* bytes hashed so far */
	unsigned char buf[64];
	size_t nbuf;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
/* Finish and write 64 lowercase hex digits and a NUL into hex[65]. */
void sha256_hex(struct sha256 *c, char hex[65]);

/* Tests set this to check the portable path on CPUs with SHA extensions. */
extern int sha256_force_portable;

#endif
