// The command IDs of the protocol between the VS Code client and the server. No imports: the
// client bundle includes this file, so both sides use the same IDs without a copy to drift.

/** The command IDs the server executes (workspace/executeCommand). */
export const COMMANDS = {
  scanWorkspace: 'kubeHardener.scanWorkspace',
  fixAllInFile: 'kubeHardener.fixAllInFile',
  showRuleDocs: 'kubeHardener.showRuleDocs',
  fileSummary: 'kubeHardener.fileSummary',
  explainRbac: 'kubeHardener.explainRbac',
  applyRoleBindingConversion: 'kubeHardener.applyRoleBindingConversion',
} as const;

/** Commands a client may run itself (UI the server cannot show); it lists those it has in `initializationOptions.clientCommands`. */
export const CLIENT_COMMANDS = {
  convertToRoleBinding: 'kubeHardener.convertToRoleBinding',
  /** Takes a list of rule IDs: the user picks one and its documentation opens. */
  pickRuleDocs: 'kubeHardener.openRuleDocs',
} as const;
