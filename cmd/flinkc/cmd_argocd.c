/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_argocd.c - `flinkc argocd-generate [DIR]`: the generate command of the
 * Argo CD Config Management Plugin (integrations/argocd/plugin.yaml).
 *
 * Argo CD runs it in the application's source directory with its build
 * environment (facts/gitops.md §1.4) and takes standard output as the
 * manifests (§1.5).  So standard output holds the whole stream or nothing;
 * any problem exits non-zero with a short message on standard error, and
 * zero objects is an error, never an empty success that auto-prune would
 * act on (§0.1, §1.6).  SIGTERM (Argo CD's deadline, §1.7) ends the run
 * with a message and nothing on standard output.
 *
 * Settings, highest precedence first: the parameters in
 * ARGOCD_APP_PARAMETERS (a JSON array, read with jansson; Argo CD sends
 * only the parameters the Application sets, never the announced defaults,
 * §1.4), then ARGOCD_ENV_FLINKC_* (the Application's plugin env), then Argo
 * CD's own ARGOCD_APP_NAMESPACE and KUBE_VERSION.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
	"usage: flinkc argocd-generate [DIR]\n"
	"\n"
	"The generate command of the Argo CD Config Management Plugin: renders DIR\n"
	"(default: the current directory, the application's source path) as\n"
	"'flinkc render' does and writes the YAML stream to stdout.  Settings come\n"
	"from the environment Argo CD sets, highest precedence first:\n"
	"\n"
	"  ARGOCD_APP_PARAMETERS   JSON array of the Application's plugin parameters:\n"
	"                          defaults, namespace, kube-version (strings)\n"
	"  ARGOCD_ENV_FLINKC_DEFAULTS, ARGOCD_ENV_FLINKC_NAMESPACE,\n"
	"  ARGOCD_ENV_FLINKC_KUBE_VERSION   the same, from the Application's plugin env\n"
	"  ARGOCD_APP_NAMESPACE    namespace for objects that name none, unless the\n"
	"                          defaults document sets one\n"
	"  KUBE_VERSION            the destination cluster's Kubernetes version\n"
	"\n"
	"defaults is a path relative to DIR that stays inside the repository (its\n"
	"'..' may climb ARGOCD_APP_SOURCE_PATH); namespace wins over the defaults\n"
	"document's.  No objects, any error or SIGTERM: nothing on stdout, a message\n"
	"on stderr, non-zero exit.\n"
	"\n"
	"exit status: 0 ok, 1 invalid input or settings, 2 usage, 3 I/O or internal\n"
	"error, 143 terminated by SIGTERM\n";

enum { P_DEFAULTS = FC_ARGOCD_DEFAULTS, P_NAMESPACE = FC_ARGOCD_NAMESPACE,
       P_KUBE_VERSION = FC_ARGOCD_KUBE_VERSION, NPARAMS = FC_ARGOCD_NPARAMS };

/* the environment variables of the plugin's parameters (plugin.yaml's
 * parameters.static), from the Application's spec.source.plugin.env */
static const char *const param_env[NPARAMS] = {
	[P_DEFAULTS] = "ARGOCD_ENV_FLINKC_DEFAULTS",
	[P_NAMESPACE] = "ARGOCD_ENV_FLINKC_NAMESPACE",
	[P_KUBE_VERSION] = "ARGOCD_ENV_FLINKC_KUBE_VERSION",
};

/* a setting and where it came from, for messages */
struct setting {
	const char *value; /* NULL: not set */
	char from[64];     /* "parameter \"namespace\"", "ARGOCD_ENV_FLINKC_NAMESPACE" */
};

static void on_sigterm(int sig)
{
	static const char msg[] = "flinkc: error[E1004]: terminated by SIGTERM (Argo CD's deadline for "
	                          "manifest generation?); the exit status tells Argo CD to discard "
	                          "the output\n";
	ssize_t n = write(STDERR_FILENO, msg, sizeof(msg) - 1);

	(void)n;
	_exit(128 + sig);
}

/* "WHERE: error[CODE]: message" on stderr; returns FC_INVALID */
static int fail(const char *where, const char *code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: error[%s]: ", where, code);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return FC_INVALID;
}

/* the parameters in ARGOCD_APP_PARAMETERS (json.c reads them); *p holds
 * them: fc_json_argocd_params_fini it */
static int read_params(struct setting *set, struct fc_argocd_params *p)
{
	size_t k;

	if (fc_json_argocd_params(p, getenv("ARGOCD_APP_PARAMETERS")) != FC_OK) {
		fprintf(stderr, "%s\n", p->error);
		return FC_INVALID;
	}
	for (k = 0; k < NPARAMS; k++) {
		if (!p->value[k])
			continue;
		set[k].value = p->value[k];
		snprintf(set[k].from, sizeof(set[k].from), "parameter \"%s\"", fc_json_argocd_names[k]);
	}
	return 0;
}

/* v?MAJOR.MINOR[.PATCH][-PRE][+META]; 0 and the version as major*1000+minor, or -1 */
static long kube_version(const char *s)
{
	long part[3] = { 0, 0, 0 };
	int n = 0;

	if (*s == 'v')
		s++;
	while (n < 3) {
		char *end;
		if (*s < '0' || *s > '9')
			return -1;
		part[n++] = strtol(s, &end, 10);
		if (end - s > 4)
			return -1;
		s = end;
		if (*s != '.')
			break;
		s++;
	}
	if (n < 2 || (*s && *s != '-' && *s != '+'))
		return -1;
	return part[0] * 1000 + part[1];
}

/* the number of directories "a/./b/.." goes down, or -1 if it goes above where it starts */
static int depth(const char *p, int d)
{
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 2 && strncmp(p, "..", 2) == 0)
			d--;
		else if (n && !(n == 1 && *p == '.'))
			d++;
		if (d < 0)
			return -1;
		p += n;
		p += *p == '/';
	}
	return d;
}

/* p, relative to the application's directory, stays inside the repository
 * checkout Argo CD unpacked: ARGOCD_APP_SOURCE_PATH is the application's
 * directory in it (§1.3), so "../" may climb that many levels */
static bool inside(const char *p)
{
	const char *src = getenv("ARGOCD_APP_SOURCE_PATH");
	int d = src ? depth(src, 0) : 0;

	return *p && *p != '/' && d >= 0 && depth(p, d) >= 0;
}

/* parameters, then ARGOCD_ENV_FLINKC_*; then check the values */
static int settings(struct setting *set, struct fc_argocd_params *json)
{
	size_t k;
	long v;
	int rc = read_params(set, json);

	if (rc)
		return rc;
	for (k = 0; k < NPARAMS; k++) {
		const char *e = getenv(param_env[k]);
		if (set[k].value || !e || !*e)
			continue;
		set[k].value = e;
		snprintf(set[k].from, sizeof(set[k].from), "%s", param_env[k]);
	}
	if (!set[P_KUBE_VERSION].value && getenv("KUBE_VERSION") && *getenv("KUBE_VERSION")) {
		set[P_KUBE_VERSION].value = getenv("KUBE_VERSION");
		snprintf(set[P_KUBE_VERSION].from, sizeof(set[P_KUBE_VERSION].from), "KUBE_VERSION");
	}
	if (set[P_DEFAULTS].value && !inside(set[P_DEFAULTS].value))
		rc = fail(set[P_DEFAULTS].from, "E1001",
		          "'%s': expected a path relative to the application's directory that stays inside "
		          "the repository",
		          set[P_DEFAULTS].value);
	if (set[P_NAMESPACE].value && !fc_cli_namespace_ok(set[P_NAMESPACE].value))
		rc = fail(set[P_NAMESPACE].from, "E1001",
		          "'%s' is not a namespace name (lowercase letters, digits and '-', at most 63, "
		          "starting and ending alphanumeric)",
		          set[P_NAMESPACE].value);
	if (set[P_KUBE_VERSION].value) {
		v = kube_version(set[P_KUBE_VERSION].value);
		if (v < 0)
			rc = fail(set[P_KUBE_VERSION].from, "E1001",
			          "'%s' is not a Kubernetes version; expected MAJOR.MINOR[.PATCH], e.g. 1.30.4",
			          set[P_KUBE_VERSION].value);
		else if (v < 1029)
			fprintf(stderr,
			        "%s: warning[W1001]: Kubernetes %s is older than 1.29; flinkc's output is "
			        "checked against the schemas of 1.29 to 1.31\n",
			        set[P_KUBE_VERSION].from, set[P_KUBE_VERSION].value);
	}
	return rc;
}

static int generate(const char *dir)
{
	struct setting set[NPARAMS];
	struct fc_argocd_params json;
	struct fc_options opts;
	struct fc_result *res = NULL;
	const char *inputs[1] = { dir };
	const char *app_ns = getenv("ARGOCD_APP_NAMESPACE");
	int status;

	memset(set, 0, sizeof(set));
	memset(&json, 0, sizeof(json));
	memset(&opts, 0, sizeof(opts));
	status = settings(set, &json);
	if (status == FC_OK && app_ns && *app_ns && !fc_cli_namespace_ok(app_ns))
		status = fail("ARGOCD_APP_NAMESPACE", "E1001", "'%s' is not a namespace name", app_ns);
	if (status != FC_OK)
		goto out;
	opts.inputs = inputs;
	opts.ninputs = 1;
	opts.format = FC_FORMAT_YAML;
	opts.max_errors = 10; /* Argo CD shows stderr in its UI: keep it short */
	opts.defaults_file = set[P_DEFAULTS].value;
	opts.namespace_ = set[P_NAMESPACE].value;
	opts.fallback_namespace = app_ns && *app_ns ? app_ns : NULL;
	status = fc_compile(&res, &opts);
	fc_cli_diags(res, FC_DIAG_TEXT);
	if (status == FC_OK && fc_result_nobjects(res) == 0)
		status = fail("flinkc", "E0004",
		              "no Kubernetes objects rendered from '%s'; an empty stream would let Argo CD "
		              "prune the whole application",
		              dir);
	if (status == FC_OK && fc_result_write(res, stdout) != FC_OK) {
		fail("flinkc", "E0005", "cannot write the output");
		status = FC_IOERR;
	}
out:
	fc_result_free(res);
	fc_json_argocd_params_fini(&json);
	return status;
}

int fc_cli_argocd(int argc, char **argv)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigterm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
		return fputs(usage, stdout), 0;
	if (argc > 2)
		return fc_cli_usage_error("%s", "argocd-generate takes at most one directory");
	if (argc == 2 && argv[1][0] == '-')
		return fc_cli_usage_error("unknown option '%s'", argv[1]);
	return generate(argc == 2 ? argv[1] : ".");
}
