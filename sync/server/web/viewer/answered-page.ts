/**
 * A page the office answered to an upload, in place of this one: a refused upload answers its form's page with the
 * reason under a 4xx, not a redirect to follow. Its scripts are not run; the form in it posts as without script.
 */
export function showAnswer(text: string): void {
  const answered = new DOMParser().parseFromString(text, 'text/html');
  document.title = answered.title;
  document.body.replaceWith(answered.body);
}
