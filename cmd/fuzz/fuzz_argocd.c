/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_argocd - fuzz harness: any bytes (up to the first NUL: an
 * environment variable) as Argo CD's ARGOCD_APP_PARAMETERS, read by
 * fc_json_argocd_params as `flinkc argocd-generate` reads it; see fuzz.h.
 * Checked: success and an error message exclude each other, and every
 * value read is a string. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static volatile size_t sink;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *text = malloc(size + 1);
	struct fc_argocd_params p;
	enum fc_status st;
	size_t k, n = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	st = fc_json_argocd_params(&p, text);
	if ((st == FC_OK) != (p.error == NULL) || (st != FC_OK && st != FC_INVALID))
		abort();
	for (k = 0; k < FC_ARGOCD_NPARAMS; k++)
		if (p.value[k])
			n += strlen(p.value[k]); /* a string ASan can read to its end */
	if (p.error && strncmp(p.error, "ARGOCD_APP_PARAMETERS", 21) != 0)
		abort();
	fc_json_argocd_params_fini(&p);
	free(text);
	sink = n;
	return 0;
}
