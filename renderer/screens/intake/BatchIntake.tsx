export function BatchIntake() {
  return <section aria-label="企业批量"><h1>企业批量</h1></section>;
}
