// Extension entry point (issue 4).
export function activate(): void {}
export function deactivate(): void {}
