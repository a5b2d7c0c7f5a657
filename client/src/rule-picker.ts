import * as vscode from 'vscode';

interface RuleSchema {
  description?: string;
  markdownDescription?: string;
}

/**
 * Lets the user pick a rule ID. The list comes from the extension's own generated settings
 * schema (`kubeHardener.rules`), so the client needs no copy of the rule catalog.
 */
export async function pickRuleId(context: vscode.ExtensionContext, only?: string[]): Promise<string | undefined> {
  const all = ruleItems(context);
  const items = only ? only.map((id) => all.find((item) => item.label === id) ?? { label: id }) : all;
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Kube Hardener: Show Rule Documentation',
    placeHolder: 'Rule ID or title',
    matchOnDescription: true,
  });
  return picked?.label;
}

function ruleItems(context: vscode.ExtensionContext): vscode.QuickPickItem[] {
  const configuration = context.extension.packageJSON?.contributes?.configuration;
  const sections: any[] = Array.isArray(configuration) ? configuration : [configuration];
  for (const section of sections) {
    const rules = section?.properties?.['kubeHardener.rules']?.properties as Record<string, RuleSchema> | undefined;
    if (rules) {
      return Object.entries(rules).map(([id, schema]) => ({ label: id, description: schema.description ?? schema.markdownDescription }));
    }
  }
  return [];
}
