import { ValidationError } from '../../errors/app-error.js'
import { unsafeUrlReason } from '../../schemas/public-url.js'

/**
 * Refuses a target URL early, with a field error: https unless http is allowed, no credentials,
 * and (unless private addresses are allowed) no host that is plainly not public. The address a
 * name resolves to is checked again at every delivery (delivery/safe-dispatcher.ts).
 */
export function checkWebhookUrl(
  raw: string,
  { allowHttp, allowPrivateAddresses }: { allowHttp: boolean; allowPrivateAddresses: boolean },
): void {
  let reason: string | undefined
  if (!allowPrivateAddresses) reason = unsafeUrlReason(raw, { httpsOnly: !allowHttp })
  else {
    let url: URL | undefined
    try {
      url = new URL(raw)
    } catch {}
    if (!url || !(allowHttp ? /^https?:$/ : /^https:$/).test(url.protocol))
      reason = allowHttp ? 'Must be an absolute http(s) URL' : 'Must be an absolute https URL'
    else if (url.username || url.password) reason = 'Must not contain a user name or password'
  }
  if (reason && !allowHttp && /^http:/i.test(raw))
    reason = 'Must be an https URL (http is allowed only when the operator sets WEBHOOK_ALLOW_HTTP)'
  if (reason)
    throw new ValidationError(`The webhook URL is refused: ${reason}.`, [
      { path: 'url', message: reason },
    ])
}
