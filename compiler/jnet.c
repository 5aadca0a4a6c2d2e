/* SPDX-License-Identifier: Apache-2.0 */
/* jnet.c - java.net URL/URI syntax and restricted IP literals; see jnet.h. */
#include "jnet.h"

#include <string.h>

#include "arena.h"
#include "text.h"

static bool is_xdigit(char c) { return fc_text_is_digit(c) || (fc_text_lower(c) >= 'a' && fc_text_lower(c) <= 'f'); }

/* ---- IP address literals ---- */

/* exactly a.b.c.d, each 0-255, as java.net.URI reads it; out may be NULL */
static bool ipv4_dotted(uint8_t out[4], const char *s, size_t n)
{
	size_t i = 0, part;

	for (part = 0; part < 4; part++) {
		unsigned v = 0, d = 0;
		while (i < n && fc_text_is_digit(s[i]) && d < 3)
			v = v * 10 + (unsigned)(s[i++] - '0'), d++;
		if (d == 0 || v > 255 || (part < 3 && (i >= n || s[i++] != '.')))
			return false;
		if (out)
			out[part] = (uint8_t)v;
	}
	return i == n;
}

/* an IPv6 literal without brackets, possibly ending in a.b.c.d; out may be NULL */
static bool ipv6_parse(uint8_t out[16], const char *s, size_t n)
{
	uint8_t b[16] = { 0 };
	size_t i = 0, nb = 0, gap = 99;

	if (n >= 2 && s[0] == ':' && s[1] == ':')
		gap = 0, i = 2;
	while (i < n) {
		size_t j = i;
		unsigned v = 0;
		for (; j < n && is_xdigit(s[j]) && j - i < 5; j++)
			v = v * 16 + (unsigned)(fc_text_is_digit(s[j]) ? s[j] - '0' : fc_text_lower(s[j]) - 'a' + 10);
		if (j < n && s[j] == '.') { /* the last 32 bits */
			if (nb > 12 || !ipv4_dotted(b + nb, s + i, n - i))
				return false;
			nb += 4;
			break;
		}
		if (j == i || j - i > 4 || nb > 14)
			return false;
		b[nb++] = (uint8_t)(v >> 8);
		b[nb++] = (uint8_t)v;
		if ((i = j) == n)
			break;
		if (s[i++] != ':' || i == n)
			return false;
		if (s[i] == ':') {
			if (gap != 99)
				return false;
			gap = nb, i++;
		}
	}
	if (gap == 99 ? nb != 16 : nb > 14)
		return false;
	if (gap != 99) {
		memmove(b + 16 - (nb - gap), b + gap, nb - gap);
		memset(b + gap, 0, 16 - nb);
	}
	if (out)
		memcpy(out, b, 16);
	return true;
}

/* loopback, link-local, site-local, any-local or multicast (InetAddress.is*) */
static bool restricted4(const uint8_t b[4])
{
	return b[0] == 127 || b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
	       (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) ||
	       (b[0] | b[1] | b[2] | b[3]) == 0 || (b[0] & 0xf0) == 224;
}

/* h as URI.getHost() gives it: IPv6 in brackets */
bool fc_jnet_restricted_host(const char *h, size_t n)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const uint8_t zero[15] = { 0 };
	uint8_t b[16];
	uint64_t v;
	size_t i;

	if (fc_text_eqci_n(h, n, "localhost") || fc_text_eqci_n(h, n, "localhost."))
		return true;
	if (n > 2 && h[0] == '[' && ipv6_parse(b, h + 1, n - 2)) {
		if (memcmp(b, mapped, 12) == 0) /* Java makes these an Inet4Address */
			return restricted4(b + 12);
		return (memcmp(b, zero, 15) == 0 && b[15] <= 1) || b[0] == 0xff ||
		       (b[0] == 0xfe && (b[1] & 0x80)); /* fe80::/10 link, fec0::/10 site */
	}
	if (ipv4_dotted(b, h, n))
		return restricted4(b);
	/* InetAddress reads a lone decimal number as a whole address ("2130706433") */
	for (i = 0, v = 0; i < n && fc_text_is_digit(h[i]) && v <= 0xffffffffu; i++)
		v = v * 10 + (uint64_t)(h[i] - '0');
	b[0] = (uint8_t)(v >> 24), b[1] = (uint8_t)(v >> 16), b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
	return n > 0 && i == n && v <= 0xffffffffu && restricted4(b);
}


/* Integer.parseInt(s, 0, n, 10) on a port: NULL, or the exception's message */
static const char *java_parse_int(struct fc_arena *a, const char *s, size_t n, long long *v)
{
	long long res = 0, lim = 2147483647;
	size_t i = 0;
	bool neg = s[0] == '-';

	if ((neg || s[0] == '+') && ++i == n)
		goto bad;
	for (lim += neg; i < n; i++)
		if (!fc_text_is_digit(s[i]) || (res = res * 10 + (s[i] - '0')) > lim)
			goto bad;
	*v = neg ? -res : res;
	return NULL;
bad:
	return fc_arena_printf(a, "Error at index %zu in: \"%.*s\"", i, (int)n, s);
}

/* java.net.URL on an http(s) URL, reduced to what can fail there: the host
 * and port of the authority.  NULL, or the MalformedURLException message. */
const char *fc_jnet_url_error(struct fc_arena *a, const char *url)
{
	const char *auth = url + (url[4] == ':' ? 7 : 8), *host = auth, *at, *close, *port;
	size_t alen = strcspn(auth, "/?#"), hlen = alen, plen;
	long long v = 0;
	const char *err;

	if ((at = memchr(auth, '@', alen))) {
		if (memchr(at + 1, '@', alen - (size_t)(at + 1 - auth)))
			return NULL; /* two '@': URL takes no host at all */
		host = at + 1;
		hlen = alen - (size_t)(host - auth);
	}
	if (hlen > 0 && host[0] == '[') {
		close = memchr(host, ']', hlen);
		if (!close || close - host <= 2 || (close + 1 < host + hlen && close[1] != ':'))
			return fc_arena_printf(a, "Invalid authority field: %.*s", (int)alen, auth);
		if (!ipv6_parse(NULL, host + 1, (size_t)(close - host) - 1))
			return fc_arena_printf(a, "Invalid host: %.*s", (int)(close + 1 - host), host);
		port = close + 1 < host + hlen ? close + 2 : NULL;
	} else if ((port = memchr(host, ':', hlen))) {
		port++;
	}
	plen = port ? hlen - (size_t)(port - host) : 0;
	if (plen > 0 && (err = java_parse_int(a, port, plen, &v)))
		return err;
	return v < -1 ? fc_arena_printf(a, "Invalid port number :%lld", v) : NULL;
}

/* java.net.URI: hostname = domainlabel ["."] | 1*(domainlabel ".") toplabel ["."] */
static bool hostname_ok(const char *s, size_t n)
{
	size_t i = 0, last = 0, labels = 0;

	while (i < n) {
		if (!fc_text_is_alnum(s[i]))
			return false;
		last = i, labels++;
		while (i < n && (fc_text_is_alnum(s[i]) || s[i] == '-'))
			i++;
		if (s[i - 1] == '-' || (i < n && s[i++] != '.'))
			return false;
	}
	return labels == 1 || (labels > 1 && fc_text_is_alpha(s[last]));
}

/* the host of a server-based authority a[0..n): [userinfo@]host[:port] */
static void uri_host(struct fc_jnet_uri *u, const char *a, size_t n)
{
	const char *at = memchr(a, '@', n), *close;
	size_t hl = 0, i;

	if (at)
		n -= (size_t)(at + 1 - a), a = at + 1;
	if (n && a[0] == '[') {
		if (!(close = memchr(a, ']', n)) || !ipv6_parse(NULL, a + 1, (size_t)(close - a) - 1))
			return;
		hl = (size_t)(close + 1 - a);
	} else {
		while (hl < n && a[hl] != ':')
			hl++;
		if (!ipv4_dotted(NULL, a, hl) && !hostname_ok(a, hl))
			return;
	}
	for (i = hl + 1; i < n; i++)
		if (!fc_text_is_digit(a[i]))
			return;
	if (hl == n || a[hl] == ':')
		u->host = a, u->host_len = hl;
}

/* one component's characters: unreserved, escapes, non-ASCII and extra */
static bool uri_chars(struct fc_arena *a, const char **err, const char *s, size_t from, size_t to,
                      const char *extra, const char *what)
{
	size_t i;

	for (i = from; i < to; i++) {
		char c = s[i];
		if (c == '%' && !(i + 2 < to && is_xdigit(s[i + 1]) && is_xdigit(s[i + 2]))) {
			*err = fc_arena_printf(a, "Malformed escape pair at index %zu: %s", i, s);
			return false;
		}
		if (c != '%' && (unsigned char)c < 0x80 && !fc_text_is_alnum(c) && !strchr("-_.!~*'()", c) &&
		    !strchr(extra, c)) {
			*err = fc_arena_printf(a, "Illegal character in %s at index %zu: %s", what,
			                       i, s);
			return false;
		}
	}
	return true;
}

/* java.net.URI.Parser, reduced to its errors (URISyntaxException's words),
 * the scheme and the host */
bool fc_jnet_uri_parse(struct fc_arena *a, struct fc_jnet_uri *u, const char *s, const char **err)
{
	static const char uric[] = ";/?:@&=+$,[]";
	size_t n = strlen(s), p = 0, q = strcspn(s, ":/?#"), i;

	memset(u, 0, sizeof(*u));
	if (s[q] == ':') {
		for (i = 0; i < q; i++)
			if (!fc_text_is_alpha(s[i]) && (i == 0 || (!fc_text_is_digit(s[i]) && !strchr("+-.", s[i]))))
				break;
		if (q == 0 || i < q) {
			*err = q ? fc_arena_printf(a, "Illegal character in scheme name at index "
			                                   "%zu: %s", i, s)
			         : fc_arena_printf(a, "Expected scheme name at index 0: %s", s);
			return false;
		}
		u->scheme_len = q;
		p = q + 1;
		if (s[p] != '/') { /* opaque: scheme:ssp[#fragment] */
			if ((q = p + strcspn(s + p, "#")) == p)
				*err = fc_arena_printf(a, "Expected scheme-specific part at index "
				                               "%zu: %s", p, s);
			return q > p && uri_chars(a, err, s, p, q, uric, "opaque part") &&
			       (s[q] != '#' || uri_chars(a, err, s, q + 1, n, uric, "fragment"));
		}
	}
	if (s[p] == '/' && s[p + 1] == '/') {
		p += 2;
		q = p + strcspn(s + p, "/?#");
		if (q == n && q == p) {
			*err = fc_arena_printf(a, "Expected authority at index %zu: %s", p, s);
			return false;
		}
		if (!uri_chars(a, err, s, p, q, ";:&=+$,@[]", "authority"))
			return false;
		uri_host(u, s + p, q - p);
		p = q;
	}
	q = p + strcspn(s + p, "?#");
	if (!uri_chars(a, err, s, p, q, ":@&=+$,;/", "path"))
		return false;
	p = q;
	if (s[p] == '?') {
		p++;
		q = p + strcspn(s + p, "#");
		if (!uri_chars(a, err, s, p, q, uric, "query"))
			return false;
		p = q;
	}
	return s[p] != '#' || uri_chars(a, err, s, p + 1, n, uric, "fragment");
}

