/* SPDX-License-Identifier: Apache-2.0 */
/* outdir_test.c - unit tests for the file naming of outdir.c: the layout,
 * escaping, long names, and that distinct objects never share a path. */
#include "outdir.h"

#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "test.h"

static char *name(const char *api, const char *kind, const char *ns, const char *nm)
{
	struct fc_buf b = FC_BUF_INIT;
	char *s;

	fc_outdir_name(&b, api, kind, ns, nm, ".yaml");
	s = fc_xstrdup(b.ptr);
	fc_buf_fini(&b);
	return s;
}

#define CHECK_NAME(api, kind, ns, nm, want)              \
	do {                                             \
		char *got_ = name((api), (kind), (ns), (nm)); \
		FC_CHECK_STR(got_, (want));              \
		fc_xfree(got_);                          \
	} while (0)

static void test_outdir__layout(int *failures)
{
	CHECK_NAME("v1", "ConfigMap", "default", "flink-config-basic", "default/configmap_flink-config-basic.yaml");
	CHECK_NAME("apps/v1", "Deployment", "team-a", "basic", "team-a/deployment.apps_basic.yaml");
	CHECK_NAME("rbac.authorization.k8s.io/v1", "RoleBinding", "ns", "flinkc-flink",
	           "ns/rolebinding.rbac.authorization.k8s.io_flinkc-flink.yaml");
	CHECK_NAME("networking.k8s.io/v1", "Ingress", "ns", "web.example.com",
	           "ns/ingress.networking.k8s.io_web.example.com.yaml");
	CHECK_NAME("flink.apache.org/v1beta1", "FlinkDeployment", "ns", "x", "ns/flinkdeployment.flink.apache.org_x.yaml");
	/* no namespace: cluster-scoped (or left to the applier's namespace) */
	CHECK_NAME("rbac.authorization.k8s.io/v1", "ClusterRole", "", "reader",
	           "_cluster/clusterrole.rbac.authorization.k8s.io_reader.yaml");
}

static void test_outdir__escaping(int *failures)
{
	/* ':' in RBAC names, '_' and '%' (the separators), upper case, UTF-8 */
	CHECK_NAME("rbac.authorization.k8s.io/v1", "ClusterRole", "", "system:reader",
	           "_cluster/clusterrole.rbac.authorization.k8s.io_system%3Areader.yaml");
	CHECK_NAME("v1", "Secret", "ns", "a_b%c", "ns/secret_a%5Fb%25c.yaml");
	CHECK_NAME("v1", "Secret", "ns", "Foo", "ns/secret_%46oo.yaml");
	CHECK_NAME("v1", "Secret", "ns", "caf\xc3\xa9", "ns/secret_caf%C3%A9.yaml");
	CHECK_NAME("v1", "Secret", "ns", "a/../b", "ns/secret_a%2F..%2Fb.yaml");
	/* a namespace cannot be "_cluster", ".." or hold a '/' */
	CHECK_NAME("v1", "Secret", "_cluster", "x", "%5Fcluster/secret_x.yaml");
	CHECK_NAME("v1", "Secret", "..", "x", "%2E%2E/secret_x.yaml");
	CHECK_NAME("v1", "Secret", "a/b", "x", "a%2Fb/secret_x.yaml");
	/* a kind is lowercased; anything but letters and digits is escaped */
	CHECK_NAME("example.com/v1", "My_Kind.X", "ns", "x", "ns/my%5Fkind%2Ex.example.com_x.yaml");
	CHECK_NAME("Example.COM/v1", "K", "ns", "x", "ns/k.%45xample.%43%4F%4D_x.yaml");
}

static void test_outdir__long_names(int *failures)
{
	char n1[301], n2[301];
	char *a, *b;
	const char *slash, *tilde;

	memset(n1, 'a', 300);
	n1[300] = '\0';
	memcpy(n2, n1, sizeof(n1));
	n2[299] = 'b';
	a = name("v1", "ConfigMap", "ns", n1);
	b = name("v1", "ConfigMap", "ns", n2);
	slash = strchr(a, '/');
	FC_CHECK(slash && strlen(slash + 1) <= 255);
	FC_CHECK(strcmp(a, b) != 0);
	tilde = strchr(a, '~');
	FC_CHECK(tilde && strlen(tilde) == 1 + 16 + 5 && strcmp(tilde + 17, ".yaml") == 0);
	FC_CHECK(strncmp(a, "ns/configmap_aaa", 16) == 0);
	fc_xfree(a);
	fc_xfree(b);
	/* a cut never splits a %XX escape */
	memset(n1, ':', 300);
	a = name("v1", "ConfigMap", "ns", n1);
	tilde = strchr(a, '~');
	FC_CHECK(tilde && (tilde - strchr(a, '_') - 1) % 3 == 0);
	fc_xfree(a);
	/* exactly at the limit: 255 bytes, kept whole */
	memset(n1, 'x', 300);
	n1[255 - strlen("configmap_") - strlen(".yaml")] = '\0';
	a = name("v1", "ConfigMap", "ns", n1);
	FC_CHECK(strlen(a) == 3 + 255 && !strchr(a, '~'));
	fc_xfree(a);
}

/* distinct (group, kind, namespace, name) never share a path */
static void test_outdir__injective(int *failures)
{
	static const char alphabet[] = "aZ0._-:%/~";
	unsigned long seed = 7;
	char *seen[600];
	char keys[600][64];
	size_t n = 0, i, k;

#define RND() (seed = seed * 6364136223846793005UL + 1442695040888963407UL, (unsigned)(seed >> 33))
	while (n < countof(seen)) {
		char grp[5], kind[4], ns[4], nm[5], api[16];
		size_t j;
		for (j = 0; j < sizeof(grp) - 1; j++)
			grp[j] = alphabet[RND() % (sizeof(alphabet) - 1)];
		grp[RND() % sizeof(grp)] = '\0';
		grp[sizeof(grp) - 1] = '\0';
		for (j = 0; j < sizeof(kind) - 1; j++)
			kind[j] = "abK_1"[RND() % 5];
		kind[sizeof(kind) - 1] = '\0';
		for (j = 0; j < sizeof(ns) - 1; j++)
			ns[j] = alphabet[RND() % (sizeof(alphabet) - 1)];
		ns[RND() % sizeof(ns)] = '\0';
		ns[sizeof(ns) - 1] = '\0';
		for (j = 0; j < sizeof(nm) - 1; j++)
			nm[j] = alphabet[RND() % (sizeof(alphabet) - 1)];
		nm[sizeof(nm) - 1] = '\0';
		if (strchr(grp, '/'))
			continue; /* a group never holds '/': the version follows it */
		snprintf(api, sizeof(api), "%s%sv1", grp, *grp ? "/" : "");
		/* the kind is compared lowercased: kinds differ by more than case */
		for (j = 0; kind[j]; j++)
			if (kind[j] == 'K')
				kind[j] = 'k';
		snprintf(keys[n], sizeof(keys[n]), "%s|%s|%s|%s", grp, kind, ns, nm);
		seen[n] = name(api, kind, ns, nm);
		n++;
	}
	for (i = 0; i < n; i++)
		for (k = i + 1; k < n; k++)
			if (strcmp(keys[i], keys[k]) != 0)
				FC_CHECK(strcmp(seen[i], seen[k]) != 0);
	for (i = 0; i < n; i++)
		fc_xfree(seen[i]);
}

const struct fc_test fc_outdir_tests[] = {
	{ "outdir__layout", test_outdir__layout },
	{ "outdir__escaping", test_outdir__escaping },
	{ "outdir__long_names", test_outdir__long_names },
	{ "outdir__injective", test_outdir__injective },
	{ NULL, NULL },
};
