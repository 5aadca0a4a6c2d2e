/* SPDX-License-Identifier: Apache-2.0 */
/* model.h - the typed job model that lower.c builds and the emitters read.
 *
 * One struct fc_job per FlinkDeployment, one struct fc_sessionjob per
 * FlinkSessionJob (lower_sessionjob.c).  Everything an emitter needs is
 * resolved here already (ports, labels, service accounts, resources), so
 * emitters only assemble objects and never parse configuration strings.
 */
#ifndef FC_MODEL_H
#define FC_MODEL_H

#include "base.h"
#include "flinkconf.h"
#include "node.h"

enum fc_mode { FC_MODE_NATIVE, FC_MODE_STANDALONE };

/* switches for optional objects and defaults (struct fc_job.features; features.c) */
#define FC_FEATURE_NETWORKPOLICY (1u << 0) /* NetworkPolicy <name>-flink */
#define FC_FEATURE_PDB (1u << 1)           /* PodDisruptionBudget for HA JobManagers */
#define FC_FEATURE_SECURITY (1u << 2)      /* default pod and container security contexts */
#define FC_FEATURE_PLATFORM_IDS (1u << 3)  /* ... without runAsUser, runAsGroup, fsGroup (security.c) */
#define FC_FEATURES_DEFAULT FC_FEATURE_SECURITY

/* a file shipped in ConfigMap flink-config-X */
struct fc_file {
	const char *name;
	const char *data;
	size_t len;
};

/* one side of the cluster: JobManager or TaskManager */
struct fc_side {
	const char *service_account;  /* resolved */
	struct fc_node *template_;    /* merged pod template (a Pod map) or NULL */
	struct fc_node *labels;       /* kubernetes.<side>.labels, MAP of STR */
	struct fc_node *annotations;  /* kubernetes.<side>.annotations */
	struct fc_node *node_selector;
	struct fc_node *tolerations;  /* SEQ of toleration maps */
	struct fc_node *env;          /* SEQ of {name, value} from containerized.<side>.env.* */
	const char *entrypoint_args;
	uint64_t memory_mb;           /* process memory in MiB, 0 if unknown */
	double cpu;                   /* cpu.amount */
	double cpu_limit_factor, memory_limit_factor;
	int replicas;
	/* the container port the PodMonitor scrapes on this side's pods, set
	 * where the port is added (lower.c: native TaskManager template;
	 * emit_deployment.c: the Deployments); NULL when none */
	const char *metrics_port_name;
};

struct fc_job {
	const char *name, *namespace_;
	struct fc_loc loc;            /* the document (kind: line) */
	struct fc_node *doc;          /* the input document */
	int version;                  /* flinkVersion as major*100+minor: 115 .. 204 */
	const char *version_name;     /* "v2_2" */
	enum fc_mode mode;
	bool application;             /* spec.job present */
	bool ha;                      /* high availability active */
	bool host_network;

	struct fc_conf conf;          /* the configuration shipped to the cluster */
	const char *conf_file;        /* "flink-conf.yaml" or "config.yaml" */
	struct fc_file logs[2];       /* logback-console.xml, log4j-console.properties (name NULL = absent) */

	const char *image, *pull_policy;
	struct fc_node *pull_secrets; /* SEQ of {name} */
	struct fc_node *secrets;      /* SEQ of {name, path} from kubernetes.secrets */
	struct fc_node *env_secrets;  /* SEQ of env entries from kubernetes.env.secretKeyRef */
	const char *hadoop_conf_map;  /* kubernetes.hadoop.conf.config-map.name or NULL */
	const char *log_dir;          /* kubernetes.flink.log.dir or NULL */
	const char *conf_dir;         /* kubernetes.flink.conf.dir */
	const char *artifacts_dir;    /* user.artifacts.base-dir */
	const char *entry_path;       /* kubernetes.entry.path */
	int rest_port, rest_bind_port, rpc_port, blob_port, tm_rpc_port;
	const char *rest_type;        /* ClusterIP, NodePort, LoadBalancer, Headless_ClusterIP */
	struct fc_node *rest_annotations, *internal_annotations;
	struct fc_node *rest_labels, *internal_labels; /* applied from Flink 2.2 (facts E2) */

	/* application mode: what standalone's "standalone-job" arguments need */
	const char *entry_class;      /* spec.job.entryClass or NULL */
	bool allow_non_restored;      /* spec.job.allowNonRestoredState is true */
	struct fc_node *job_args;     /* SEQ of STR: spec.job.args */
	const char *savepoint_path;   /* execution.savepoint.path or NULL */

	/* Prometheus reporter (Part 3): 0 when none is configured */
	int metrics_port;

	struct fc_side jm, tm;
	struct fc_node *tm_template_file; /* the TM pod template shipped in pod-template-X, or NULL */

	unsigned features;            /* FC_FEATURE_* bits (features.c) */
	struct fc_node *rest_peers;   /* NetworkPolicy peers allowed to reach REST; NULL = own namespace */

	/* set by an emitter for the emitters after it (emit.c's table is in that order) */
	const char *config_hash;      /* emit_configmap.c: over the ConfigMaps the pods mount */
	const char *jm_hash, *tm_hash; /* emit_deployment.c: the Deployments' content hashes (emit_hook.c) */
	struct fc_node *native_tm_pod; /* emit_deployment.c, native mode while a plan is collected
	                                * (opts->plan): the TaskManager pod spec the JobManager
	                                * creates, which no manifest holds (plan.c) */
};

/* a string that may hold NUL bytes (YAML's "\0"): len bytes at ptr */
struct fc_bytes {
	const char *ptr;
	size_t len;
};

/* One FlinkSessionJob, lowered by fc_lower_sessionjob (lower_sessionjob.c)
 * for emit_job.c, which reads nothing else of the input.  Every check of
 * the document and of its target was made while lowering. */
struct fc_sessionjob {
	const char *name, *namespace_; /* namespace_: metadata.namespace, else "default" */
	struct fc_loc loc;             /* the document (kind: line) */
	const char *deployment;        /* spec.deploymentName: the session cluster */

	/* the session cluster as the operator's client for this job sees it:
	 * its flinkConfiguration (when it is in the input set) overlaid with
	 * the job's (FlinkConfigManager.getSessionJobConfig) */
	const char *rest;              /* "<scheme>://<deployment>-rest.<namespace>:<rest.port>" */
	bool rest_tls;                 /* the scheme is https (security.ssl.rest.enabled) */
	const char *savepoint_dir;     /* execution.checkpointing.savepoint-dir or an alias, or NULL */

	/* spec.job */
	bool suspended;                /* state: suspended: no submitter, only the stop hook */
	const char *jar_uri;           /* NULL when suspended */
	struct fc_bytes entry_class;   /* ptr NULL when absent */
	struct fc_bytes *args;         /* args[0..nargs) */
	size_t nargs;
	const char *parallelism;       /* its text when > 0 (the operator sends only that), else NULL */
	const char *allow_non_restored; /* allowNonRestoredState's boolean as written, or NULL */
	const char *upgrade_mode;      /* "stateless" when absent */
	const char *initial_savepoint; /* initialSavepointPath or NULL */
	struct fc_conf conf;           /* spec.flinkConfiguration flattened: sent with the run */
	const char *job_id;            /* the Flink job id, 32 hex digits (lower_sessionjob.c) */

	/* annotations */
	const char *submitter_image;   /* flinkc.io/submitter-image (pinned), or NULL */
	const char *ca_secret;         /* flinkc.io/submitter-ca-secret, or NULL */
	bool stop_on_delete;           /* flinkc.io/stop-on-delete: "true" */
};

#endif
