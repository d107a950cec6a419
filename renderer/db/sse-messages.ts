/**
 * Reads a server-sent-events body and hands over each message (the text between blank lines) as it
 * completes. Resolves when the stream ends; rejects when the connection fails.
 */
export async function forEachSseMessage(body: NonNullable<Response['body']>, onMessage: (message: string) => void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      onMessage(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
      cut = buffer.indexOf('\n\n');
    }
  }
}
