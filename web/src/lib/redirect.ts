/** A same-site path to go to after signing in; anything else (other sites, `//host`) is `/`. */
export function safeRedirect(value: unknown): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}
