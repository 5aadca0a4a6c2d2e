/* SPDX-License-Identifier: Apache-2.0 */
/* cmd/unit - runs every compiler/<mod>_test.c table; last line "N passed, N failed". */
#include <stdio.h>

#include "test.h"

/* one line per module with unit tests */
extern const struct fc_test fc_yaml_tests[];
extern const struct fc_test fc_yamlw_tests[];
extern const struct fc_test fc_units_tests[];
extern const struct fc_test fc_flinkconf_tests[];
extern const struct fc_test fc_effconf_tests[];
extern const struct fc_test fc_rules_tests[];
extern const struct fc_test fc_security_tests[];
extern const struct fc_test fc_podspec_tests[];
extern const struct fc_test fc_features_tests[];
extern const struct fc_test fc_script_tests[];
extern const struct fc_test fc_options_tests[];
extern const struct fc_test fc_schemadoc_tests[];
extern const struct fc_test fc_textdiff_tests[];
extern const struct fc_test fc_outdir_tests[];
extern const struct fc_test fc_drift_tests[];
extern const struct fc_test fc_regex_tests[];
extern const struct fc_test fc_schema_tests[];
extern const struct fc_test fc_validate_tests[];
extern const struct fc_test fc_hashes_tests[];
extern const struct fc_test fc_placeholder_tests[];
extern const struct fc_test fc_lifecycle_tests[];
extern const struct fc_test fc_plan_tests[];
extern const struct fc_test fc_json_tests[];
extern const struct fc_test fc_text_tests[];
extern const struct fc_test fc_arena_tests[];
extern const struct fc_test fc_source_tests[];
extern const struct fc_test fc_buf_tests[];

static const struct fc_test *const tables[] = {
	fc_yaml_tests,
	fc_yamlw_tests,
	fc_units_tests,
	fc_flinkconf_tests,
	fc_effconf_tests,
	fc_rules_tests,
	fc_security_tests,
	fc_podspec_tests,
	fc_features_tests,
	fc_script_tests,
	fc_options_tests,
	fc_schemadoc_tests,
	fc_textdiff_tests,
	fc_outdir_tests,
	fc_drift_tests,
	fc_regex_tests,
	fc_schema_tests,
	fc_plan_tests,
	fc_validate_tests,
	fc_hashes_tests,
	fc_placeholder_tests,
	fc_lifecycle_tests,
	fc_json_tests,
	fc_text_tests,
	fc_arena_tests,
	fc_source_tests,
	fc_buf_tests,
};

int main(void)
{
	int passed = 0, failed = 0, skipped = 0;
	size_t i;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		const struct fc_test *t;
		for (t = tables[i]; t->name; t++) {
			int failures = 0;
			t->fn(&failures);
			if (failures == FC_SKIPPED) {
				skipped++;
			} else if (failures) {
				fprintf(stderr, "FAIL %s\n", t->name);
				failed++;
			} else {
				passed++;
			}
		}
	}
	printf("unit: %d passed, %d failed", passed, failed);
	if (skipped)
		printf(", %d skipped", skipped);
	printf("\n");
	return failed ? 1 : 0;
}
