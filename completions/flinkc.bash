# SPDX-License-Identifier: Apache-2.0
# bash completion for flinkc: commands, each command's options, option
# values, and files (*.yaml, *.yml, *.json and directories) for inputs.
# Installed as share/bash-completion/completions/flinkc by make install;
# checked by scripts/test-cli.sh against every command's --help.

_flinkc()
{
	local cur prev cmd opts
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	local commands="render validate explain schema check diff plan hash argocd-generate version"

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return 0
	fi
	cmd=${COMP_WORDS[1]}
	local common="--error-format --max-errors --defaults --namespace --allow-unknown-fields --verbose -j --jobs -h --help"
	case $cmd in
	render) opts="--format -o --output --prune --digest --post-render --allow-empty --crd $common" ;;
	validate) opts="--crd $common" ;;
	check) opts="--golden --update --format --allow-empty $common" ;;
	diff) opts="--live --format $common" ;;
	plan) opts="--format --base $common" ;;
	hash) opts="--error-format --max-errors -h --help" ;;
	schema) opts="--kind -h --help" ;;
	explain | argocd-generate | version) opts="-h --help" ;;
	*) return 0 ;;
	esac

	case $prev in
	--format)
		if [ "$cmd" = diff ]; then
			COMPREPLY=($(compgen -W "text json" -- "$cur"))
		elif [ "$cmd" = plan ]; then
			COMPREPLY=($(compgen -W "text markdown json" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "yaml json" -- "$cur"))
		fi
		return 0 ;;
	--error-format)
		COMPREPLY=($(compgen -W "text json github sarif" -- "$cur"))
		return 0 ;;
	--kind)
		COMPREPLY=($(compgen -W "FlinkDeployment FlinkSessionJob" -- "$cur"))
		return 0 ;;
	-o | --output | --golden)
		COMPREPLY=($(compgen -d -- "$cur"))
		return 0 ;;
	--max-errors | --namespace | -j | --jobs)
		return 0 ;;
	--defaults | --crd | --live | --base)
		COMPREPLY=($(compgen -f -X '!*.@(yaml|yml|json)' -- "$cur") $(compgen -d -- "$cur"))
		return 0 ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return 0
	fi
	case $cmd in
	explain | version | schema) return 0 ;;
	argocd-generate) COMPREPLY=($(compgen -d -- "$cur")) ;;
	*) COMPREPLY=($(compgen -f -X '!*.@(yaml|yml|json)' -- "$cur") $(compgen -d -- "$cur")) ;;
	esac
	return 0
}
shopt -s extglob
complete -o filenames -F _flinkc flinkc
