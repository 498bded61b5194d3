// Remembers the theme the user picked for a year (read back by the server on the next page load).
export function remember(choice) {
  document.cookie = `portal-theme=${encodeURIComponent(choice)}; path=/; max-age=31536000; samesite=lax`;
}
