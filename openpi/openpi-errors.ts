/** Anything that went wrong talking to an openpi policy server. */
export class OpenpiError extends Error {
  override name = 'OpenpiError';
}

/** The server's policy raised: openpi sends the traceback as a text frame, then closes (1011). */
export class OpenpiServerError extends OpenpiError {
  override name = 'OpenpiServerError';
  constructor(readonly traceback: string) {
    super(`the policy server reported an error:\n${traceback}`);
  }
}

/** The connection could not be opened, or closed before an answer arrived. */
export class OpenpiConnectionError extends OpenpiError {
  override name = 'OpenpiConnectionError';
  constructor(
    message: string,
    /** The websocket close code, or the HTTP status that refused the upgrade, when known. */
    readonly code: number | null = null,
  ) {
    super(message);
  }
}

/** The server sent something the protocol does not allow (an unasked-for frame, not a map). */
export class OpenpiProtocolError extends OpenpiError {
  override name = 'OpenpiProtocolError';
}

export class OpenpiTimeoutError extends OpenpiError {
  override name = 'OpenpiTimeoutError';
}
