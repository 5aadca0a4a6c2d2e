/* SPDX-License-Identifier: Apache-2.0 */
/* yamlw_test.c - unit tests for yamlw.c: quoting, layout, key order, JSON.
 *
 * Exact bytes throughout: yamlw.c decides every byte of flinkc's output,
 * so these tests pin the style.  Readers' behaviour (PyYAML, libfyaml) is
 * checked by the round-trip script, not here.
 */
#include "yamlw.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "node.h"
#include "test.h"

struct quote_case {
	const char *in;
	const char *out; /* as fc_yamlw_scalar writes it */
};

/* Every string a YAML 1.1 or 1.2 reader would type, or could not read plain. */
static const struct quote_case quoted[] = {
	/* null */
	{ "", "''" }, { "~", "'~'" }, { "null", "'null'" }, { "Null", "'Null'" }, { "NULL", "'NULL'" },
	/* YAML 1.1 bool */
	{ "y", "'y'" }, { "Y", "'Y'" }, { "yes", "'yes'" }, { "Yes", "'Yes'" }, { "YES", "'YES'" },
	{ "n", "'n'" }, { "N", "'N'" }, { "no", "'no'" }, { "No", "'No'" }, { "NO", "'NO'" },
	{ "true", "'true'" }, { "True", "'True'" }, { "TRUE", "'TRUE'" },
	{ "false", "'false'" }, { "False", "'False'" }, { "FALSE", "'FALSE'" },
	{ "on", "'on'" }, { "On", "'On'" }, { "ON", "'ON'" },
	{ "off", "'off'" }, { "Off", "'Off'" }, { "OFF", "'OFF'" },
	/* int, 1.1 and 1.2 */
	{ "0", "'0'" }, { "1", "'1'" }, { "-1", "'-1'" }, { "+1", "'+1'" }, { "8080", "'8080'" },
	{ "1_000", "'1_000'" }, { "+685_230", "'+685_230'" }, { "0755", "'0755'" },
	{ "02472256", "'02472256'" }, { "0o755", "'0o755'" }, { "0O17", "'0O17'" },
	{ "0x1F", "'0x1F'" }, { "0X1f", "'0X1f'" }, { "0x_0A_74_AE", "'0x_0A_74_AE'" },
	{ "0b101", "'0b101'" }, { "-0b101010", "'-0b101010'" }, { "+_1", "'+_1'" },
	{ "1_", "'1_'" }, { "089", "'089'" }, { "99999999999999999999999", "'99999999999999999999999'" },
	/* float */
	{ "1e3", "'1e3'" }, { "1E3", "'1E3'" }, { "1e+3", "'1e+3'" }, { "123456e1", "'123456e1'" },
	{ "6.8523e+5", "'6.8523e+5'" }, { "1.", "'1.'" }, { ".5", "'.5'" }, { "-.1", "'-.1'" },
	{ "685_230.15", "'685_230.15'" }, { "2.2", "'2.2'" }, { "1_e3", "'1_e3'" }, { "._", "'._'" },
	{ ".inf", "'.inf'" }, { ".Inf", "'.Inf'" }, { ".INF", "'.INF'" }, { "-.inf", "'-.inf'" },
	{ "+.inf", "'+.inf'" }, { "-.INF", "'-.INF'" }, { ".nan", "'.nan'" }, { ".NaN", "'.NaN'" },
	{ ".NAN", "'.NAN'" },
	/* sexagesimal */
	{ "12:30", "'12:30'" }, { "1:2:3", "'1:2:3'" }, { "190:20:30", "'190:20:30'" },
	{ "-1:30", "'-1:30'" }, { "1:30.5", "'1:30.5'" },
	/* timestamps */
	{ "2024-01-01", "'2024-01-01'" }, { "2024-1-1", "'2024-1-1'" },
	{ "2001-12-14t21:59:43.10-05:00", "'2001-12-14t21:59:43.10-05:00'" },
	{ "2015-02-24T18:19:39Z", "'2015-02-24T18:19:39Z'" },
	{ "2001-12-14 21:59:43.10 -5", "'2001-12-14 21:59:43.10 -5'" },
	/* merge and value keys */
	{ "<<", "'<<'" }, { "=", "'='" },
	/* indicators */
	{ "-", "'-'" }, { "?", "'?'" }, { ":", "':'" }, { "- a", "'- a'" }, { "? a", "'? a'" },
	{ ": a", "': a'" }, { "#c", "'#c'" }, { "&a", "'&a'" }, { "*a", "'*a'" }, { "!tag", "'!tag'" },
	{ "|", "'|'" }, { ">", "'>'" }, { "'", "''''" }, { "\"", "'\"'" }, { "%d{yyyy-MM-dd}", "'%d{yyyy-MM-dd}'" },
	{ "@x", "'@x'" }, { "`x", "'`x'" }, { ",x", "',x'" }, { "[a]", "'[a]'" }, { "]", "']'" },
	{ "{a}", "'{a}'" }, { "}", "'}'" },
	/* comments and mapping values inside, spaces at the ends */
	{ "a #b", "'a #b'" }, { "a: b", "'a: b'" }, { "foo:", "'foo:'" }, { " lead", "' lead'" },
	{ "trail ", "'trail '" }, { " ", "' '" },
	{ "kubernetes-jobmanager.sh kubernetes-application ",
	  "'kubernetes-jobmanager.sh kubernetes-application '" },
	/* document markers */
	{ "---", "'---'" }, { "...", "'...'" }, { "--- x", "'--- x'" }, { "... x", "'... x'" },
	{ "---x", "'---x'" }, { "12:", "'12:'" },
	/* single quotes doubled */
	{ " it's", "' it''s'" }, { "'quoted'", "'''quoted'''" },
};

/* Strings every reader takes as the same string when written plain. */
static const char *const plain[] = {
	"local:///opt/flink/x.jar", "flink:2.2", "/opt/flink/conf", "2 gb", "1600Mi", "k:v,k:v",
	"app.kubernetes.io/name", "https://x/y?a=b", "/$2", "(/|$)(.*)",
	"/{{namespace}}/{{name}}(/|$)(.*)", "it's", "a#b", "a:b", "::1", "-x", "-Xmx1g",
	"--runner=FlinkRunner", "?x", ":x", "1.2.3", "v1.2", "0.1.0", "a[b]", "a{b}", "a, b", "x=1",
	"+", ".", "..", "1e", "0xZZ", "0x1p-2", "Infinity", "NaN", "inf", "TrUe", "yES", "nULL",
	"a---", "caf\xc3\xa9", "back\\slash", "s3://bucket/path", "nbsp\xc2\xa0x",
	"jobmanager", "RuntimeDefault", "flink-config-x", "2024-1", "1::2",
};

static const char *scalar(struct fc_buf *b, const char *s, size_t len)
{
	fc_buf_clear(b);
	fc_yamlw_scalar(b, s, len);
	return b->ptr;
}

static const char *doc(struct fc_buf *b, const struct fc_node *n, unsigned flags)
{
	fc_buf_clear(b);
	fc_yamlw_doc(b, n, flags);
	return b->ptr;
}

static const char *json(struct fc_buf *b, const struct fc_node *n, unsigned flags)
{
	fc_buf_clear(b);
	fc_yamlw_json(b, n, flags);
	return b->ptr;
}

static void test_yamlw__quoted_forms(int *failures)
{
	struct fc_buf b = FC_BUF_INIT;
	size_t i;

	FC_CHECK(countof(quoted) >= 80);
	for (i = 0; i < countof(quoted); i++) {
		const char *in = quoted[i].in;
		FC_CHECK(fc_yamlw_needs_quotes(in, strlen(in)));
		FC_CHECK_STR(scalar(&b, in, strlen(in)), quoted[i].out);
	}
	fc_buf_fini(&b);
}

static void test_yamlw__plain_forms(int *failures)
{
	struct fc_buf b = FC_BUF_INIT;
	size_t i;

	for (i = 0; i < countof(plain); i++) {
		FC_CHECK(!fc_yamlw_needs_quotes(plain[i], strlen(plain[i])));
		FC_CHECK_STR(scalar(&b, plain[i], strlen(plain[i])), plain[i]);
	}
	fc_buf_fini(&b);
}

/* the shortcut for word-like strings agrees with the general rules: every
 * string of up to 3 bytes over an alphabet of word bytes and the bytes the
 * rules look at, then 200,000 random longer ones */
static void test_yamlw__needs_quotes_shortcut(int *failures)
{
	static const char abc[] = "aynoftNYOTF_/-.019: #~=<'\"\x7f\xc3\xa9";
	const size_t na = sizeof(abc) - 1;
	char s[24];
	size_t len, i, bad = 0;
	uint64_t x = 0x9e3779b97f4a7c15ull;

	for (len = 0; len <= 3; len++) {
		size_t total = 1, k;
		for (k = 0; k < len; k++)
			total *= na;
		for (i = 0; i < total; i++) {
			size_t v = i;
			for (k = 0; k < len; k++, v /= na)
				s[k] = abc[v % na];
			bad += fc_yamlw_needs_quotes(s, len) != fc_yamlw__needs_quotes_general(s, len);
		}
	}
	for (i = 0; i < 200000; i++) {
		size_t k;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = 1 + x % sizeof(s);
		for (k = 0; k < len; k++) /* mostly word bytes: the shortcut's side */
			s[k] = (x >> (k % 48)) % 8 ? abc[(x >> (k + 3)) % 15] : abc[(x >> k) % na];
		bad += fc_yamlw_needs_quotes(s, len) != fc_yamlw__needs_quotes_general(s, len);
	}
	FC_CHECK(bad == 0);
}

/* the word-at-a-time printable check against one byte at a time, on ASCII
 * strings where line breaks, tabs and other controls fall anywhere */
static void test_yamlw__all_printable(int *failures)
{
	static const char abc[] = "ab \n\t\x01\x0b\x1f\x7f~*)";
	uint64_t x = 0x2545f4914f6cdd1dull;
	char s[40];
	size_t i, bad = 0;

	for (i = 0; i < 300000; i++) {
		size_t len, k;
		bool want[2] = { true, true }, br;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = x % sizeof(s);
		for (k = 0; k < len; k++) { /* mostly letters: long printable runs */
			unsigned r = (unsigned)(x >> ((k * 5) % 60)) & 31;
			s[k] = r < 20 ? 'a' : abc[r % (sizeof(abc) - 1)];
			if (!(s[k] >= 0x20 && s[k] < 0x7f)) {
				want[0] = false;
				if (s[k] != '\n' && s[k] != '\t')
					want[1] = false;
			}
		}
		for (br = false;; br = true) {
			bad += fc_yamlw__all_printable(s, len, br) != want[br];
			if (br)
				break;
		}
	}
	FC_CHECK(bad == 0);
}

static void test_yamlw__double_quotes(int *failures)
{
	static const struct quote_case cases[] = {
		{ "tab\there", "\"tab\\there\"" },
		{ "a\nb", "\"a\\nb\"" }, /* no literal block outside a document */
		{ "cr\rx", "\"cr\\rx\"" },
		{ "\"q\\", "'\"q\\'" }, /* printable: single quotes suffice */
		{ "\"\\\t", "\"\\\"\\\\\\t\"" },
		{ "bel\x07x", "\"bel\\x07x\"" },
		{ "esc\x1bx", "\"esc\\ex\"" },
		{ "del\x7fx", "\"del\\x7Fx\"" },
		{ "nel\xc2\x85x", "\"nel\\Nx\"" },
		{ "c1\xc2\x90x", "\"c1\\x90x\"" },
		{ "ls\xe2\x80\xa8x", "\"ls\\Lx\"" },
		{ "ps\xe2\x80\xa9x", "\"ps\\Px\"" },
		{ "bom\xef\xbb\xbfx", "\"bom\\uFEFFx\"" },
		{ "\xef\xbf\xbf", "\"\\uFFFF\"" },
		{ "bad\xff", "\"bad\\uFFFD\"" },
		{ "caf\xc3\xa9\t", "\"caf\xc3\xa9\\t\"" }, /* printable UTF-8 stays raw */
		{ "a''b ", "\"a''b \"" }, /* libfyaml 0.7.12 misreads '''' */
	};
	struct fc_buf b = FC_BUF_INIT;
	size_t i;

	for (i = 0; i < countof(cases); i++)
		FC_CHECK_STR(scalar(&b, cases[i].in, strlen(cases[i].in)), cases[i].out);
	FC_CHECK_STR(scalar(&b, "nul\0x", 5), "\"nul\\0x\"");
	fc_buf_fini(&b);
}

static void test_yamlw__literal_blocks(int *failures)
{
	static const struct quote_case cases[] = {
		{ "a\nb\n", "k: |\n  a\n  b\nz: 1\n" },
		{ "a\nb", "k: |-\n  a\n  b\nz: 1\n" },
		{ "a\n\n", "k: |+\n  a\n\nz: 1\n" },
		{ "a\n\nb\n", "k: |\n  a\n\n  b\nz: 1\n" },
		{ "\na", "k: |-\n\n  a\nz: 1\n" },
		{ " lead\nx\n", "k: |2\n   lead\n  x\nz: 1\n" },
		{ "\n lead", "k: |2-\n\n   lead\nz: 1\n" },
		{ "\tx\ny\n", "k: |2\n  \tx\n  y\nz: 1\n" },
		{ "# c\n---\n", "k: |\n  # c\n  ---\nz: 1\n" },
		/* not as literal: trailing whitespace, only breaks, CR */
		{ "trail \nx", "k: \"trail \\nx\"\nz: 1\n" },
		{ "x\ny\t", "k: \"x\\ny\\t\"\nz: 1\n" },
		{ "\n", "k: \"\\n\"\nz: 1\n" },
		{ "a\r\nb", "k: \"a\\r\\nb\"\nz: 1\n" },
	};
	struct fc_arena *a = fc_arena_new();
	struct fc_buf b = FC_BUF_INIT;
	struct fc_node *m, *s;
	size_t i;

	for (i = 0; i < countof(cases); i++) {
		m = fc_node_map(a);
		fc_node_set(a, m, "k", fc_node_str(a, cases[i].in));
		fc_node_set(a, m, "z", fc_node_int(a, 1));
		FC_CHECK_STR(doc(&b, m, 0), cases[i].out);
	}
	/* |+ ending the document would leave blank lines at the end */
	m = fc_node_map(a);
	fc_node_set(a, m, "k", fc_node_str(a, "a\n\n"));
	FC_CHECK_STR(doc(&b, m, 0), "k: \"a\\n\\n\"\n");
	/* in sequences, nested: lines at the item's column + 2 */
	s = fc_node_seq(a);
	fc_node_push(a, s, fc_node_str(a, " x\ny"));
	m = fc_node_map(a);
	fc_node_set(a, m, "args", s);
	fc_node_set(a, m, "name", fc_node_str(a, "a\nb\n"));
	s = fc_node_seq(a);
	fc_node_push(a, s, m);
	FC_CHECK_STR(doc(&b, s, 0), "- args:\n  - |2-\n     x\n    y\n  name: |\n    a\n    b\n");
	/* a key is never a block */
	m = fc_node_map(a);
	fc_node_set(a, m, "a\nb", fc_node_str(a, "v"));
	FC_CHECK_STR(doc(&b, m, 0), "\"a\\nb\": v\n");
	/* nor a document that is one scalar */
	FC_CHECK_STR(doc(&b, fc_node_str(a, "a\nb\n"), 0), "\"a\\nb\\n\"\n");
	fc_buf_fini(&b);
	fc_arena_free(a);
}

static void test_yamlw__layout(int *failures)
{
	struct fc_arena *a = fc_arena_new();
	struct fc_buf b = FC_BUF_INIT;
	struct fc_node *root = fc_node_map(a), *spec = fc_node_getmap(a, root, "spec");
	struct fc_node *cs = fc_node_getseq(a, spec, "containers"), *c = fc_node_map(a);
	struct fc_node *args = fc_node_getseq(a, c, "args"), *nested = fc_node_seq(a), *inner;

	fc_node_set(a, c, "name", fc_node_str(a, "flink-main-container"));
	fc_node_set(a, c, "image", fc_node_str(a, "flink:2.2"));
	fc_node_push(a, args, fc_node_str(a, "jobmanager"));
	fc_node_push(a, args, fc_node_str(a, "-Dx=1"));
	fc_node_push(a, cs, c);
	inner = fc_node_seq(a);
	fc_node_push(a, inner, fc_node_str(a, "a"));
	fc_node_push(a, inner, fc_node_str(a, "b"));
	fc_node_push(a, nested, inner);
	fc_node_push(a, nested, fc_node_str(a, "c"));
	inner = fc_node_seq(a);
	fc_node_push(a, inner, fc_node_seq(a));
	fc_node_push(a, inner, fc_node_map(a));
	fc_node_push(a, nested, inner);
	fc_node_set(a, spec, "nested", nested);
	fc_node_set(a, spec, "m", fc_node_map(a));
	fc_node_set(a, spec, "s", fc_node_seq(a));
	inner = fc_node_getmap(a, fc_node_getmap(a, spec, "deep"), "er");
	fc_node_set(a, inner, "x", fc_node_null(a));
	FC_CHECK_STR(doc(&b, root, 0),
	             "spec:\n"
	             "  containers:\n"
	             "  - args:\n"
	             "    - jobmanager\n"
	             "    - -Dx=1\n"
	             "    image: flink:2.2\n"
	             "    name: flink-main-container\n"
	             "  deep:\n"
	             "    er:\n"
	             "      x: null\n"
	             "  m: {}\n"
	             "  nested:\n"
	             "  - - a\n"
	             "    - b\n"
	             "  - c\n"
	             "  - - []\n"
	             "    - {}\n"
	             "  s: []\n");
	FC_CHECK_STR(doc(&b, fc_node_map(a), 0), "{}\n");
	FC_CHECK_STR(doc(&b, fc_node_seq(a), 0), "[]\n");
	FC_CHECK_STR(doc(&b, fc_node_str(a, "yes"), 0), "'yes'\n");
	FC_CHECK_STR(doc(&b, NULL, 0), "null\n");
	fc_buf_fini(&b);
	fc_arena_free(a);
}

static struct fc_node *object(struct fc_arena *a)
{
	struct fc_node *o = fc_node_map(a), *md = fc_node_map(a), *data;

	fc_node_set(a, o, "data", data = fc_node_map(a));
	fc_node_set(a, data, "z", fc_node_str(a, "1"));
	fc_node_set(a, data, "B", fc_node_str(a, "on"));
	fc_node_set(a, data, "a", fc_node_str(a, "x"));
	fc_node_set(a, o, "metadata", md);
	fc_node_set(a, md, "name", fc_node_str(a, "x"));
	fc_node_set(a, o, "kind", fc_node_str(a, "ConfigMap"));
	fc_node_set(a, o, "apiVersion", fc_node_str(a, "v1"));
	fc_node_set(a, o, "binaryData", fc_node_map(a));
	return o;
}

static void test_yamlw__key_order(int *failures)
{
	struct fc_arena *a = fc_arena_new();
	struct fc_buf b = FC_BUF_INIT;
	struct fc_node *o = object(a), *m;

	FC_CHECK_STR(doc(&b, o, FC_YAMLW_OBJECT),
	             "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nbinaryData: {}\n"
	             "data:\n  B: 'on'\n  a: x\n  z: '1'\n");
	FC_CHECK_STR(doc(&b, o, 0),
	             "apiVersion: v1\nbinaryData: {}\ndata:\n  B: 'on'\n  a: x\n  z: '1'\n"
	             "kind: ConfigMap\nmetadata:\n  name: x\n");
	FC_CHECK_STR(doc(&b, o, FC_YAMLW_KEEP_ORDER),
	             "data:\n  z: '1'\n  B: 'on'\n  a: x\nmetadata:\n  name: x\nkind: ConfigMap\n"
	             "apiVersion: v1\nbinaryData: {}\n");
	/* only the root is an object: a nested "kind" sorts like any key */
	m = fc_node_map(a);
	fc_node_set(a, m, "spec", o);
	fc_node_set(a, m, "kind", fc_node_str(a, "K"));
	FC_CHECK_STR(doc(&b, m, FC_YAMLW_OBJECT),
	             "kind: K\nspec:\n  apiVersion: v1\n  binaryData: {}\n  data:\n    B: 'on'\n"
	             "    a: x\n    z: '1'\n  kind: ConfigMap\n  metadata:\n    name: x\n");
	/* the tree is not reordered */
	FC_CHECK_STR(o->pairs[0].key->str, "data");
	FC_CHECK_STR(o->pairs[0].val->pairs[0].key->str, "z");
	fc_buf_fini(&b);
	fc_arena_free(a);
}

static void test_yamlw__big_map_sorted(int *failures)
{
	struct fc_arena *a = fc_arena_new();
	struct fc_buf b = FC_BUF_INIT, want = FC_BUF_INIT;
	struct fc_node *m = fc_node_map(a);
	int i;

	for (i = 99; i >= 0; i--)
		fc_node_set(a, m, fc_arena_printf(a, "k%02d", i), fc_node_int(a, i));
	for (i = 0; i < 100; i++)
		fc_buf_printf(&want, "k%02d: %d\n", i, i);
	FC_CHECK_STR(doc(&b, m, 0), want.ptr);
	fc_buf_fini(&want);
	fc_buf_fini(&b);
	fc_arena_free(a);
}

static void test_yamlw__keys_quoted(int *failures)
{
	struct fc_arena *a = fc_arena_new();
	struct fc_buf b = FC_BUF_INIT;
	struct fc_node *m = fc_node_map(a);

	fc_node_set(a, m, "on", fc_node_str(a, "x"));
	fc_node_set(a, m, "y", fc_node_str(a, "x"));
	fc_node_set(a, m, "1", fc_node_str(a, "x"));
	fc_node_set(a, m, "", fc_node_str(a, "x"));
	fc_node_set(a, m, "<<", fc_node_str(a, "x"));
	fc_node_set(a, m, "a b", fc_node_str(a, "x"));
	fc_node_set(a, m, "app.kubernetes.io/name", fc_node_str(a, "x"));
	fc_node_set(a, m, "log4j-console.properties", fc_node_str(a, "x"));
	fc_node_set(a, m, "t\tab", fc_node_str(a, "x"));
	FC_CHECK_STR(doc(&b, m, 0),
	             "'': x\n'1': x\n'<<': x\na b: x\napp.kubernetes.io/name: x\n"
	             "log4j-console.properties: x\n'on': x\n\"t\\tab\": x\n'y': x\n");
	fc_buf_fini(&b);
	fc_arena_free(a);
}

static void test_yamlw__typed_scalars(int *failures)
{
	static const struct {
		enum fc_node_kind kind;
		const char *text, *yaml, *json;
	} cases[] = {
		{ FC_NODE_NULL, "null", "null", "null" },
		{ FC_NODE_BOOL, "true", "true", "true" },
		{ FC_NODE_BOOL, "false", "false", "false" },
		{ FC_NODE_INT, "-42", "-42", "-42" },
		{ FC_NODE_FLOAT, "0.5", "0.5", "0.5" },
		{ FC_NODE_FLOAT, "1000.0", "1000.0", "1000.0" },
		{ FC_NODE_FLOAT, "1.0E7", "1.0E+7", "1.0E7" },
		{ FC_NODE_FLOAT, "1.0E-7", "1.0E-7", "1.0E-7" },
		{ FC_NODE_FLOAT, ".inf", ".inf", "\".inf\"" },
		{ FC_NODE_FLOAT, "-.inf", "-.inf", "\"-.inf\"" },
		{ FC_NODE_FLOAT, ".nan", ".nan", "\".nan\"" },
		{ FC_NODE_FLOAT, "NaN", ".nan", "\"NaN\"" },
		{ FC_NODE_FLOAT, "Infinity", ".inf", "\"Infinity\"" },
		{ FC_NODE_FLOAT, "-Infinity", "-.inf", "\"-Infinity\"" },
		{ FC_NODE_STR, "true", "'true'", "\"true\"" },
	};
	struct fc_arena *a = fc_arena_new();
	struct fc_buf b = FC_BUF_INIT, want = FC_BUF_INIT;
	size_t i;

	for (i = 0; i < countof(cases); i++) {
		struct fc_node *m = fc_node_map(a);
		fc_node_set(a, m, "v", fc_node_scalar(a, cases[i].kind, cases[i].text,
		                                      strlen(cases[i].text)));
		fc_buf_clear(&want);
		fc_buf_printf(&want, "v: %s\n", cases[i].yaml);
		FC_CHECK_STR(doc(&b, m, 0), want.ptr);
		fc_buf_clear(&want);
		fc_buf_printf(&want, "{\n  \"v\": %s\n}\n", cases[i].json);
		FC_CHECK_STR(json(&b, m, 0), want.ptr);
	}
	fc_buf_fini(&want);
	fc_buf_fini(&b);
	fc_arena_free(a);
}

static void test_yamlw__json_object(int *failures)
{
	struct fc_arena *a = fc_arena_new();
	struct fc_buf b = FC_BUF_INIT;
	struct fc_node *o = object(a), *s = fc_node_getseq(a, o, "items"), *e = fc_node_map(a);

	fc_node_push(a, s, fc_node_int(a, 1));
	fc_node_push(a, s, e);
	fc_node_set(a, e, "k", fc_node_bool(a, true));
	fc_node_push(a, s, fc_node_seq(a));
	FC_CHECK_STR(json(&b, o, FC_YAMLW_OBJECT),
	             "{\n"
	             "  \"apiVersion\": \"v1\",\n"
	             "  \"kind\": \"ConfigMap\",\n"
	             "  \"metadata\": {\n"
	             "    \"name\": \"x\"\n"
	             "  },\n"
	             "  \"binaryData\": {},\n"
	             "  \"data\": {\n"
	             "    \"B\": \"on\",\n"
	             "    \"a\": \"x\",\n"
	             "    \"z\": \"1\"\n"
	             "  },\n"
	             "  \"items\": [\n"
	             "    1,\n"
	             "    {\n"
	             "      \"k\": true\n"
	             "    },\n"
	             "    []\n"
	             "  ]\n"
	             "}\n");
	FC_CHECK_STR(json(&b, fc_node_seq(a), 0), "[]\n");
	FC_CHECK_STR(json(&b, fc_node_map(a), 0), "{}\n");
	fc_buf_fini(&b);
	fc_arena_free(a);
}

static void test_yamlw__json_escapes(int *failures)
{
	struct fc_arena *a = fc_arena_new();
	struct fc_buf b = FC_BUF_INIT;
	const char s[] = "q\"b\\n\nr\rt\tb\bf\fe\x1b"
	                 "d\x7f"
	                 "\xc3\xa9\xe2\x80\xa8\xe2\x80\xa9\xff\0z";

	FC_CHECK_STR(json(&b, fc_node_strn(a, s, sizeof(s) - 1), 0),
	             "\"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\fe\\u001bd\\u007f\xc3\xa9\\u2028\\u2029\\ufffd"
	             "\\u0000z\"\n");
	fc_buf_fini(&b);
	fc_arena_free(a);
}

/* an implicit key may not exceed 1024 characters: longer ones are explicit */
static void test_yamlw__long_key(int *failures)
{
	struct fc_arena *a = fc_arena_new();
	struct fc_buf b = FC_BUF_INIT, want = FC_BUF_INIT;
	struct fc_node *m = fc_node_map(a), *v = fc_node_map(a), *s = fc_node_seq(a);
	char k[1002];

	memset(k, 'k', sizeof(k) - 1);
	k[sizeof(k) - 1] = '\0';
	fc_node_set(a, v, "x", fc_node_str(a, "v"));
	fc_node_push(a, s, fc_node_str(a, "z"));
	k[0] = 'a';
	fc_node_set(a, m, k, v);
	k[0] = 'b';
	fc_node_set(a, m, k, s);
	k[0] = 'c';
	fc_node_set(a, m, k + 1, fc_node_str(a, "1000 bytes: still implicit"));
	fc_buf_printf(&want, "? a%s\n:\n  x: v\n? b%s\n:\n- z\n%s: '1000 bytes: still implicit'\n",
	              k + 1, k + 1, k + 1);
	FC_CHECK_STR(doc(&b, m, 0), want.ptr);
	fc_buf_fini(&want);
	fc_buf_fini(&b);
	fc_arena_free(a);
}

/* no output line ends in whitespace, whatever the strings */
static void test_yamlw__no_trailing_whitespace(int *failures)
{
	static const char *const extra[] = { "a \nb", " \n \n", "x\n\t\n", "\t", " a\n", "a\n \n" };
	struct fc_arena *a = fc_arena_new();
	struct fc_buf b = FC_BUF_INIT;
	struct fc_node *m = fc_node_map(a), *s = fc_node_getseq(a, m, "s");
	size_t i;
	const char *p;

	for (i = 0; i < countof(quoted); i++)
		fc_node_push(a, s, fc_node_str(a, quoted[i].in));
	for (i = 0; i < countof(extra); i++) {
		fc_node_push(a, s, fc_node_str(a, extra[i]));
		fc_node_set(a, m, extra[i], fc_node_str(a, extra[i]));
	}
	doc(&b, m, 0);
	for (p = b.ptr; (p = strchr(p, '\n')) != NULL; p++)
		FC_CHECK(p == b.ptr || (p[-1] != ' ' && p[-1] != '\t'));
	FC_CHECK(b.len >= 2 && b.ptr[b.len - 1] == '\n' && b.ptr[b.len - 2] != '\n');
	fc_buf_fini(&b);
	fc_arena_free(a);
}

const struct fc_test fc_yamlw_tests[] = {
	{ "test_yamlw__quoted_forms", test_yamlw__quoted_forms },
	{ "test_yamlw__plain_forms", test_yamlw__plain_forms },
	{ "test_yamlw__needs_quotes_shortcut", test_yamlw__needs_quotes_shortcut },
	{ "test_yamlw__all_printable", test_yamlw__all_printable },
	{ "test_yamlw__double_quotes", test_yamlw__double_quotes },
	{ "test_yamlw__literal_blocks", test_yamlw__literal_blocks },
	{ "test_yamlw__layout", test_yamlw__layout },
	{ "test_yamlw__key_order", test_yamlw__key_order },
	{ "test_yamlw__big_map_sorted", test_yamlw__big_map_sorted },
	{ "test_yamlw__keys_quoted", test_yamlw__keys_quoted },
	{ "test_yamlw__long_key", test_yamlw__long_key },
	{ "test_yamlw__typed_scalars", test_yamlw__typed_scalars },
	{ "test_yamlw__json_object", test_yamlw__json_object },
	{ "test_yamlw__json_escapes", test_yamlw__json_escapes },
	{ "test_yamlw__no_trailing_whitespace", test_yamlw__no_trailing_whitespace },
	{ NULL, NULL },
};
