/** The text `kube-hardener --help` prints. */
export const USAGE = `Usage: kube-hardener scan [options] [PATH...]
       kube-hardener rules
       kube-hardener rbac who-can VERB RESOURCE [-n NS] | rbac can SUBJECT [PATH...]

Finds security misconfigurations in Kubernetes YAML and fixes what it safely can.

Commands:
  scan [PATH...]              check files and folders (default: .); folders are searched
                              for *.yaml and *.yml, skipping .git and node_modules;
                              "-" reads standard input
  rules                       list the rules: id, default severity, title
  rbac who-can|can ...        explain RBAC permissions, derived grants included
                              (see kube-hardener rbac --help)

Options for scan:
  -f, --format FORMAT         stylish (default), json or sarif
      --fix                   apply safe fixes to the files in place
      --unsafe-fixes          with --fix, apply unsafe fixes too
      --profile PROFILE       Pod Security profile: baseline or restricted (default)
      --rule ID=LEVEL         set a rule to off, error, warning, info or hint (repeatable)
  -c, --config FILE           use this config file instead of the nearest
                              .kube-hardener.yaml at or above the first path
      --kubernetes-version X.Y  the cluster version the version-dependent rules target
      --fail-on LEVEL         exit 1 when a finding at or above LEVEL remains:
                              error, warning (default), info, hint or never
      --no-context            read only the named files; by default, when only files
                              are named, the other YAML files of their project (the
                              folder above them holding .git or .kube-hardener.yaml)
                              are read as context, not checked
  -h, --help                  show this help
  -v, --version               show the version

Options on the command line win over the config file. The config file's exclude
patterns (relative to its folder) apply to named files too.
With --fix, standard input's fixed text goes to standard output and the report to
standard error.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage, input or configuration error.
`;
