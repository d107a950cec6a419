export function CasesScreen() {
  return <section aria-label="案件"><h1>案件</h1></section>;
}
