export function IntakeFlow(_props: { appointment: unknown; onDone: () => void }) {
  return <section aria-label="受理"><h1>受理</h1></section>;
}
