/**
 * An error caused by the input rather than by hanok: bad configuration, a construct refusing its props, or output
 * that fails a check. The command line prints its message, without a stack trace, and exits non-zero.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
