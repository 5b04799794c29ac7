import { AppError } from './app-error.js'

/** 428: a change to a versioned resource came without If-Match. */
export class PreconditionRequiredError extends AppError {
  constructor(resource: string) {
    super(
      428,
      'precondition-required',
      'Precondition required',
      `Changing ${resource} needs an If-Match header with the ETag you read, so that nobody's edit is overwritten unseen. GET it, take its ETag response header (e.g. "3") and send it as If-Match.`,
    )
  }
}

/** 412: the If-Match version is not the current one (someone saved in between). */
export class PreconditionFailedError extends AppError {
  constructor(resource: string, current: number) {
    super(
      412,
      'precondition-failed',
      'Precondition failed',
      `The ${resource} has changed since you read it: it is now at version ${current}. Fetch it, reapply your change and send its new ETag.`,
      { currentVersion: current },
    )
  }
}
