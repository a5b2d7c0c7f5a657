// VS Code entry point: replaced by the LanguageClient wiring of issue 3.
export function activate(): void {}
export function deactivate(): void {}
