/* SPDX-License-Identifier: Apache-2.0 */
/* jnet.h - java.net syntax as the operator's checks see it: URL authorities,
 * URIs and restricted IP literals.
 *
 * Used by rules.c for the Ingress template (rule 4b: java.net.URL) and a
 * session job's jarURI (rule 4: java.net.URI, restricted hosts).  Error
 * texts follow the JDK's exceptions (MalformedURLException,
 * URISyntaxException), as the operator prints them.
 */
#ifndef FC_JNET_H
#define FC_JNET_H

#include "base.h"

struct fc_arena;

/* what rule 4 needs of a parsed URI */
struct fc_jnet_uri {
	size_t scheme_len; /* 0: no scheme */
	const char *host;  /* NULL where URI.getHost() is null (no or registry authority) */
	size_t host_len;
};

/* java.net.URL on an http(s) URL, reduced to what can fail there (the host
 * and port of the authority): NULL, or the exception message (arena a) */
const char *fc_jnet_url_error(struct fc_arena *a, const char *url);

/* java.net.URI: false with *err set (arena a) on a syntax error */
bool fc_jnet_uri_parse(struct fc_arena *a, struct fc_jnet_uri *u, const char *s, const char **err);

/* h[0..n) (IPv6 in brackets, as URI.getHost() gives it) is localhost or a
 * loopback, link-local, site-local, any-local or multicast literal */
bool fc_jnet_restricted_host(const char *h, size_t n);

#endif
