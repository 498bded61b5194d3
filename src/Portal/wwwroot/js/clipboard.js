// Copies text to the clipboard for the pages' copy buttons (a module of its own: the CSP allows only 'self' scripts).
export async function copy(text) {
  await navigator.clipboard.writeText(text);
}
